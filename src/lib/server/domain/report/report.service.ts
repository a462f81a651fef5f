import { addDays, parseISO } from 'date-fns';
import type { App } from '../../app';
import { toCsv } from '../../csv';
import { hasRole, lmgIdsWhere, type Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { elapsed, instantFromLocal, localDate, localDateWeeksAfter, type Target } from '../deadlines/deadlines';
import { ForbiddenError } from '../errors';
import { getCurrentProtocol, getProtocolVersion, type ProtocolVersion } from '../protocol/protocol.service';
import { cachedByLmg } from './report-cache';
import { count, countOf, describeDurations, redactCounts, shareOf, showCount, suppressRows, xmrChart, type Count, type XmrChart } from './statistics';
import type { ReportInput } from './report.schema';

/*
 * Reports to the LMG. They count and time what happened; they never name a family, show a case,
 * or show a count under three (see statistics.ts). Each measure is computed in the LMG's
 * timezone and against the protocol version each case or referral was run under.
 */

function authorize(actor: Actor, lmgId: string) {
	if (lmgIdsWhere(actor, 'lmg_admin').includes(lmgId) || lmgIdsWhere(actor, 'coordinator').includes(lmgId)) return;
	throw new ForbiddenError('Only this LMG’s members and coordinator can read its reports.');
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((new Date(to).getTime() - new Date(from).getTime()) / DAY);

function withinTarget(start: string, end: string, target: Target, timeZone: string) {
	return elapsed(new Date(start), new Date(end), target.unit, timeZone) <= target.amount;
}

/** What every part of one report shares: the LMG, the period as instants, and the protocol versions met so far. */
type ReportScope = {
	app: App;
	lmg: { id: string; name: string; timezone: string };
	period: { from: string; to: string };
	/** The period's first instant and the instant after its last, in the LMG's timezone. */
	start: string;
	end: string;
	inPeriod: (at: string | null) => boolean;
	protocol: (id: string) => Promise<ProtocolVersion>;
};

async function scopeOf(app: App, lmgId: string, input: { from: string; to: string }): Promise<ReportScope> {
	const lmg = await app.db.selectFrom('lmg').select(['id', 'name', 'timezone']).where('id', '=', lmgId).executeTakeFirstOrThrow();
	const start = instantFromLocal(input.from, '00:00', lmg.timezone)!.toISOString();
	const end = instantFromLocal(localDate(addDays(parseISO(input.to), 1), 'UTC'), '00:00', lmg.timezone)!.toISOString();
	const protocols = new Map<string, ProtocolVersion>();
	return {
		app,
		lmg,
		period: { from: input.from, to: input.to },
		start,
		end,
		inPeriod: (at) => at !== null && at >= start && at < end,
		protocol: async (id) => {
			if (!protocols.has(id)) protocols.set(id, await getProtocolVersion(app.db, id));
			return protocols.get(id)!;
		}
	};
}

/** Everything the LMG's report page shows for one period. */
export async function buildReport(app: App, lmgId: string, input: { from: string; to: string }) {
	const scope = await scopeOf(app, lmgId, input);
	const cases = await casesOpenDuring(scope);
	return { ...(await comparedMeasures(scope, cases)), actions: await actionsDue(scope, cases), feedback: await feedbackGiven(scope, cases) };
}

/**
 * The measures the administrators' comparison shows for each LMG: all of the report but its
 * actions and feedback. The actions are half of a report's cost (a window over every agreed
 * version of every plan), and the comparison builds sixty reports when none is cached.
 */
export async function buildComparison(app: App, lmgId: string, input: { from: string; to: string }) {
	const scope = await scopeOf(app, lmgId, input);
	return comparedMeasures(scope, await casesOpenDuring(scope));
}

/** Rows of labelled counts, largest first, with suppression across the rows (statistics.ts). */
function rowsOf(map: Map<string, number>) {
	return suppressRows([...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label, n]) => ({ label, count: count(n) })));
}

