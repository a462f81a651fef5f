/**
 * The minimal baseline: bare node:http and raw better-sqlite3 prepared statements doing the
 * same SQL work as Tautoko's procedures — session lookup by the token's SHA-256, the actor and
 * roles, the consent check, the reads, the audit insert — and the same pure domain arithmetic
 * (deadlines.ts, statistics.ts), with no framework, query builder, validation or transformer.
 * Tautoko's figure divided by this one is the cost of SvelteKit + tRPC + zod + superjson + Kysely.
 *
 * The statements mirror the SQL Kysely sends for each procedure (bench/explain.ts prints it).
 * It answers GET /api/trpc/{auth.me,case.get,case.list,queue.mine,report.summary} on the same database
 * file and sessions as the real server, and nothing else.
 *
 *   PORT=4411 DATABASE_PATH=... node --import tsx bench/baseline.ts
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import SQLite from 'better-sqlite3';
import { addDays, parseISO } from 'date-fns';
import { dueOn, dueState, elapsed, instantFromLocal, localDate, localDateWeeksAfter, type Target } from '../src/lib/server/domain/deadlines/deadlines';
import { count, countOf, describeDurations, redactCounts, shareOf, suppressRows } from '../src/lib/server/domain/report/statistics';

const db = new SQLite(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -262144'); // as Tautoko's openSqlite

const IDLE_MS = 30 * 60_000;
const ABSOLUTE_MS = 12 * 60 * 60_000;

type Actor = { userId: string; agencyId: string | null; roles: { role: string; lmg_id: string | null }[] };

const q = {
	session: db.prepare(
		`select session.id, session.user_id, session.created_at, session.last_active_at, app_user.disabled_at, app_user.email, app_user.name, app_user.agency_id, app_user.family_member_id
		 from session inner join app_user on app_user.id = session.user_id where session.id = ?`
	),
	deleteSession: db.prepare('delete from session where id = ?'),
	touchSession: db.prepare('update session set last_active_at = ? where id = ?'),
	roles: db.prepare('select role, lmg_id from user_role where user_id = ?'),
	audit: db.prepare('insert into audit_log (at, user_id, role, agency_id, lmg_id, procedure, case_id, outcome, detail, address) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
	// case.get
	caseLmg: db.prepare('select id, lmg_id from family_case where id = ?'),
	activeConsent: db.prepare(
		`select ce.id, ce.scope_all, ce.categories_json, ce.valid_until from consent_event as ce where ce.state = 'granted' and ce.valid_from <= ? and ce.valid_until > ?
		 and not exists (select newer.id from consent_event as newer where newer.case_id = ce.case_id and newer.agency_id = ce.agency_id and newer.created_at > ce.created_at)
		 and ce.case_id = ? and ce.agency_id = ?`
	),
	caseRow: db.prepare(
		`select c.id, c.reference, c.lmg_id, lmg.name as lmg_name, lmg.timezone, c.family_id, c.referral_id, c.protocol_version_id, c.status, c.needs_lead_agency, c.opened_at,
		 c.first_conference_due_on, c.next_review_on, c.closed_at, c.closure_reason, coordinator.name as coordinator_name, lead.name as lead_agency_name, c.lead_agency_id,
		 c.lead_worker_id, c.closing_report, lead_worker.name as lead_worker_name
		 from family_case as c inner join lmg on lmg.id = c.lmg_id inner join family on family.id = c.family_id left join app_user as coordinator on coordinator.id = c.coordinator_id
		 left join agency as lead on lead.id = c.lead_agency_id left join app_user as lead_worker on lead_worker.id = c.lead_worker_id where c.id = ?`
	),
	protocol: db.prepare('select id, lmg_id, version, status, document_json, published_at from protocol_version where id = ?'),
	family: db.prepare('select id, label, area, languages_json, interpreter_needed, cultural_identity, iwi from family where id = ?'),
	members: db.prepare('select id, name, date_of_birth, gender, relationship, member_kind, school from family_member where family_id = ? order by member_kind, date_of_birth, name'),
	network: db.prepare('select agency.id, agency.name, agency.kind, ca.added_at from case_agency as ca inner join agency on agency.id = ca.agency_id where ca.case_id = ? order by agency.name'),
	consentHistory: db.prepare(
		`select ce.id, ce.agency_id, agency.name as agency_name, ce.state, ce.scope_all, ce.categories_json, ce.method, ce.valid_from, ce.valid_until, ce.note, ce.created_at,
		 fm.name as given_by_name, recorder.name as recorded_by_name from consent_event as ce inner join agency on agency.id = ce.agency_id
		 left join family_member as fm on fm.id = ce.given_by_member_id left join app_user as recorder on recorder.id = ce.recorded_by where ce.case_id = ? order by ce.created_at`
	),
	notes: db.prepare(
		`select n.id, n.category, n.body, n.noted_on, n.created_at, author.name as author_name, agency.name as agency_name from case_note as n
		 inner join app_user as author on author.id = n.author_id left join agency on agency.id = n.author_agency_id where n.case_id = ? order by n.noted_on desc, n.created_at desc`
	),
	referral: db.prepare('select referral.summary, referral.needs_json, agency.name as agency_name from referral inner join agency on agency.id = referral.referring_agency_id where referral.id = ?'),
	concerns: db.prepare(
		`select concern.id, concern.description, concern.statutory_referral_to, concern.statutory_referral_on, concern.created_at, u.name as raised_by from concern
		 inner join app_user as u on u.id = concern.raised_by where concern.case_id = ? order by concern.created_at desc`
	),
	handovers: db.prepare(
		`select h.id, h.status, h.reason, h.note, h.proposed_at, h.responded_at, h.to_agency_id, "to".name as to_name, "from".name as from_name from handover as h
		 inner join agency as "to" on "to".id = h.to_agency_id left join agency as "from" on "from".id = h.from_agency_id where h.case_id = ? order by h.proposed_at desc`
	),
	feedback: db.prepare('select question_key, answer from feedback_answer where case_id = ?'),
	// case.list (coordinator): the count and the page, with and without a status filter
	listFrom: 'from family_case as c inner join family on family.id = c.family_id inner join lmg on lmg.id = c.lmg_id left join agency as lead on lead.id = c.lead_agency_id where c.lmg_id in (?)'
};
const listColumns =
	'c.id, c.reference, c.status, c.needs_lead_agency, c.opened_at, c.first_conference_due_on, c.next_review_on, family.label as family_label, lmg.name as lmg_name, lmg.timezone, lead.name as lead_agency_name';
const list = {
	count: db.prepare('select count(*) as n from family_case as c where c.lmg_id in (?)'),
	countStatus: db.prepare('select count(*) as n from family_case as c where c.lmg_id in (?) and c.status = ?'),
	rows: db.prepare(`select ${listColumns} ${q.listFrom} order by c.opened_at desc, c.id limit ? offset ?`),
	rowsStatus: db.prepare(`select ${listColumns} ${q.listFrom} and c.status = ? order by c.opened_at desc, c.id limit ? offset ?`)
};
const queue = {
	referrals: db.prepare(
		`select r.id, r.submitted_at, r.protocol_version_id, family.label, lmg.timezone, agency.name as agency_name from referral as r inner join family on family.id = r.family_id
		 inner join lmg on lmg.id = r.lmg_id inner join agency on agency.id = r.referring_agency_id where r.lmg_id in (?) and r.status in ('submitted', 'under_assessment') order by r.submitted_at`
	),
	cases: db.prepare(
		`select c.id, c.reference, c.status, c.needs_lead_agency, c.first_conference_due_on, c.next_review_on, family.label, lmg.timezone,
		 exists (select conference.id from conference where conference.case_id = c.id and conference.status = 'scheduled') as has_scheduled
		 from family_case as c inner join family on family.id = c.family_id inner join lmg on lmg.id = c.lmg_id
		 where c.lmg_id in (?) and c.status in ('awaiting_conference', 'active') and (c.status = 'awaiting_conference' or (c.status = 'active' and c.next_review_on <= ?) or (c.status = 'active' and c.needs_lead_agency = 1))`
	),
	expiring: db.prepare(
		`select c.id, c.reference, family.label, agency.name as agency_name, ce.valid_until, lmg.timezone from consent_event as ce inner join family_case as c on c.id = ce.case_id
		 cross join family inner join agency on agency.id = ce.agency_id inner join lmg on lmg.id = c.lmg_id
		 where ce.state = 'granted' and ce.valid_from <= ? and ce.valid_until > ?
		 and not exists (select newer.id from consent_event as newer where newer.case_id = ce.case_id and newer.agency_id = ce.agency_id and newer.created_at > ce.created_at)
		 and family.id = c.family_id and c.lmg_id in (?) and c.status in ('awaiting_conference', 'active') and ce.valid_until <= ?`
	)
};
const report = {
	lmg: db.prepare('select id, name, timezone from lmg where id = ?'),
	referrals: db.prepare(
		`select r.status, r.submitted_at, r.decided_at, r.decision_reason, r.protocol_version_id, agency.name as agency from referral as r inner join agency on agency.id = r.referring_agency_id
		 where r.lmg_id = ? and ((r.submitted_at >= ? and r.submitted_at < ?) or (r.decided_at >= ? and r.decided_at < ?))`
	),
	cases: db.prepare('select c.id, c.opened_at, c.closed_at, c.closure_reason, c.protocol_version_id from family_case as c where c.lmg_id = ? and c.opened_at < ? and (c.closed_at is null or c.closed_at >= ?)'),
	conferences: db.prepare(`select case_id, kind, held_at from conference where status = 'held' and case_id in (select c.id from family_case as c where c.lmg_id = ? and c.opened_at < ? and (c.closed_at is null or c.closed_at >= ?)) order by case_id, held_at`),
	withdrawals: db.prepare(
		`select count(*) as n from consent_event where case_id in (select c.id from family_case as c where c.lmg_id = ? and c.opened_at < ? and (c.closed_at is null or c.closed_at >= ?)) and state = 'withdrawn' and created_at >= ? and created_at < ?`
	),
	actions: db.prepare(
		`select agency.name as agency, count(*) as due, sum(case when v.completed_on is not null and v.completed_on <= v.due_on then 1 else 0 end) as on_time
		 from (select a.responsible_agency_id, a.due_on, a.completed_on, row_number() over (partition by p.case_id, a.action_key order by p.version desc) as newest
		       from plan_action as a inner join action_plan as p on p.id = a.plan_id
		       where p.case_id in (select c.id from family_case as c where c.lmg_id = ? and c.opened_at < ? and (c.closed_at is null or c.closed_at >= ?)) and p.status = 'agreed' and a.due_on >= ? and a.due_on <= ? and a.responsible_agency_id is not null) as v
		 inner join agency on agency.id = v.responsible_agency_id where v.newest = 1 group by agency.name`
	),
	current: db.prepare(
		`select pv.id, pv.lmg_id, pv.version, pv.document_json, pv.published_at from protocol_version as pv where pv.lmg_id in (?) and pv.status = 'published'
		 and pv.version = (select max(newer.version) as v from protocol_version as newer where newer.lmg_id = pv.lmg_id and newer.status = 'published')`
	)
};
/** Statements over a list of ids, prepared once per list length as a raw-SQL program would. */
const byLength = new Map<string, SQLite.Statement>();
function inList(key: string, length: number, sql: (marks: string) => string) {
	const k = `${key}:${length}`;
	let statement = byLength.get(k);
	if (!statement) byLength.set(k, (statement = db.prepare(sql(Array(length).fill('?').join(', ')))));
	return statement;
}

