import { error, type RequestEvent } from '@sveltejs/kit';
import { TRPCError, type inferRouterOutputs } from '@trpc/server';
import { addMonths, format, parseISO } from 'date-fns';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { fieldErrorsOf } from '$lib/server/trpc/errors';
import type { AppRouter } from '$lib/server/trpc/router';
import { todayIn } from '$lib/components/CaseWords';
import type { ComparisonView, Durations, LabelledCount, ReportView, RunSeries, SeriesView, ShownCount } from '$lib/components/ReportWords';

/*
 * Shared by the report page, its print view and its CSV route. The report procedures decide every
 * figure and already send no value behind a suppressed count; the page keeps only the fields it
 * shows, so nothing else reaches the HTML either.
 */

type Outputs = inferRouterOutputs<AppRouter>['report'];
type Count = { value: number; suppressed: boolean };

/** Returned by loadOrFail's refusal pages: the same words for every report a person may not read. */
const NOT_YOUR_ROLE = 'This page is not part of your role in Tautoko.';

export function shown(c: Count): ShownCount {
	return c.suppressed ? { value: null, suppressed: true } : { value: c.value, suppressed: false };
}

const durations = (d: Outputs['summary']['timeliness']['referralToDecision']): Durations => ({ n: shown(d.n), median: d.median, p90: d.p90, withinTarget: d.withinTarget });
const labelled = (rows: { label: string; count: Count }[]): LabelledCount[] => rows.map((r) => ({ label: r.label, count: shown(r.count) }));

/** What the comparison shows of one LMG, every field named (nothing else passes) and every suppressed value removed. */
export function toComparisonView(r: Omit<Outputs['compare'][number], 'region'>): ComparisonView {
	return {
		lmg: { id: r.lmg.id, name: r.lmg.name },
		period: { from: r.period.from, to: r.period.to },
		referrals: { received: shown(r.referrals.received) },
		decisions: { accepted: shown(r.decisions.accepted), declined: shown(r.decisions.declined) },
		timeliness: {
			referralToDecision: durations(r.timeliness.referralToDecision),
			acceptanceToFirstConference: durations(r.timeliness.acceptanceToFirstConference),
			reviews: { held: shown(r.timeliness.reviews.held), onTime: shown(r.timeliness.reviews.onTime), share: r.timeliness.reviews.share }
		},
		cases: { openAtEnd: shown(r.cases.openAtEnd), closed: shown(r.cases.closed), lengthOfInvolvement: durations(r.cases.lengthOfInvolvement) },
		consentWithdrawals: shown(r.consentWithdrawals)
	};
}

/** The summary with every field named (nothing else passes) and every suppressed value removed. */
export function toReportView(r: Outputs['summary']): ReportView {
	const headline = toComparisonView(r);
	return {
		...headline,
		referrals: { ...headline.referrals, byAgency: labelled(r.referrals.byAgency) },
		decisions: { ...headline.decisions, declinedByReason: labelled(r.decisions.declinedByReason) },
		actions: r.actions.map((a) => ({ agency: a.agency, due: shown(a.due), onTime: shown(a.onTime), share: a.share })),
		closureReasons: labelled(r.closureReasons),
		feedback: r.feedback.map((f) => ({ question: f.question, answered: shown(f.answered) }))
	};
}

/** A run chart's months: the number of records per month is a count like any other, so it is suppressed too. */
function toRunSeries(s: Outputs['series']['referralToDecision']): RunSeries {
	return {
		points: s.points.map((p) => ({ period: p.period, records: shown(p.n), value: p.value, movingRange: p.movingRange, outside: p.outside })),
		centre: s.centre,
		upper: s.upper,
		lower: s.lower
	};
}

export function toSeriesView(s: Outputs['series']): SeriesView {
	return { referralToDecision: toRunSeries(s.referralToDecision), acceptanceToFirstConference: toRunSeries(s.acceptanceToFirstConference) };
}

/** The LMGs whose reports this person reads (as LMG member or coordinator), with their timezones. */
export async function reportLmgs(event: RequestEvent) {
	const today = await loadOrFail(() => callerFor(event).home.today());
	const all = [...(today.lmgAdmin?.lmgs ?? []), ...(today.coordinator?.lmgs ?? [])];
	const byId = new Map(all.map((l) => [l.id, { id: l.id, name: l.name, timezone: l.timezone }]));
	return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Unless someone chooses: the twelve calendar months up to today (this month so far) in the LMG's timezone. */
export function defaultPeriod(timeZone: string): { from: string; to: string } {
	const to = todayIn(timeZone);
	return { from: format(addMonths(parseISO(`${to.slice(0, 7)}-01`), -11), 'yyyy-MM-dd'), to };
}

/** The period the address asks for, with the default for any part it leaves out. */
export function periodAsked(url: URL, timeZone: string): { from: string; to: string } {
	const fallback = defaultPeriod(timeZone);
	const from = url.searchParams.get('from')?.trim() || fallback.from;
	const to = url.searchParams.get('to')?.trim() || (url.searchParams.get('from') ? todayIn(timeZone) : fallback.to);
	return { from: from.slice(0, 20), to: to.slice(0, 20) };
}

export type PeriodProblem = { message: string; fieldErrors: Record<string, string[]> };

/** A period the procedure refused as invalid (a malformed date, an end before the start), in words for the form. */
export function periodProblem(cause: unknown): PeriodProblem | null {
	if (!(cause instanceof TRPCError) || cause.code !== 'BAD_REQUEST') return null;
	const fieldErrors = fieldErrorsOf(cause.cause) ?? {};
	return { message: 'Check the period: the report cannot be shown for these dates.', fieldErrors };
}

/**
 * The report page and its print view: the report and its run charts for the period asked, or
 * what is wrong with the period. A refusal (another LMG, a role without reports) is the 403 page.
 */
export async function loadReport(event: RequestEvent) {
	const lmgId = event.params.lmgId ?? '';
	const mine = await reportLmgs(event);
	const lmg = mine.find((l) => l.id === lmgId);
	const period = periodAsked(event.url, lmg?.timezone ?? 'Pacific/Auckland');
	const caller = callerFor(event);
	try {
		const [summary, series] = await loadOrFail(() => Promise.all([caller.report.summary({ lmgId, ...period }), caller.report.series({ lmgId, ...period })]));
		return { lmgName: summary.lmg.name, period, report: toReportView(summary), series: toSeriesView(series), problem: null };
	} catch (cause) {
		const problem = periodProblem(cause);
		if (!problem) throw cause;
		// Someone who may not read this LMG's reports is refused whatever the dates say.
		if (!lmg) error(403, NOT_YOUR_ROLE);
		return { lmgName: lmg.name, period, report: null, series: null, problem };
	}
}

/** A CSV download: UTF-8 with a byte-order mark (so spreadsheets read macrons), as an attachment, never cached. */
export function csvResponse(exported: { filename: string; csv: string }): Response {
	return new Response(`\uFEFF${exported.csv}`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${exported.filename}"`,
			'cache-control': 'no-store'
		}
	});
}