/**
 * The LMG's cases that were open at some time in the period, as a query to read or to name inside
 * another. The statements about those cases name them by this subquery, not by a list of their ids:
 * one statement text for every LMG and period (so it stays prepared), and no limit on how many.
 */
function casesOpenDuringQuery(scope: ReportScope) {
	return scope.app.db
		.selectFrom('family_case as c')
		.where('c.lmg_id', '=', scope.lmg.id)
		.where('c.opened_at', '<', scope.end)
		.where((eb) => eb.or([eb('c.closed_at', 'is', null), eb('c.closed_at', '>=', scope.start)]));
}

async function casesOpenDuring(scope: ReportScope) {
	return casesOpenDuringQuery(scope).select(['c.id', 'c.opened_at', 'c.closed_at', 'c.closure_reason', 'c.protocol_version_id']).execute();
}

type CaseRecord = Awaited<ReturnType<typeof casesOpenDuring>>[number];

/** The report's headline measures: all but the actions and the feedback (see buildComparison). */
async function comparedMeasures(scope: ReportScope, cases: CaseRecord[]) {
	const { app, lmg, start, end, inPeriod, protocol } = scope;
	const tz = lmg.timezone;

	// Referrals received and decided
	const referrals = await app.db
		.selectFrom('referral as r')
		.innerJoin('agency', 'agency.id', 'r.referring_agency_id')
		.select(['r.status', 'r.submitted_at', 'r.decided_at', 'r.decision_reason', 'r.protocol_version_id', 'agency.name as agency'])
		.where('r.lmg_id', '=', lmg.id)
		.where((eb) => eb.or([eb.and([eb('r.submitted_at', '>=', start), eb('r.submitted_at', '<', end)]), eb.and([eb('r.decided_at', '>=', start), eb('r.decided_at', '<', end)])]))
		.execute();
	const received = referrals.filter((r) => inPeriod(r.submitted_at));
	const byAgency = new Map<string, number>();
	for (const r of received) byAgency.set(r.agency, (byAgency.get(r.agency) ?? 0) + 1);
	const decided = referrals.filter((r) => inPeriod(r.decided_at) && (r.status === 'accepted' || r.status === 'declined'));
	const declineReasons = new Map<string, number>();
	for (const r of decided.filter((d) => d.status === 'declined')) declineReasons.set(r.decision_reason ?? '', (declineReasons.get(r.decision_reason ?? '') ?? 0) + 1);
	const decisionDays: number[] = [];
	const decisionOnTime: boolean[] = [];
	for (const r of decided) {
		decisionDays.push(days(r.submitted_at, r.decided_at!));
		decisionOnTime.push(withinTarget(r.submitted_at, r.decided_at!, (await protocol(r.protocol_version_id)).document.targets.referralToDecision, tz));
	}

	// Cases: first conferences, reviews, closures
	const conferences = cases.length
		? await app.db
				.selectFrom('conference')
				.select(['case_id', 'kind', 'held_at'])
				.where('status', '=', 'held')
				.where('case_id', 'in', casesOpenDuringQuery(scope).select('c.id'))
				.orderBy('case_id')
				.orderBy('held_at')
				.execute()
		: [];
	const firstConferenceDays: number[] = [];
	const firstOnTime: boolean[] = [];
	let reviewsHeld = 0;
	let reviewsOnTime = 0;
	// Each case's held conferences, oldest first (the query's order), found once rather than by a scan per case.
	const heldByCase = new Map<string, typeof conferences>();
	for (const f of conferences) {
		const list = heldByCase.get(f.case_id);
		if (list) list.push(f);
		else heldByCase.set(f.case_id, [f]);
	}
	for (const c of cases) {
		const held = heldByCase.get(c.id) ?? [];
		const document = (await protocol(c.protocol_version_id)).document;
		const initial = held.find((f) => f.kind === 'initial');
		if (initial && inPeriod(initial.held_at)) {
			firstConferenceDays.push(days(c.opened_at, initial.held_at!));
			firstOnTime.push(withinTarget(c.opened_at, initial.held_at!, document.targets.acceptanceToFirstConference, tz));
		}
		held.forEach((f, i) => {
			if (f.kind !== 'review' || !inPeriod(f.held_at) || i === 0) return;
			reviewsHeld++;
			const due = localDateWeeksAfter(new Date(held[i - 1].held_at!), document.reviewIntervalWeeks, tz);
			if (localDate(new Date(f.held_at!), tz) <= due) reviewsOnTime++;
		});
	}
	const closed = cases.filter((c) => inPeriod(c.closed_at));
	const closureReasons = new Map<string, number>();
	for (const c of closed) {
		const label = (await protocol(c.protocol_version_id)).document.closureReasons.find((r) => r.key === c.closure_reason)?.label ?? c.closure_reason ?? '';
		closureReasons.set(label, (closureReasons.get(label) ?? 0) + 1);
	}
	const openAtEnd = cases.filter((c) => c.closed_at === null || c.closed_at >= end).length;

	// Consent withdrawals, counted by the database: only the number is shown.
	const withdrawals = cases.length
		? await app.db
				.selectFrom('consent_event')
				.select((eb) => eb.fn.countAll<number | string>().as('n'))
				.where('case_id', 'in', casesOpenDuringQuery(scope).select('c.id'))
				.where('state', '=', 'withdrawn')
				.where('created_at', '>=', start)
				.where('created_at', '<', end)
				.executeTakeFirstOrThrow()
		: { n: 0 };

	// Decline reasons are free text: only a reason given three or more times is named; the rest are pooled.
	const pooledReasons = new Map<string, number>();
	for (const [reason, n] of declineReasons) {
		const label = n >= 3 ? reason : 'Other reasons';
		pooledReasons.set(label, (pooledReasons.get(label) ?? 0) + n);
	}
	const lengths = closed.map((c) => days(c.opened_at, c.closed_at!));
	const current = await getCurrentProtocol(app.db, lmg.id);
	const decisions = pairSuppressed(count(decided.filter((d) => d.status === 'accepted').length), count(decided.filter((d) => d.status === 'declined').length));
	const referralToDecision = describeDurations(decisionDays, decisionOnTime);
	// The number of decisions timed is accepted + declined: if either is hidden, so is their sum.
	if (decisions.accepted.suppressed) referralToDecision.n = { ...referralToDecision.n, suppressed: true };
	return {
		lmg: { id: lmg.id, name: lmg.name, timezone: tz },
		period: scope.period,
		/** The targets of the protocol in force, to say what "within target" means (older cases are measured against their own). */
		targets: current.document.targets,
		referrals: { received: count(received.length), byAgency: rowsOf(byAgency) },
		decisions: {
			...decisions,
			declinedByReason: rowsOf(pooledReasons)
		},
		timeliness: {
			referralToDecision,
			acceptanceToFirstConference: describeDurations(firstConferenceDays, firstOnTime),
			reviews: { held: count(reviewsHeld), onTime: countOf(reviewsOnTime, reviewsHeld), share: shareOf(reviewsOnTime, reviewsHeld) }
		},
		cases: { openAtEnd: count(openAtEnd), closed: count(closed.length), lengthOfInvolvement: describeDurations(lengths, lengths.map(() => true)) },
		closureReasons: rowsOf(closureReasons),
		consentWithdrawals: count(Number(withdrawals.n))
	};
}

