import { tz, tzOffset } from '@date-fns/tz';
import { addWeeks, differenceInBusinessDays, format, startOfDay } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { dueOn, dueState, elapsed, instantFromLocal, localDate, localDateTime, localDateWeeksAfter } from './deadlines';

const AKL = 'Pacific/Auckland';

describe('deadlines in an LMG’s timezone', () => {
	it('takes the local date, not the UTC one', () => {
		// 11:30 UTC on 22 Nov is 00:30 on 23 Nov in Auckland (NZDT, UTC+13).
		expect(localDate(new Date('2026-11-22T11:30:00Z'), AKL)).toBe('2026-11-23');
		expect(localDate(new Date('2026-11-22T11:30:00Z'), 'Pacific/Chatham')).toBe('2026-11-23');
		expect(localDate(new Date('2026-11-22T10:30:00Z'), AKL)).toBe('2026-11-22');
	});

	it('turns the date over at local midnight, to the millisecond', () => {
		// Midnight 23 Nov in Auckland is 11:00 UTC; in the Chathams (UTC+13:45) 10:15 UTC.
		for (const [zone, midnight] of [[AKL, Date.parse('2026-11-22T11:00:00Z')], ['Pacific/Chatham', Date.parse('2026-11-22T10:15:00Z')]] as const) {
			expect(localDate(new Date(midnight - 1), zone)).toBe('2026-11-22');
			expect(localDate(new Date(midnight), zone)).toBe('2026-11-23');
			expect(localDate(new Date(midnight - 1), zone)).toBe('2026-11-22');
			expect(localDate(new Date(midnight - 60_001), zone)).toBe('2026-11-22');
			expect(localDate(new Date(midnight + 59_999), zone)).toBe('2026-11-23');
		}
		// The same instant in two zones in turn: each zone keeps its own answer.
		const instant = new Date('2026-11-22T10:30:00Z');
		expect([localDate(instant, AKL), localDate(instant, 'Pacific/Chatham'), localDate(instant, AKL)]).toEqual(['2026-11-22', '2026-11-23', '2026-11-22']);
	});

	it('agrees with the zone’s own calendar all year, minute by minute on the days its clocks change', () => {
		const MINUTE = 60_000;
		const HOUR = 60 * MINUTE;
		const yearStart = Date.parse('2026-01-01T00:00:00Z');
		// Whole-hour and part-hour offsets, half-hour clock changes (Lord Howe), both hemispheres, and none.
		for (const zone of [AKL, 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'Europe/London', 'Asia/Kathmandu', 'UTC']) {
			const calendar = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
			const wrong: string[] = [];
			const check = (time: number) => {
				if (localDate(new Date(time), zone) !== calendar.format(time)) wrong.push(new Date(time).toISOString());
			};
			let changes = 0;
			for (let time = yearStart; time < yearStart + 366 * 24 * HOUR; time += HOUR) {
				check(time);
				if (tzOffset(zone, new Date(time)) === tzOffset(zone, new Date(time + HOUR))) continue;
				changes++;
				for (let minute = time - 24 * HOUR; minute < time + 24 * HOUR; minute += MINUTE) check(minute);
			}
			expect(wrong, zone).toEqual([]);
			expect(changes, zone).toBe(['Asia/Kathmandu', 'UTC'].includes(zone) ? 0 : 2);
		}
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

describe('conference times across daylight saving', () => {
	it('stores 09:00 in Auckland as the right instant on each side of a change', () => {
		// NZ daylight time ends on Sunday 5 April 2026 (UTC+13 → UTC+12).
		const before = instantFromLocal('2026-04-03', '09:00', AKL)!;
		const after = instantFromLocal('2026-04-07', '09:00', AKL)!;
		expect(before.toISOString()).toBe('2026-04-02T20:00:00.000Z');
		expect(after.toISOString()).toBe('2026-04-06T21:00:00.000Z');
		expect(localDateTime(before, AKL)).toBe('2026-04-03T09:00');
		expect(localDateTime(after, AKL)).toBe('2026-04-07T09:00');
		// Daylight time starts on Sunday 27 September 2026: 02:30 does not exist that night.
		expect(instantFromLocal('2026-09-27', '02:30', AKL)).toBeNull();
		expect(instantFromLocal('2026-09-28', '09:00', AKL)!.toISOString()).toBe('2026-09-27T20:00:00.000Z');
		// The Chatham Islands run 45 minutes ahead of Auckland.
		expect(instantFromLocal('2026-11-23', '09:00', 'Pacific/Chatham')!.toISOString()).toBe('2026-11-22T19:15:00.000Z');
	});

	it('puts a review interval that crosses the change on the right local date', () => {
		// Held 09:00 Thursday 19 March 2026 (NZDT); six weeks later is Thursday 30 April (NZST).
		expect(localDateWeeksAfter(new Date('2026-03-18T20:00:00Z'), 6, AKL)).toBe('2026-04-30');
		// Held 09:00 Thursday 10 September 2026 (NZST); eight weeks later is Thursday 5 November (NZDT).
		expect(localDateWeeksAfter(new Date('2026-09-09T21:00:00Z'), 8, AKL)).toBe('2026-11-05');
	});
});

describe('working days agree with date-fns on every start weekday', () => {
	it('counts like differenceInBusinessDays for spans of 0 to 30 days from each day of a fortnight', () => {
		for (let startDay = 0; startDay < 14; startDay++) {
			const start = new Date(Date.UTC(2026, 5, 1 + startDay, 0, 0)); // noon in Auckland
			for (let span = 0; span <= 30; span++) {
				const end = new Date(start.getTime() + span * 86_400_000);
				const expected = differenceInBusinessDays(end, start, { in: tz(AKL) });
				expect(elapsed(start, end, 'working_days', AKL), `${start.toISOString()} + ${span}`).toBe(expected);
			}
		}
	});
});

describe('review dates agree with zoned-date arithmetic', () => {
	it('gives the same local date as date-fns addWeeks in the zone, every 13 hours for two years, both zones', () => {
		for (const zone of [AKL, 'Pacific/Chatham']) {
			const context = { in: tz(zone) };
			for (let at = Date.UTC(2025, 0, 1); at < Date.UTC(2027, 0, 1); at += 13 * 3_600_000) {
				const instant = new Date(at);
				for (const weeks of [1, 6, 10]) {
					const expected = format(addWeeks(startOfDay(instant, context), weeks, context), 'yyyy-MM-dd', context);
					expect(localDateWeeksAfter(instant, weeks, zone), `${instant.toISOString()} + ${weeks} weeks in ${zone}`).toBe(expected);
				}
			}
		}
	});
});