function audit(actor: Actor, procedure: string, outcome: string, extra: { role?: string | null; lmgId?: string | null; caseId?: string | null; detail?: string | null }) {
	q.audit.run(new Date().toISOString(), actor.userId, extra.role ?? null, actor.agencyId, extra.lmgId ?? null, procedure, extra.caseId ?? null, outcome, extra.detail ?? null, null);
}

function authenticate(cookie: string | undefined): Actor | null {
	const token = cookie?.match(/(?:^|;\s*)tautoko_session=([^;]+)/)?.[1];
	if (!token) return null;
	const sessionId = createHash('sha256').update(token).digest('hex');
	const row = q.session.get(sessionId) as { user_id: string; created_at: string; last_active_at: string; disabled_at: string | null; agency_id: string | null } | undefined;
	if (!row) return null;
	const now = Date.now();
	const lastActive = new Date(row.last_active_at).getTime();
	if (row.disabled_at !== null || now >= new Date(row.created_at).getTime() + ABSOLUTE_MS || now >= lastActive + IDLE_MS) {
		q.deleteSession.run(sessionId);
		return null;
	}
	const roles = q.roles.all(row.user_id) as Actor['roles'];
	if (now - lastActive >= 60_000) q.touchSession.run(new Date(now).toISOString(), sessionId);
	return { userId: row.user_id, agencyId: row.agency_id, roles };
}