/**
 * Actions due in the period, from each case's agreed plans, by responsible agency. An action
 * agreed at several conferences counts once, as its latest agreed version (of those due in the
 * period) stands. Counted in SQL: a row per agency comes back rather than one per action version.
 */
async function actionsDue(scope: ReportScope, cases: CaseRecord[]) {
	if (cases.length === 0) return [];
	const { from, to } = scope.period;
	const rows = await scope.app.db
		.selectFrom((eb) =>
			eb
				.selectFrom('plan_action as a')
				.innerJoin('action_plan as p', 'p.id', 'a.plan_id')
				.select((e) => [
					'a.responsible_agency_id',
					'a.due_on',
					'a.completed_on',
					e.fn
						.agg<number>('row_number', [])
						.over((over) => over.partitionBy(['p.case_id', 'a.action_key']).orderBy('p.version', 'desc'))
						.as('newest')
				])
				.where('p.case_id', 'in', casesOpenDuringQuery(scope).select('c.id'))
				.where('p.status', '=', 'agreed')
				.where('a.due_on', '>=', from)
				.where('a.due_on', '<=', to)
				.where('a.responsible_agency_id', 'is not', null)
				.as('v')
		)
		.innerJoin('agency', 'agency.id', 'v.responsible_agency_id')
		.select((eb) => [
			'agency.name as agency',
			eb.fn.countAll<number>().as('due'),
			eb.fn
				.sum<number>(
					eb
						.case()
						.when(eb.and([eb('v.completed_on', 'is not', null), eb('v.completed_on', '<=', eb.ref('v.due_on'))]))
						.then(1)
						.else(0)
						.end()
				)
				.as('on_time')
		])
		.where('v.newest', '=', 1)
		.groupBy('agency.name')
		.execute();
	return rows
		.map((r) => ({ agency: r.agency, due: Number(r.due), onTime: Number(r.on_time) }))
		.sort((a, b) => a.agency.localeCompare(b.agency))
		.map((r) => ({ agency: r.agency, due: count(r.due), onTime: countOf(r.onTime, r.due), share: shareOf(r.onTime, r.due) }));
}

