import { tz } from '@date-fns/tz';
import { addBusinessDays, addDays, differenceInBusinessDays, differenceInCalendarDays, format, parseISO, startOfDay } from 'date-fns';

/**
 * Deadlines as people in an LMG count them: in their own timezone, in calendar days or working
 * days (Monday to Friday; public holidays are not yet known to Tautoko).
 */
export type Target = { amount: number; unit: 'days' | 'working_days' };
export type DueState = 'on_track' | 'due_soon' | 'overdue';

/** How many days before a due date something shows as "due soon". */
export const DUE_SOON_DAYS = 2;

/** The local calendar date (YYYY-MM-DD) of an instant in a timezone. */
export function localDate(instant: Date, timeZone: string): string {
	return format(instant, 'yyyy-MM-dd', { in: tz(timeZone) });
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
	const context = { in: tz(timeZone) };
	const from = startOfDay(start, context);
	const to = startOfDay(now, context);
	return unit === 'working_days' ? differenceInBusinessDays(to, from, context) : differenceInCalendarDays(to, from, context);
}

/** Overdue once the local date is past the due date; due soon within DUE_SOON_DAYS of it. */
export function dueState(due: string, now: Date, timeZone: string): DueState {
	const today = parseISO(localDate(now, timeZone));
	const remaining = differenceInCalendarDays(parseISO(due), today);
	if (remaining < 0) return 'overdue';
	if (remaining <= DUE_SOON_DAYS) return 'due_soon';
	return 'on_track';
}
