import { TZDate, tz, tzOffset } from '@date-fns/tz';
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
const DAY_MS = 86_400_000;

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/** Each zone's UTC offset (minutes) on each UTC day asked about, or null on a day it changes. */
const dayOffsets = new Map<string, Map<number, number | null>>();
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Day numbers (days since 1970-01-01) as YYYY-MM-DD. */
const dates = new Map<number, string>();

/*
 * Reports and queues ask for the local date of every record they count. Asking Intl each time
 * (~0.7 µs, and a string to parse back) was a tenth of a report's cost, so each zone's offset is
 * looked up once per UTC day instead. Where the offset at the day's first and last millisecond is
 * the same, it holds all day (clocks change at most twice a year, months apart), and the local day
 * is the instant moved by it. On a day the clocks change, Intl answers. The maps hold a few
 * thousand days at most: the days of the records a server reads, in a handful of zones.
 */
function localDayNumber(instant: Date, timeZone: string): number {
	const time = instant.getTime();
	const utcDay = Math.floor(time / DAY_MS);
	let offsets = dayOffsets.get(timeZone);
	if (!offsets) dayOffsets.set(timeZone, (offsets = new Map()));
	let offset = offsets.get(utcDay);
	if (offset === undefined) {
		const first = tzOffset(timeZone, new Date(utcDay * DAY_MS));
		offset = first === tzOffset(timeZone, new Date((utcDay + 1) * DAY_MS - 1)) ? first : null;
		offsets.set(utcDay, offset);
	}
	if (offset !== null) return Math.floor((time + offset * MINUTE_MS) / DAY_MS);
	let formatter = formatters.get(timeZone);
	if (!formatter) formatters.set(timeZone, (formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
	return dayNumber(formatter.format(instant));
}

function dateOfDay(day: number): string {
	let date = dates.get(day);
	if (date === undefined) dates.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 10)));
	return date;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a timezone. */
export function localDate(instant: Date, timeZone: string): string {
	return dateOfDay(localDayNumber(instant, timeZone));
}

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
	const from = localDayNumber(start, timeZone);
	const to = localDayNumber(now, timeZone);
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
	return dateOfDay(localDayNumber(instant, timeZone) + weeks * 7);
}