/** For each feedback question of the closed cases' protocols, how many of those families answered it. */
async function feedbackGiven(scope: ReportScope, cases: CaseRecord[]) {
	const closed = cases.filter((c) => scope.inPeriod(c.closed_at));
	const feedback = closed.length
		? await scope.app.db.selectFrom('feedback_answer').select(['case_id', 'question_key']).where('case_id', 'in', closed.map((c) => c.id)).execute()
		: [];
	const questions = new Map<string, string>();
	for (const c of closed) for (const q of (await scope.protocol(c.protocol_version_id)).document.feedbackQuestions) questions.set(q.key, q.text);
	return [...questions.entries()].map(([key, text]) => ({ question: text, answered: count(new Set(feedback.filter((f) => f.question_key === key).map((f) => f.case_id)).size) }));
}

/** Accepted and declined add up to a total shown elsewhere: if one is hidden, so is the other. */
function pairSuppressed(accepted: Count, declined: Count) {
	const hide = accepted.suppressed || declined.suppressed;
	return { accepted: { ...accepted, suppressed: hide || accepted.suppressed }, declined: { ...declined, suppressed: hide || declined.suppressed } };
}

/**
 * buildReport, buildComparison and buildSeries as they stand, from the cache until the LMG's data next changes
 * (report-cache.ts). Deep-frozen: shared with every later caller.
 */
function cachedReport(app: App, lmgId: string, period: { from: string; to: string }) {
	return cachedByLmg(app, 'report', lmgId, `${period.from}..${period.to}`, () => buildReport(app, lmgId, { from: period.from, to: period.to }));
}

function cachedComparison(app: App, lmgId: string, period: { from: string; to: string }) {
	return cachedByLmg(app, 'comparison', lmgId, `${period.from}..${period.to}`, () => buildComparison(app, lmgId, { from: period.from, to: period.to }));
}

function cachedSeries(app: App, input: ReportInput) {
	return cachedByLmg(app, 'series', input.lmgId, `${input.from}..${input.to}`, () => buildSeries(app, { lmgId: input.lmgId, from: input.from, to: input.to }));
}

export async function reportSummary(app: App, actor: Actor, input: ReportInput) {
	authorize(actor, input.lmgId);
	const report = await cachedReport(app, input.lmgId, input);
	await recordAudit(app.db, { at: app.clock.now(), actor, lmgId: input.lmgId, procedure: 'report.summary', outcome: 'allowed', detail: `${input.from}..${input.to}` });
	return redactCounts(report);
}