const lmgsWhere = (actor: Actor, role: string) => actor.roles.filter((r) => r.role === role && r.lmg_id).map((r) => r.lmg_id!);
const hasRole = (actor: Actor, role: string) => actor.roles.some((r) => r.role === role);
type Protocol = { document: any; version: number };
/** Published protocol versions never change: read once, as Tautoko does. */
const publishedProtocols = new Map<string, Protocol>();
const protocolOf = (id: string): Protocol => {
	const known = publishedProtocols.get(id);
	if (known) return known;
	const row = q.protocol.get(id) as { document_json: string; version: number; status: string };
	const protocol = { document: JSON.parse(row.document_json), version: row.version };
	if (row.status === 'published') publishedProtocols.set(id, protocol);
	return protocol;
};

function caseGet(actor: Actor, caseId: string) {
	const now = new Date();
	const at = now.toISOString();
	const found = q.caseLmg.get(caseId) as { lmg_id: string } | undefined;
	let access: { via: 'coordinator' | 'agency'; lmgId: string; role: string; scope: 'all' | string[] } | null = null;
	if (found && lmgsWhere(actor, 'coordinator').includes(found.lmg_id)) access = { via: 'coordinator', lmgId: found.lmg_id, role: 'coordinator', scope: 'all' };
	else if (found && hasRole(actor, 'agency_worker') && actor.agencyId) {
		const consent = q.activeConsent.get(at, at, caseId, actor.agencyId) as { scope_all: number; categories_json: string } | undefined;
		if (consent) access = { via: 'agency', lmgId: found.lmg_id, role: 'agency_worker', scope: consent.scope_all ? 'all' : JSON.parse(consent.categories_json) };
	}
	if (!access) {
		audit(actor, 'case.get', 'denied', { caseId, detail: 'NOT_FOUND' });
		return null;
	}
	const sees = (category: string | null) => access!.via !== 'agency' || category === null || access!.scope === 'all' || access!.scope.includes(category);
	const row = q.caseRow.get(caseId) as any;
	const protocol = protocolOf(row.protocol_version_id);
	const family = q.family.get(row.family_id) as any;
	const members = q.members.all(row.family_id) as any[];
	const network = q.network.all(caseId) as any[];
	const history = q.consentHistory.all(caseId) as any[];
	const notes = (q.notes.all(caseId) as any[]).filter((n) => sees(n.category));
	const referral = q.referral.get(row.referral_id) as any;
	const concerns = q.concerns.all(caseId) as any[];
	const handovers = q.handovers.all(caseId) as any[];
	const feedback = q.feedback.all(caseId) as any[];
	const current = new Map<string, any>();
	for (const h of history) current.set(h.agency_id, h);
	const shown = [...new Set(notes.map((n) => n.category))].sort();
	audit(actor, 'case.get', 'allowed', { role: access.role, lmgId: access.lmgId, caseId, detail: shown.length ? `case record; notes: ${shown.join(', ')}` : 'case record' });
	const everything = access.via === 'coordinator' || access.scope === 'all';
	const label = new Map<string, string>(protocol.document.informationCategories.map((c: any) => [c.key, c.label]));
	const due = row.status === 'awaiting_conference' ? row.first_conference_due_on : row.status === 'active' ? row.next_review_on : null;
	return {
		id: row.id,
		reference: row.reference,
		status: row.status,
		needsLeadAgency: row.needs_lead_agency === 1,
		lmg: { id: row.lmg_id, name: row.lmg_name, timezone: row.timezone },
		coordinator: row.coordinator_name,
		leadAgency: row.lead_agency_name,
		leadWorker: row.lead_worker_name,
		openedAt: row.opened_at,
		closedAt: row.closed_at,
		deadline: due ? { dueOn: due, state: dueState(due, now, row.timezone) } : null,
		protocol: { version: protocol.version, categories: protocol.document.informationCategories, closureReasons: protocol.document.closureReasons, feedbackQuestions: protocol.document.feedbackQuestions },
		isLeadWorker: row.lead_worker_id === actor.userId,
		concerns: concerns.map((c) => ({ ...c, description: sees('care_and_protection') ? c.description : null })),
		handovers: handovers.map((h) => ({ ...h, note: everything ? h.note : null })),
		closure: { report: everything ? row.closing_report : null, reason: row.closure_reason, feedback: access.via === 'coordinator' ? feedback : [] },
		access: { via: access.via, scope: access.scope },
		family: { ...family, languages: JSON.parse(family.languages_json) },
		members,
		referral: { agency: referral.agency_name, needs: (JSON.parse(referral.needs_json) as string[]).map((k) => label.get(k) ?? k), summary: everything ? referral.summary : null },
		network: network.map((a) => {
			const c = current.get(a.id);
			const expired = c?.state === 'granted' && c.valid_until !== null && new Date(c.valid_until) <= now;
			return { ...a, consent: c ? { state: expired ? 'expired' : c.state, scope: c.scope_all ? 'all' : JSON.parse(c.categories_json), validUntil: c.valid_until } : null };
		}),
		notes: notes.map((n) => ({ ...n, categoryLabel: label.get(n.category) ?? n.category }))
	};
}

