import { describe, expect, it } from 'vitest';
import { dueOn, dueState, elapsed, localDate } from './deadlines';

const AKL = 'Pacific/Auckland';

describe('deadlines in an LMG’s timezone', () => {
	it('takes the local date, not the UTC one', () => {
		// 11:30 UTC on 22 Nov is 00:30 on 23 Nov in Auckland (NZDT, UTC+13).
		expect(localDate(new Date('2026-11-22T11:30:00Z'), AKL)).toBe('2026-11-23');
		expect(localDate(new Date('2026-11-22T11:30:00Z'), 'Pacific/Chatham')).toBe('2026-11-23');
		expect(localDate(new Date('2026-11-22T10:30:00Z'), AKL)).toBe('2026-11-22');
	});

	it('counts working days over a weekend', () => {
		// Friday 27 Nov 2026 (local) + 5 working days = Friday 4 Dec.
		const friday = new Date('2026-11-26T21:00:00Z'); // 10:00 Fri 27 Nov in Auckland
		expect(dueOn(friday, { amount: 5, unit: 'working_days' }, AKL)).toBe('2026-12-04');
		expect(dueOn(friday, { amount: 5, unit: 'days' }, AKL)).toBe('2026-12-02');
		const nextTuesday = new Date('2026-11-30T21:00:00Z'); // 10:00 Tue 1 Dec
		expect(elapsed(friday, nextTuesday, 'working_days', AKL)).toBe(2);
		expect(elapsed(friday, nextTuesday, 'days', AKL)).toBe(4);
	});

	it('says overdue the day after the due date, due soon within two days', () => {
		const at = (iso: string) => new Date(iso);
		expect(dueState('2026-12-04', at('2026-11-30T21:00:00Z'), AKL)).toBe('on_track'); // 1 Dec
		expect(dueState('2026-12-04', at('2026-12-01T21:00:00Z'), AKL)).toBe('due_soon'); // 2 Dec
		expect(dueState('2026-12-04', at('2026-12-04T10:00:00Z'), AKL)).toBe('due_soon'); // 23:00 on 4 Dec
		expect(dueState('2026-12-04', at('2026-12-04T11:00:00Z'), AKL)).toBe('overdue'); // 00:00 on 5 Dec
	});
});