/**
 * The months' record counts add up to the period's total shown beside them: if one month is
 * hidden, the next smallest is hidden too, as in any table with a total.
 */
function suppressMonths(chart: XmrChart): XmrChart {
	const rows = suppressRows(chart.points.map((p) => ({ ...p, count: p.n })));
	return { ...chart, points: rows.map(({ count: n, ...p }) => ({ ...p, n })) };
}

/** Monthly run charts of the two time measures, as XmR charts, over the months of the period. */
export async function reportSeries(app: App, actor: Actor, input: ReportInput) {
	authorize(actor, input.lmgId);
	const series = await cachedSeries(app, input);
	await recordAudit(app.db, { at: app.clock.now(), actor, lmgId: input.lmgId, procedure: 'report.series', outcome: 'allowed', detail: `${input.from}..${input.to}` });
	return redactCounts(series);
}

export async function buildSeries(app: App, input: ReportInput) {
	const lmg = await app.db.selectFrom('lmg').select('timezone').where('id', '=', input.lmgId).executeTakeFirstOrThrow();
	const months: string[] = [];
	for (let m = input.from.slice(0, 7); m <= input.to.slice(0, 7); ) {
		months.push(m);
		const [y, mm] = m.split('-').map(Number);
		m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
	}
	const decided = await app.db
		.selectFrom('referral')
		.select(['submitted_at', 'decided_at'])
		.where('lmg_id', '=', input.lmgId)
		.where('status', 'in', ['accepted', 'declined'])
		.where('decided_at', 'is not', null)
		.execute();
	const firsts = await app.db
		.selectFrom('conference as f')
		.innerJoin('family_case as c', 'c.id', 'f.case_id')
		.select(['c.opened_at', 'f.held_at'])
		.where('c.lmg_id', '=', input.lmgId)
		.where('f.kind', '=', 'initial')
		.where('f.status', '=', 'held')
		.execute();
	const monthOf = (at: string) => localDate(new Date(at), lmg.timezone).slice(0, 7);
	const series = (rows: { start: string; end: string }[]) =>
		suppressMonths(xmrChart(months.map((period) => ({ period, values: rows.filter((r) => monthOf(r.end) === period).map((r) => days(r.start, r.end)) }))));
	return {
		referralToDecision: series(decided.map((r) => ({ start: r.submitted_at, end: r.decided_at! }))),
		acceptanceToFirstConference: series(firsts.map((r) => ({ start: r.opened_at, end: r.held_at! })))
	};
}

const pct = (share: number | null) => (share === null ? '' : `${Math.round(share * 100)}%`);
const num = (n: number | null) => (n === null ? '' : Math.round(n * 10) / 10);

