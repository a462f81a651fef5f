/**
 * Dates and times in the reader's language. The numbers come from Intl in the family's
 * timezone; the month and day names come from the message files, so English and te reo Māori
 * read the same on the server and in every browser (Intl's own Māori month names vary).
 */
import { m } from '$lib/paraglide/messages';

/** New Zealand's main timezone: the portal's default where a procedure gives none. */
export const DEFAULT_TIMEZONE = 'Pacific/Auckland';

const months = [m.month_1, m.month_2, m.month_3, m.month_4, m.month_5, m.month_6, m.month_7, m.month_8, m.month_9, m.month_10, m.month_11, m.month_12];
const weekdays = [m.weekday_0, m.weekday_1, m.weekday_2, m.weekday_3, m.weekday_4, m.weekday_5, m.weekday_6];

type Parts = { year: number; month: number; day: number; hour: number; minute: number };

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: Date, timeZone: string): Parts {
	let format = partFormats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
		partFormats.set(timeZone, format);
	}
	const value = (type: string) => Number(format.formatToParts(instant).find((p) => p.type === type)?.value ?? 0);
	return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour') % 24, minute: value('minute') };
}

function dayParts(isoDate: string): Parts | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
	return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: 0, minute: 0 } : null;
}

function longDate(p: Parts): string {
	const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
	return m.date_long({ weekday: weekdays[weekday](), day: p.day, month: months[p.month - 1](), year: p.year });
}

function shortDate(p: Parts): string {
	return m.date_short({ day: p.day, month: months[p.month - 1](), year: p.year });
}

function timeOfDay(p: Parts): string {
	const period = p.hour < 12 ? m.period_morning() : p.hour < 18 ? m.period_afternoon() : m.period_night();
	return m.time_of_day({ hour: p.hour % 12 === 0 ? 12 : p.hour % 12, minute: String(p.minute).padStart(2, '0'), period });
}

/** A calendar date (YYYY-MM-DD), already local: "Wednesday 3 December 2025". */
export function formatDay(isoDate: string | null | undefined): string {
	const p = isoDate ? dayParts(isoDate) : null;
	return p ? longDate(p) : m.date_none();
}

/** An instant's date in a timezone: "3 December 2025". */
export function formatDate(instant: Date | null | undefined, timeZone = DEFAULT_TIMEZONE): string {
	return instant ? shortDate(partsIn(instant, timeZone)) : m.date_none();
}

/** An instant's long date in a timezone: "Wednesday 3 December 2025". */
export function formatLongDate(instant: Date, timeZone = DEFAULT_TIMEZONE): string {
	return longDate(partsIn(instant, timeZone));
}

/** An instant's time of day in a timezone: "10:00 am" / "10:00 i te ata". */
export function formatTime(instant: Date, timeZone = DEFAULT_TIMEZONE): string {
	return timeOfDay(partsIn(instant, timeZone));
}

/** Date and time together: "3 December 2025 at 10:00 am". */
export function formatDateTime(instant: Date, timeZone = DEFAULT_TIMEZONE): string {
	const p = partsIn(instant, timeZone);
	return m.date_and_time({ date: shortDate(p), time: timeOfDay(p) });
}