function caseList(actor: Actor, input: { status?: string; page?: number; pageSize?: number }) {
	const lmgIds = lmgsWhere(actor, 'coordinator');
	if (lmgIds.length !== 1) return null; // the bench's coordinators coordinate one LMG each
	const pageSize = input.pageSize ?? 25;
	const offset = ((input.page ?? 1) - 1) * pageSize;
	const total = (input.status ? list.countStatus.get(lmgIds[0], input.status) : list.count.get(lmgIds[0])) as { n: number };
	const rows = (input.status ? list.rowsStatus.all(lmgIds[0], input.status, pageSize, offset) : list.rows.all(lmgIds[0], pageSize, offset)) as any[];
	const now = new Date();
	return {
		total: total.n,
		page: input.page ?? 1,
		pageSize,
		cases: rows.map((r) => {
			const due = r.status === 'awaiting_conference' ? r.first_conference_due_on : r.status === 'active' ? r.next_review_on : null;
			return { ...r, needsLeadAgency: r.needs_lead_agency === 1, deadline: due ? { dueOn: due, state: dueState(due, now, r.timezone) } : null };
		})
	};
}

function queueMine(actor: Actor) {
	const lmgIds = lmgsWhere(actor, 'coordinator');
	if (lmgIds.length !== 1) return null;
	const now = new Date();
	const protocols = new Map<string, Protocol>();
	const protocol = (id: string) => protocols.get(id) ?? protocols.set(id, protocolOf(id)).get(id)!;
	const referrals = (queue.referrals.all(lmgIds[0]) as any[]).map((r) => {
		const due = dueOn(new Date(r.submitted_at), protocol(r.protocol_version_id).document.targets.referralToDecision, r.timezone);
		return { referralId: r.id, title: r.label, detail: `Referred by ${r.agency_name}`, dueOn: due, state: dueState(due, now, r.timezone) };
	});
	const soon = addDays(new Date(`${localDate(now, 'Pacific/Auckland')}T00:00:00Z`), 3).toISOString().slice(0, 10);
	const cases = queue.cases.all(lmgIds[0], soon) as any[];
	const item = (c: any, dueOnDate: string | null, detail: string) => ({ caseId: c.id, title: `${c.label} (${c.reference})`, detail, dueOn: dueOnDate, state: dueOnDate ? dueState(dueOnDate, now, c.timezone) : null });
	const awaiting = cases.filter((c) => c.status === 'awaiting_conference').map((c) => item(c, c.first_conference_due_on, c.has_scheduled ? 'First conference scheduled' : 'No first conference scheduled yet'));
	const reviews = cases
		.filter((c) => c.status === 'active' && c.next_review_on && dueState(c.next_review_on, now, c.timezone) !== 'on_track')
		.map((c) => item(c, c.next_review_on, c.has_scheduled ? 'Review scheduled' : 'Review not yet scheduled'));
	const withoutLead = cases.filter((c) => c.status === 'active' && c.needs_lead_agency === 1).map((c) => ({ ...item(c, null, 'No lead agency'), state: 'overdue' }));
	const at = now.toISOString();
	const consents = (queue.expiring.all(at, at, lmgIds[0], addDays(now, 30).toISOString()) as any[]).map((e) => {
		const due = localDate(new Date(e.valid_until), e.timezone);
		return { caseId: e.id, title: `${e.label} (${e.reference})`, detail: `${e.agency_name}’s consent ends`, dueOn: due, state: dueState(due, now, e.timezone) };
	});
	const rank = (i: { state: string | null }) => (i.state === 'overdue' ? 0 : i.state === 'due_soon' ? 1 : 2);
	const byUrgency = (a: any, b: any) => rank(a) - rank(b) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999');
	audit(actor, 'queue.mine', 'allowed', { detail: 'work queue' });
	return { coordinator: { referrals: referrals.sort(byUrgency), awaitingConference: awaiting.sort(byUrgency), reviews: reviews.sort(byUrgency), withoutLead, consentsExpiring: consents.sort(byUrgency) }, worker: null };
}