/** One table of the report as CSV, with the same suppression as the page. */
export async function reportCsv(app: App, actor: Actor, input: ReportInput & { table: string }) {
	authorize(actor, input.lmgId);
	const r = await cachedReport(app, input.lmgId, input);
	const s = await cachedSeries(app, input);
	const c = (x: Count) => showCount(x);
	const byMonth = (chart: XmrChart) => [
		['Month', 'Records', 'Median days', 'Moving range', 'Outside the control limits'],
		...chart.points.map((p) => [p.period, c(p.n), num(p.value), num(p.movingRange), p.outside ?? '']),
		['Centre line', '', num(chart.centre), '', ''],
		['Upper control limit', '', num(chart.upper), '', ''],
		['Lower control limit', '', num(chart.lower), '', '']
	];
	const durations = (label: string, d: ReturnType<typeof describeDurations>) => [label, c(d.n), num(d.median), num(d.p90), pct(d.withinTarget)];
	const tables: Record<string, (string | number | null)[][]> = {
		referrals: [['Referring agency', 'Referrals received'], ...r.referrals.byAgency.map((row) => [row.label, c(row.count)]), ['All agencies', c(r.referrals.received)]],
		decisions: [['Decision', 'Reason', 'Referrals'], ['Accepted', '', c(r.decisions.accepted)], ['Declined', '', c(r.decisions.declined)], ...r.decisions.declinedByReason.map((row) => ['Declined', row.label, c(row.count)])],
		timeliness: [
			['Measure', 'Number', 'Median days', '90th percentile days', 'Within target'],
			durations('Referral to decision', r.timeliness.referralToDecision),
			durations('Acceptance to first conference', r.timeliness.acceptanceToFirstConference),
			['Reviews held on time', c(r.timeliness.reviews.held), '', '', pct(r.timeliness.reviews.share)]
		],
		actions: [['Agency', 'Actions due', 'Done by their due date', 'Share done on time'], ...r.actions.map((a) => [a.agency, c(a.due), c(a.onTime), pct(a.share)])],
		cases: [['Measure', 'Number', 'Median days', '90th percentile days'], ['Cases open at the end of the period', c(r.cases.openAtEnd), '', ''], ['Cases closed', c(r.cases.closed), num(r.cases.lengthOfInvolvement.median), num(r.cases.lengthOfInvolvement.p90)], ['Consent withdrawals', c(r.consentWithdrawals), '', '']],
		closures: [['Closure reason', 'Cases'], ...r.closureReasons.map((row) => [row.label, c(row.count)])],
		feedback: [['Feedback question', 'Families who answered'], ...r.feedback.map((f) => [f.question, c(f.answered)])],
		referralToDecisionByMonth: byMonth(s.referralToDecision),
		firstConferenceByMonth: byMonth(s.acceptanceToFirstConference)
	};
	await recordAudit(app.db, { at: app.clock.now(), actor, lmgId: input.lmgId, procedure: 'report.csv', outcome: 'allowed', detail: input.table });
	return { filename: `${r.lmg.name.replace(/[^A-Za-z0-9]+/g, '-')}-${input.table}-${input.from}-to-${input.to}.csv`, csv: toCsv(tables[input.table]) };
}

/** The regional comparison as one CSV: a row per LMG, with the same suppression as the page. */
export async function compareCsv(app: App, actor: Actor, input: { from: string; to: string }) {
	const reports = await compareLmgs(app, actor, input, 'report.compareCsv');
	const c = (x: { value: number | null; suppressed: boolean }) => (x.suppressed ? '<3' : String(x.value));
	const rows = [
		['Region', 'LMG', 'Referrals received', 'Accepted', 'Declined', 'Median days to decision', 'Decided within target', 'Cases open at the end', 'Cases closed', 'Consent withdrawals'],
		...reports.map((r) => [
			r.region,
			r.lmg.name,
			c(r.referrals.received),
			c(r.decisions.accepted),
			c(r.decisions.declined),
			num(r.timeliness.referralToDecision.median),
			pct(r.timeliness.referralToDecision.withinTarget),
			c(r.cases.openAtEnd),
			c(r.cases.closed),
			c(r.consentWithdrawals)
		])
	];
	return { filename: `LMG-comparison-${input.from}-to-${input.to}.csv`, csv: toCsv(rows) };
}

/** The administrator's regional view: the same measures, side by side for every LMG. */
export async function compareLmgs(app: App, actor: Actor, input: { from: string; to: string }, procedure: 'report.compare' | 'report.compareCsv' = 'report.compare') {
	if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only administrators compare LMGs.');
	const lmgs = await app.db.selectFrom('lmg').innerJoin('region', 'region.id', 'lmg.region_id').select(['lmg.id', 'region.name as region']).orderBy('region.name').orderBy('lmg.name').execute();
	const reports = [];
	for (const l of lmgs) reports.push({ region: l.region, ...(await cachedComparison(app, l.id, input)) });
	await recordAudit(app.db, { at: app.clock.now(), actor, procedure, outcome: 'allowed', detail: `${input.from}..${input.to}` });
	return redactCounts(reports);
}
