import { addMonths, format, parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { dateMonthsAfter, retentionDates } from './retention.service';

describe('retention dates', () => {
	it('keeps the day of the month, or the month’s last day when it has no such day', () => {
		expect(dateMonthsAfter('2026-11-23', 12)).toBe('2027-11-23');
		expect(dateMonthsAfter('2026-11-23', 84)).toBe('2033-11-23');
		expect(dateMonthsAfter('2026-01-31', 1)).toBe('2026-02-28');
		expect(dateMonthsAfter('2027-12-31', 2)).toBe('2028-02-29');
		expect(dateMonthsAfter('2028-02-29', 12)).toBe('2029-02-28');
		expect(dateMonthsAfter('2026-12-15', 1)).toBe('2027-01-15');
	});

	it('agrees with date-fns’s addMonths on every day of five years, for spans from 1 to 120 months', () => {
		const differences: string[] = [];
		for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2029, 0, 1); day += 86_400_000) {
			const date = new Date(day).toISOString().slice(0, 10);
			for (const months of [1, 6, 11, 12, 13, 24, 59, 84, 120]) {
				const expected = format(addMonths(parseISO(date), months), 'yyyy-MM-dd');
				if (dateMonthsAfter(date, months) !== expected) differences.push(`${date} + ${months}`);
			}
		}
		expect(differences).toEqual([]);
	});

	it('counts from the local date of closure, and is due the day after the last day kept', () => {
		// 11:30 UTC on 23 November is 00:30 on the 24th in Auckland and the Chatham Islands.
		const closedAt = new Date('2026-11-23T11:30:00Z');
		expect(retentionDates(closedAt, 12, 'Pacific/Auckland')).toEqual({ closedOn: '2026-11-24', keptUntil: '2027-11-24', dueSince: '2027-11-25' });
		expect(retentionDates(closedAt, 12, 'Pacific/Chatham')).toEqual({ closedOn: '2026-11-24', keptUntil: '2027-11-24', dueSince: '2027-11-25' });
		expect(retentionDates(closedAt, 12, 'UTC')).toEqual({ closedOn: '2026-11-23', keptUntil: '2027-11-23', dueSince: '2027-11-24' });
		expect(retentionDates(new Date('2026-12-31T00:00:00Z'), 12, 'Pacific/Auckland').dueSince).toBe('2028-01-01');
	});
});