function reportSummary(actor: Actor, input: { lmgId: string; from: string; to: string }) {
	if (!lmgsWhere(actor, 'lmg_admin').includes(input.lmgId) && !lmgsWhere(actor, 'coordinator').includes(input.lmgId)) return null;
	const lmg = report.lmg.get(input.lmgId) as { id: string; name: string; timezone: string };
	const tz = lmg.timezone;
	const start = instantFromLocal(input.from, '00:00', tz)!.toISOString();
	const end = instantFromLocal(localDate(addDays(parseISO(input.to), 1), 'UTC'), '00:00', tz)!.toISOString();
	const inPeriod = (at: string | null) => at !== null && at >= start && at < end;
	const protocols = new Map<string, Protocol>();
	const protocol = (id: string) => protocols.get(id) ?? protocols.set(id, protocolOf(id)).get(id)!;
	const days = (from: string, to: string) => Math.round((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000);
	const within = (s: string, e: string, target: Target) => elapsed(new Date(s), new Date(e), target.unit, tz) <= target.amount;
	const tally = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

	const referrals = report.referrals.all(input.lmgId, start, end, start, end) as any[];
	const byAgency = new Map<string, number>();
	const received = referrals.filter((r) => inPeriod(r.submitted_at));
	for (const r of received) tally(byAgency, r.agency);
	const decided = referrals.filter((r) => inPeriod(r.decided_at) && (r.status === 'accepted' || r.status === 'declined'));
	const reasons = new Map<string, number>();
	for (const r of decided) if (r.status === 'declined') tally(reasons, r.decision_reason ?? '');
	const decisionDays = decided.map((r) => days(r.submitted_at, r.decided_at));
	const decisionOnTime = decided.map((r) => within(r.submitted_at, r.decided_at, protocol(r.protocol_version_id).document.targets.referralToDecision));

	const cases = report.cases.all(input.lmgId, end, start) as any[];
	const open = [input.lmgId, end, start];
	const conferences = report.conferences.all(...open) as any[];
	const heldByCase = new Map<string, any[]>();
	for (const f of conferences) (heldByCase.get(f.case_id) ?? heldByCase.set(f.case_id, []).get(f.case_id)!).push(f);
	const firstDays: number[] = [];
	const firstOnTime: boolean[] = [];
	let reviewsHeld = 0;
	let reviewsOnTime = 0;
	for (const c of cases) {
		const held = heldByCase.get(c.id) ?? [];
		const document = protocol(c.protocol_version_id).document;
		const initial = held.find((f) => f.kind === 'initial');
		if (initial && inPeriod(initial.held_at)) {
			firstDays.push(days(c.opened_at, initial.held_at));
			firstOnTime.push(within(c.opened_at, initial.held_at, document.targets.acceptanceToFirstConference));
		}
		held.forEach((f, i) => {
			if (f.kind !== 'review' || !inPeriod(f.held_at) || i === 0) return;
			reviewsHeld++;
			if (localDate(new Date(f.held_at), tz) <= localDateWeeksAfter(new Date(held[i - 1].held_at), document.reviewIntervalWeeks, tz)) reviewsOnTime++;
		});
	}
	const closed = cases.filter((c) => inPeriod(c.closed_at));
	const closureReasons = new Map<string, number>();
	for (const c of closed) tally(closureReasons, protocol(c.protocol_version_id).document.closureReasons.find((r: any) => r.key === c.closure_reason)?.label ?? c.closure_reason ?? '');
	const byAgencyActions = new Map<string, { due: number; onTime: number }>();
	const actions = report.actions.all(...open, input.from, input.to) as { agency: string; due: number; on_time: number }[];
	for (const a of actions) byAgencyActions.set(a.agency, { due: a.due, onTime: a.on_time });
	const withdrawals = report.withdrawals.get(...open, start, end) as { n: number };
	const closedIds = closed.map((c) => c.id);
	const feedback = closedIds.length ? (inList('feedback', closedIds.length, (m) => `select case_id, question_key from feedback_answer where case_id in (${m})`).all(...closedIds) as any[]) : [];
	const questions = new Map<string, string>();
	for (const c of closed) for (const fq of protocol(c.protocol_version_id).document.feedbackQuestions) questions.set(fq.key, fq.text);
	const pooled = new Map<string, number>();
	for (const [reason, n] of reasons) pooled.set(n >= 3 ? reason : 'Other reasons', (pooled.get(n >= 3 ? reason : 'Other reasons') ?? 0) + n);
	const rowsOf = (map: Map<string, number>) => suppressRows([...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label, n]) => ({ label, count: count(n) })));
	const lengths = closed.map((c) => days(c.opened_at, c.closed_at));
	const current = JSON.parse((report.current.get(input.lmgId) as { document_json: string }).document_json);
	audit(actor, 'report.summary', 'allowed', { lmgId: input.lmgId, detail: `${input.from}..${input.to}` });
	return redactCounts({
		lmg,
		period: { from: input.from, to: input.to },
		targets: current.targets,
		referrals: { received: count(received.length), byAgency: rowsOf(byAgency) },
		decisions: { accepted: count(decided.filter((d) => d.status === 'accepted').length), declined: count(decided.filter((d) => d.status === 'declined').length), declinedByReason: rowsOf(pooled) },
		timeliness: {
			referralToDecision: describeDurations(decisionDays, decisionOnTime),
			acceptanceToFirstConference: describeDurations(firstDays, firstOnTime),
			reviews: { held: count(reviewsHeld), onTime: countOf(reviewsOnTime, reviewsHeld), share: shareOf(reviewsOnTime, reviewsHeld) }
		},
		actions: [...byAgencyActions.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([agency, r]) => ({ agency, due: count(r.due), onTime: countOf(r.onTime, r.due), share: shareOf(r.onTime, r.due) })),
		cases: { openAtEnd: count(cases.filter((c) => c.closed_at === null || c.closed_at >= end).length), closed: count(closed.length), lengthOfInvolvement: describeDurations(lengths, lengths.map(() => true)) },
		closureReasons: rowsOf(closureReasons),
		consentWithdrawals: count(withdrawals.n),
		feedback: [...questions.entries()].map(([key, text]) => ({ question: text, answered: count(new Set(feedback.filter((f) => f.question_key === key).map((f) => f.case_id)).size) }))
	});
}

