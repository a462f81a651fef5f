import { addDays } from 'date-fns';
import type { App } from '../../app';
import { hasRole, lmgIdsWhere, type Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { canSeeCategory } from '../consent/case-access';
import { activeConsentOnListedCase, activeConsentRows } from '../consent/consent.repository';
import { DUE_SOON_DAYS, dueOn, dueState, localDate, type DueState } from '../deadlines/deadlines';
import { getProtocolVersion, type ProtocolVersion } from '../protocol/protocol.service';

/** How far ahead a consent's end shows on the coordinator's queue. */
const CONSENT_EXPIRY_NOTICE_DAYS = 30;

type Item = { caseId: string | null; referralId?: string; title: string; detail: string; dueOn: string | null; state: DueState | null; link: string };

/** Most urgent first: overdue, then due soon, then the rest by date. */
function byUrgency(a: Item, b: Item) {
	const rank = (i: Item) => (i.state === 'overdue' ? 0 : i.state === 'due_soon' ? 1 : 2);
	return rank(a) - rank(b) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999');
}

/**
 * What each person has to do, from the protocol each case is pinned to, in its LMG's timezone.
 * Coordinators: referrals awaiting decision, first conferences, reviews, cases without a lead,
 * consents ending soon. Agency workers: their agency's actions due soon or overdue (only on cases
 * and in kinds of information the family's consent opens to them), their lead cases' reviews,
 * and handovers offered to their agency.
 */
export async function myQueue(app: App, actor: Actor) {
	const now = app.clock.now();
	const protocols = new Map<string, ProtocolVersion>();
	const protocol = async (id: string) => {
		if (!protocols.has(id)) protocols.set(id, await getProtocolVersion(app.db, id));
		return protocols.get(id)!;
	};
	const result = { coordinator: null as null | Record<string, Item[]>, worker: null as null | Record<string, Item[]> };

	const lmgIds = lmgIdsWhere(actor, 'coordinator');
	if (lmgIds.length > 0) {
		const referrals = await app.db
			.selectFrom('referral as r')
			.innerJoin('family', 'family.id', 'r.family_id')
			.innerJoin('lmg', 'lmg.id', 'r.lmg_id')
			.innerJoin('agency', 'agency.id', 'r.referring_agency_id')
			.select(['r.id', 'r.submitted_at', 'r.protocol_version_id', 'family.label', 'lmg.timezone', 'agency.name as agency_name'])
			.where('r.lmg_id', 'in', lmgIds)
			.where('r.status', 'in', ['submitted', 'under_assessment'])
			.orderBy('r.submitted_at')
			.execute();
		const referralItems: Item[] = [];
		for (const r of referrals) {
			const due = dueOn(new Date(r.submitted_at), (await protocol(r.protocol_version_id)).document.targets.referralToDecision, r.timezone);
			referralItems.push({ caseId: null, referralId: r.id, title: r.label, detail: `Referred by ${r.agency_name}`, dueOn: due, state: dueState(due, now, r.timezone), link: `/referrals/${r.id}` });
		}

		const cases = await app.db
			.selectFrom('family_case as c')
			.innerJoin('family', 'family.id', 'c.family_id')
			.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
			.select(['c.id', 'c.reference', 'c.status', 'c.needs_lead_agency', 'c.first_conference_due_on', 'c.next_review_on', 'family.label', 'lmg.timezone'])
			.select((eb) =>
				eb.exists(eb.selectFrom('conference').select('conference.id').whereRef('conference.case_id', '=', 'c.id').where('conference.status', '=', 'scheduled')).as('has_scheduled')
			)
			.where('c.lmg_id', 'in', lmgIds)
			// Open cases only, named so the (lmg, status) index skips the closed ones (most of an
			// LMG's history) instead of reading every case row to test it.
			.where('c.status', 'in', ['awaiting_conference', 'active'])
			// Only cases that can be on the queue: waiting for a first conference, a review due soon or
			// past (a day's margin covers every New Zealand timezone), or an active case without a lead.
			.where((eb) =>
				eb.or([
					eb('c.status', '=', 'awaiting_conference'),
					eb.and([eb('c.status', '=', 'active'), eb('c.next_review_on', '<=', addDaysToDate(localDate(now, 'Pacific/Auckland'), DUE_SOON_DAYS + 1))]),
					eb.and([eb('c.status', '=', 'active'), eb('c.needs_lead_agency', '=', 1)])
				])
			)
			.execute();
		const label = (c: (typeof cases)[number]) => `${c.label} (${c.reference})`;
		const awaitingConference = cases
			.filter((c) => c.status === 'awaiting_conference')
			.map((c) => ({
				caseId: c.id,
				title: label(c),
				detail: c.has_scheduled ? 'First conference scheduled' : 'No first conference scheduled yet',
				dueOn: c.first_conference_due_on,
				state: c.first_conference_due_on ? dueState(c.first_conference_due_on, now, c.timezone) : null,
				link: `/cases/${c.id}/conferences`
			}));
		const reviews = cases
			.filter((c) => c.status === 'active' && c.next_review_on && dueState(c.next_review_on, now, c.timezone) !== 'on_track')
			.map((c) => ({
				caseId: c.id,
				title: label(c),
				detail: c.has_scheduled ? 'Review scheduled' : 'Review not yet scheduled',
				dueOn: c.next_review_on,
				state: dueState(c.next_review_on!, now, c.timezone),
				link: `/cases/${c.id}/conferences`
			}));
		const withoutLead = cases
			.filter((c) => c.status === 'active' && c.needs_lead_agency === 1)
			.map((c) => ({ caseId: c.id, title: label(c), detail: 'No lead agency with the family’s consent', dueOn: null, state: 'overdue' as const, link: `/cases/${c.id}` }));

		const horizon = addDays(now, CONSENT_EXPIRY_NOTICE_DAYS).toISOString();
		// The family is joined after the consent test: of an LMG's ~280 open cases only a few have a
		// consent ending, and SQLite, left to choose, fetched every case's family first. A CROSS JOIN
		// keeps the order written in SQLite; PostgreSQL plans it as the inner join it is.
		const expiring = await activeConsentRows(app.db, now)
			.innerJoin('family_case as c', 'c.id', 'ce.case_id')
			.crossJoin('family')
			.whereRef('family.id', '=', 'c.family_id')
			.innerJoin('agency', 'agency.id', 'ce.agency_id')
			.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
			.select(['c.id', 'c.reference', 'family.label', 'agency.name as agency_name', 'ce.valid_until', 'lmg.timezone'])
			.where('c.lmg_id', 'in', lmgIds)
			.where('c.status', 'in', ['awaiting_conference', 'active'])
			.where('ce.valid_until', '<=', horizon)
			.execute();
		const consents = expiring.map((e) => {
			const due = localDate(new Date(e.valid_until!), e.timezone);
			return { caseId: e.id, title: `${e.label} (${e.reference})`, detail: `${e.agency_name}’s consent ends`, dueOn: due, state: dueState(due, now, e.timezone), link: `/cases/${e.id}/consent` };
		});

		result.coordinator = {
			referrals: referralItems.sort(byUrgency),
			awaitingConference: awaitingConference.sort(byUrgency),
			reviews: reviews.sort(byUrgency),
			withoutLead,
			consentsExpiring: consents.sort(byUrgency)
		};
	}

	if (hasRole(actor, 'agency_worker') && actor.agencyId) {
		const agencyId = actor.agencyId;
		// A generous cut-off in SQL (any New Zealand zone is within it); each action's own LMG timezone decides below.
		const today = localDate(now, 'Pacific/Auckland');
		// Actions in each case's latest plan, on cases where the agency's consent is active now.
		// Read from the consents outwards: a regional agency has thousands of open actions in plan
		// versions since replaced (they keep their statuses), but only its consented cases' latest
		// plans matter. SQLite keeps the tables of a CROSS JOIN in the order written, so it starts
		// from the consents: 40–70 ms → 10–20 ms for a regional agency at national scale
		// (bench/results-notes.md). PostgreSQL reads it as the inner join it is and plans it itself.
		const actions = await app.db
			.selectFrom(activeConsentRows(app.db, now).select(['ce.case_id', 'ce.scope_all', 'ce.categories_json']).where('ce.agency_id', '=', agencyId).as('consent'))
			.crossJoin('family_case as c')
			.crossJoin('action_plan as p')
			.crossJoin('plan_action as a')
			.crossJoin('family')
			.crossJoin('lmg')
			.select(['a.id', 'a.description', 'a.category', 'a.due_on', 'a.worker_id', 'c.id as case_id', 'c.reference', 'family.label', 'lmg.timezone', 'consent.scope_all', 'consent.categories_json'])
			.whereRef('c.id', '=', 'consent.case_id')
			.where('c.status', '!=', 'closed')
			.whereRef('p.case_id', '=', 'c.id')
			.where('p.version', '=', (eb) => eb.selectFrom('action_plan as latest').select((e) => e.fn.max('latest.version').as('version')).whereRef('latest.case_id', '=', 'c.id'))
			.whereRef('a.plan_id', '=', 'p.id')
			.where('a.responsible_agency_id', '=', agencyId)
			.where('a.status', 'in', ['not_started', 'in_progress'])
			.where('a.due_on', '<=', addDaysToDate(today, 3))
			.whereRef('family.id', '=', 'c.family_id')
			.whereRef('lmg.id', '=', 'c.lmg_id')
			.execute();
		const actionItems = actions
			.filter((a) => canSeeCategory({ via: 'agency', role: 'agency_worker', caseId: a.case_id, lmgId: '', agencyId, scope: a.scope_all ? 'all' : JSON.parse(a.categories_json) }, a.category))
			.map((a) => ({
				caseId: a.case_id,
				title: a.description,
				detail: `${a.label} (${a.reference})${a.worker_id === actor.userId ? ' · yours' : ''}`,
				dueOn: a.due_on,
				state: dueState(a.due_on, now, a.timezone),
				link: `/cases/${a.case_id}/plan`
			}))
			.filter((i) => i.state !== 'on_track');

		const leadCases = await app.db
			.selectFrom('family_case as c')
			.innerJoin('family', 'family.id', 'c.family_id')
			.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
			.select(['c.id', 'c.reference', 'c.next_review_on', 'family.label', 'lmg.timezone'])
			.where('c.lead_worker_id', '=', actor.userId)
			.where('c.status', '=', 'active')
			.where(({ exists }) => exists(activeConsentOnListedCase(app.db, agencyId, now)))
			.execute();
		const leadReviews = leadCases
			.filter((c) => c.next_review_on)
			.map((c) => ({ caseId: c.id, title: `${c.label} (${c.reference})`, detail: 'Review conference', dueOn: c.next_review_on, state: dueState(c.next_review_on!, now, c.timezone), link: `/cases/${c.id}` }));

		const handovers = await app.db
			.selectFrom('handover as h')
			.innerJoin('family_case as c', 'c.id', 'h.case_id')
			.innerJoin('family', 'family.id', 'c.family_id')
			.select(['h.id', 'c.id as case_id', 'c.reference', 'family.label', 'h.reason'])
			.where('h.to_agency_id', '=', agencyId)
			.where('h.status', '=', 'proposed')
			.where(({ exists }) => exists(activeConsentOnListedCase(app.db, agencyId, now)))
			.execute();

		result.worker = {
			actions: actionItems.sort(byUrgency),
			leadReviews: leadReviews.sort(byUrgency),
			handovers: handovers.map((h) => ({ caseId: h.case_id, title: `${h.label} (${h.reference})`, detail: `Asked to take the lead: ${h.reason}`, dueOn: null, state: null, link: `/cases/${h.case_id}` }))
		};
	}

	await recordAudit(app.db, { at: now, actor, procedure: 'queue.mine', outcome: 'allowed', detail: 'work queue' });
	return result;
}

function addDaysToDate(date: string, days: number): string {
	return addDays(new Date(`${date}T00:00:00Z`), days).toISOString().slice(0, 10);
}
