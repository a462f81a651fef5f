/**
 * What the LMG report pages show, and the words and number formats they use. Display only: the
 * report procedures decide every figure and every suppression; the page load strips the value of
 * each suppressed count before anything reaches the browser (see routes/reports/report-load.ts).
 */

/** A count as the page receives it: a suppressed count (1 or 2) has no value at all. */
export type ShownCount = { value: number; suppressed: false } | { value: null; suppressed: true };

export type Durations = { n: ShownCount; median: number | null; p90: number | null; withinTarget: number | null };
export type LabelledCount = { label: string; count: ShownCount };

export type ReportView = {
	lmg: { id: string; name: string };
	period: { from: string; to: string };
	referrals: { received: ShownCount; byAgency: LabelledCount[] };
	decisions: { accepted: ShownCount; declined: ShownCount; declinedByReason: LabelledCount[] };
	timeliness: {
		referralToDecision: Durations;
		acceptanceToFirstConference: Durations;
		reviews: { held: ShownCount; onTime: ShownCount; share: number | null };
	};
	actions: { agency: string; due: ShownCount; onTime: ShownCount; share: number | null }[];
	cases: { openAtEnd: ShownCount; closed: ShownCount; lengthOfInvolvement: Durations };
	closureReasons: LabelledCount[];
	consentWithdrawals: ShownCount;
	feedback: { question: string; answered: ShownCount }[];
};

/** What the administrators' comparison shows of each LMG: the report's headline measures, without its breakdowns by agency, reason or question. */
export type ComparisonView = Pick<ReportView, 'lmg' | 'period' | 'timeliness' | 'cases' | 'consentWithdrawals'> & {
	referrals: Pick<ReportView['referrals'], 'received'>;
	decisions: Pick<ReportView['decisions'], 'accepted' | 'declined'>;
};

/** One month of a run chart: its number of records (suppressed under 3) and its median, if shown. */
export type RunPoint = { period: string; records: ShownCount; value: number | null; movingRange: number | null; outside: 'above' | 'below' | null };
export type RunSeries = { points: RunPoint[]; centre: number | null; upper: number | null; lower: number | null };
export type SeriesView = { referralToDecision: RunSeries; acceptanceToFirstConference: RunSeries };

/** The report's tables, by the name report.csv knows them. */
export type ReportTable = 'referrals' | 'decisions' | 'timeliness' | 'actions' | 'cases' | 'closures' | 'feedback' | 'referralToDecisionByMonth' | 'firstConferenceByMonth';

/** What each table's "Download CSV" link downloads, for the link's full name. */
export const tableWords: Record<ReportTable, string> = {
	referrals: 'referrals received by referring agency',
	decisions: 'decisions on referrals',
	timeliness: 'timeliness',
	actions: 'actions completed by their due date',
	cases: 'cases open and closed',
	closures: 'closure reasons',
	feedback: 'family feedback',
	referralToDecisionByMonth: 'days from referral to decision, by month',
	firstConferenceByMonth: 'days from acceptance to first conference, by month'
};

const oneDecimal = new Intl.NumberFormat('en-NZ', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-NZ', { style: 'percent', maximumFractionDigits: 0 });

/** A number of days as the report writes it: at most one decimal place. */
export function daysWords(days: number): string {
	return oneDecimal.format(days);
}

export function shareWords(share: number): string {
	return percent.format(share);
}

/** "2026-06" as "June 2026". */
export function monthWords(period: string): string {
	const [y, m] = period.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-NZ', { timeZone: 'UTC', month: 'long', year: 'numeric' });
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-06" as "Jun", for a chart's axis: always three letters, so the months fit. */
export function shortMonthWords(period: string): string {
	return SHORT_MONTHS[Number(period.slice(5, 7)) - 1] ?? period;
}

/** A list in words: "June 2026", "June and July 2026"… kept simple: "A, B and C". */
export function listWords(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** The address of a report page (or its print view, or a table's CSV) for a period. */
export function reportHref(lmgId: string, period: { from: string; to: string }, part: '' | '/print' = ''): string {
	return `/reports/${encodeURIComponent(lmgId)}${part}?${new URLSearchParams({ from: period.from, to: period.to })}`;
}

export function csvHref(lmgId: string, period: { from: string; to: string }, table: ReportTable): string {
	return `/reports/${encodeURIComponent(lmgId)}/csv?${new URLSearchParams({ table, from: period.from, to: period.to })}`;
}