function send(res: ServerResponse, status: number, body: unknown) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
	res.end(text);
}

const procedures: Record<string, (actor: Actor, input: any) => unknown> = {
	// The least a signed-in request can do: the session lookup and the answer.
	'auth.me': (actor) => ({ id: actor.userId, roles: actor.roles, agencyId: actor.agencyId }),
	'case.get': (actor, input) => (typeof input?.caseId === 'string' ? caseGet(actor, input.caseId) : null),
	'case.list': (actor, input) => caseList(actor, input ?? {}),
	'queue.mine': (actor) => queueMine(actor),
	'report.summary': (actor, input) => (typeof input?.lmgId === 'string' ? reportSummary(actor, input) : null)
};

createServer((req, res) => {
	try {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const procedure = procedures[url.pathname.replace('/api/trpc/', '')];
		if (req.method !== 'GET' || !procedure) return send(res, 404, { error: { message: 'not found' } });
		const actor = authenticate(req.headers.cookie);
		if (!actor) return send(res, 401, { error: { message: 'Please sign in.' } });
		const raw = url.searchParams.get('input');
		const result = procedure(actor, raw ? JSON.parse(raw).json : undefined);
		if (result === null) return send(res, 404, { error: { message: 'not found' } });
		send(res, 200, { result: { data: { json: result } } });
	} catch (error) {
		console.error(error);
		send(res, 500, { error: { message: 'failed' } });
	}
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`baseline listening on ${process.env.PORT}`));

// Exit cleanly when the bench stops it (and let --cpu-prof write its profile).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
