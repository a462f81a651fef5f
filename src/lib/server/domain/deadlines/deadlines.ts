import { TZDate, tz } from '@date-fns/tz';
import { addBusinessDays, addDays, differenceInCalendarDays, format, parseISO, startOfDay } from 'date-fns';

/**
 * Deadlines as people in an LMG count them: in their own timezone, in calendar days or working
 * days (Monday to Friday; public holidays are not yet known to Tautoko).
 */
export type Target = { amount: number; unit: 'days' | 'working_days' };
export type DueState = 'on_track' | 'due_soon' | 'overdue';

/** How many days before a due date something shows as "due soon". */
export const DUE_SOON_DAYS = 2;

const MINUTE_MS = 60_000;
type ZoneDates = { formatter: Intl.DateTimeFormat; minute: number; date: string };
const zoneDates = new Map<string, ZoneDates>();

/**
 * The local calendar date (YYYY-MM-DD) of an instant in a timezone. One cached Intl formatter per
 * zone: reports call this thousands of times, and building zoned dates each time was most of their
 * cost. Formatting is still ~20 µs, and most calls ask about "now", so the last answer is kept for
 * its minute: local midnight falls on a whole UTC minute in every zone today (offsets are whole
 * minutes), so every instant of one UTC minute has the same local date.
 */
export function localDate(instant: Date, timeZone: string): string {
	let zone = zoneDates.get(timeZone);
	if (!zone) {
		zone = { formatter: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: Number.NaN, date: '' };
		zoneDates.set(timeZone, zone);
	}
	const minute = Math.floor(instant.getTime() / MINUTE_MS);
	if (minute !== zone.minute) {
		zone.date = zone.formatter.format(instant);
		zone.minute = minute;
	}
	return zone.date;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/** Weekdays in [from, to): the working days that have passed from one local date to a later one (as date-fns counts them). */
function workingDaysBetween(from: number, to: number): number {
	if (to < from) return -workingDaysBetween(to, from);
	const span = to - from;
	let days = Math.floor(span / 7) * 5;
	for (let d = from + Math.floor(span / 7) * 7; d < to; d++) {
		const weekday = (d + 4) % 7; // day 0 (1 January 1970) was a Thursday; 0 = Sunday
		if (weekday !== 0 && weekday !== 6) days++;
	}
	return days;
}

/** The date by which something started at `start` must be done. */
export function dueOn(start: Date, target: Target, timeZone: string): string {
	const context = { in: tz(timeZone) };
	const day = startOfDay(start, context);
	const due = target.unit === 'working_days' ? addBusinessDays(day, target.amount, context) : addDays(day, target.amount, context);
	return format(due, 'yyyy-MM-dd', context);
}

/** Days (of the target's unit) from `start` to now, counted on local calendar dates. */
export function elapsed(start: Date, now: Date, unit: Target['unit'], timeZone: string): number {
	const from = dayNumber(localDate(start, timeZone));
	const to = dayNumber(localDate(now, timeZone));
	return unit === 'working_days' ? workingDaysBetween(from, to) : to - from;
}

/** Overdue once the local date is past the due date; due soon within DUE_SOON_DAYS of it. */
export function dueState(due: string, now: Date, timeZone: string): DueState {
	const today = parseISO(localDate(now, timeZone));
	const remaining = differenceInCalendarDays(parseISO(due), today);
	if (remaining < 0) return 'overdue';
	if (remaining <= DUE_SOON_DAYS) return 'due_soon';
	return 'on_track';
}

/**
 * A wall-clock date and time in a timezone → the UTC instant it names, or null when that time
 * does not exist there (the hour skipped when clocks go forward).
 */
export function instantFromLocal(date: string, time: string, timeZone: string): Date | null {
	const [y, m, d] = date.split('-').map(Number);
	const [hh, mm] = time.split(':').map(Number);
	const instant = new Date(new TZDate(y, m - 1, d, hh, mm, timeZone).getTime());
	return localDateTime(instant, timeZone) === `${date}T${time}` ? instant : null;
}

/** An instant as the wall clock reads it in a timezone: 'YYYY-MM-DDTHH:mm'. */
export function localDateTime(instant: Date, timeZone: string): string {
	return format(instant, "yyyy-MM-dd'T'HH:mm", { in: tz(timeZone) });
}

/**
 * The local date some weeks after an instant's local date (reviews land on the same weekday).
 * Calendar arithmetic on the local date gives the same answer as adding weeks to a zoned date,
 * at a fraction of the cost: reports call this for every review they count.
 */
export function localDateWeeksAfter(instant: Date, weeks: number, timeZone: string): string {
	return new Date((dayNumber(localDate(instant, timeZone)) + weeks * 7) * DAY_MS).toISOString().slice(0, 10);
}
