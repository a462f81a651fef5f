import { addMonths } from 'date-fns';
import type { z } from 'zod';
import type { App } from '../../app';
import type { Actor } from '../actor';
import { findCaseFacts, insertCaseEvent } from '../case/case.repository';
import { assertCaseOpen } from '../case/case-rules';
import { recordDeclinedWorker } from '../conference/conference.service';
import { auditCaseAccess, authorizeFamilyCase } from '../consent/case-access';
import { findConsentHistory, findDisclosures, insertConsentEvent, startConsentChange } from '../consent/consent.repository';
import { applyWithdrawal, summariseConsent } from '../consent/consent.service';
import { ConflictError, ValidationError } from '../errors';
import { insertNotification } from '../notification/notification.repository';
import { findActions, findAgreedPlans, findGoals } from '../plan/plan.repository';
import { getProtocolVersion } from '../protocol/protocol.service';
import { findActiveCoordinatorIds } from '../referral/referral.repository';
import type { portalDeclineWorkerInput, portalRegrantInput, portalWithdrawInput } from './portal.schema';

/*
 * The family portal. Every function finds the family's case from the signed-in member's account
 * (authorizeFamilyCase); nothing a family sends can point it at another case. Results carry codes
 * (states, kinds, methods) rather than English, so the portal can show them in either language.
 */

async function open(app: App, actor: Actor, procedure: string) {
	const now = app.clock.now();
	const access = await authorizeFamilyCase(app.db, actor, { procedure, now });
	const facts = await findCaseFacts(app.db, access.caseId);
	const protocol = await getProtocolVersion(app.db, facts.protocol_version_id);
	return { now, access, facts, protocol };
}

export async function portalOverview(app: App, actor: Actor) {
	const { now, access, facts } = await open(app, actor, 'portal.overview');
	const row = await app.db
		.selectFrom('family_case as c')
		.innerJoin('family', 'family.id', 'c.family_id')
		.leftJoin('app_user as coordinator', 'coordinator.id', 'c.coordinator_id')
		.leftJoin('app_user as lead_worker', 'lead_worker.id', 'c.lead_worker_id')
		.select(['family.label', 'coordinator.name as coordinator_name', 'coordinator.email as coordinator_email', 'lead_worker.name as lead_worker_name', 'c.next_review_on', 'c.needs_lead_agency'])
		.where('c.id', '=', access.caseId)
		.executeTakeFirstOrThrow();
	await auditCaseAccess(app.db, access, actor, { procedure: 'portal.overview', now, detail: 'overview' });
	return {
		familyLabel: row.label,
		memberName: actor.name,
		status: facts.status,
		lmg: facts.lmg_name,
		timezone: facts.timezone,
		coordinator: row.coordinator_name ? { name: row.coordinator_name, email: row.coordinator_email } : null,
		// A lead agency that lost the family's consent is no longer the lead, whatever the record says.
		leadAgency: row.needs_lead_agency === 1 ? null : facts.lead_name,
		needsLeadAgency: row.needs_lead_agency === 1,
		leadWorker: row.needs_lead_agency === 1 ? null : row.lead_worker_name,
		nextReviewOn: row.next_review_on
	};
}

/** The plan the family agreed at its latest conference: everything in it, with their own actions marked. */
export async function portalPlan(app: App, actor: Actor) {
	const { now, access, protocol, facts } = await open(app, actor, 'portal.plan');
	const agreed = await findAgreedPlans(app.db, access.caseId);
	const latest = agreed.at(-1);
	await auditCaseAccess(app.db, access, actor, { procedure: 'portal.plan', now, detail: latest ? `plan version ${latest.version}` : 'plan (none yet)' });
	if (!latest) return { timezone: facts.timezone, plan: null, goals: [], actions: [] };
	const [goals, actions] = await Promise.all([findGoals(app.db, [latest.id]), findActions(app.db, [latest.id])]);
	const domainLabel = new Map(protocol.document.planDomains.map((d) => [d.key, d.label]));
	return {
		timezone: facts.timezone,
		plan: { version: latest.version, agreedAt: latest.agreed_at ? new Date(latest.agreed_at) : null },
		goals: goals.map((g) => ({ key: g.goal_key, text: g.text, area: domainLabel.get(g.domain) ?? g.domain, rating: g.rating })),
		actions: actions.map((a) => ({
			goalKey: a.goal_key,
			description: a.description,
			who: a.agency_name ?? a.member_name ?? null,
			worker: a.worker_name,
			dueOn: a.due_on,
			status: a.status,
			ours: a.responsible_member_id !== null,
			mine: a.responsible_member_id === access.familyMemberId
		}))
	};
}

/** Upcoming and past conferences in the family's own time, and the workers they may ask not to invite. */
export async function portalMeetings(app: App, actor: Actor) {
	const { now, access, facts } = await open(app, actor, 'portal.meetings');
	const conferences = await app.db
		.selectFrom('conference')
		.select(['id', 'kind', 'status', 'scheduled_start_at', 'location'])
		.where('case_id', '=', access.caseId)
		.where('status', '!=', 'cancelled')
		.orderBy('scheduled_start_at')
		.execute();
	const invitees = conferences.length
		? await app.db
				.selectFrom('conference_invitee as i')
				.leftJoin('agency', 'agency.id', 'i.agency_id')
				.leftJoin('app_user as u', 'u.id', 'i.user_id')
				.leftJoin('family_member as m', 'm.id', 'i.family_member_id')
				.select(['i.conference_id', 'agency.name as agency_name', 'u.name as user_name', 'm.name as member_name', 'i.name'])
				.where('i.conference_id', 'in', conferences.map((c) => c.id))
				.execute()
		: [];
	const workers = await app.db
		.selectFrom('app_user as u')
		.innerJoin('case_agency as ca', 'ca.agency_id', 'u.agency_id')
		.innerJoin('agency', 'agency.id', 'u.agency_id')
		.select(['u.id', 'u.name', 'agency.name as agency_name'])
		.where('ca.case_id', '=', access.caseId)
		.where('u.disabled_at', 'is', null)
		.orderBy('agency.name')
		.orderBy('u.name')
		.execute();
	const declined = await app.db.selectFrom('declined_worker').select('user_id').where('case_id', '=', access.caseId).execute();
	await auditCaseAccess(app.db, access, actor, { procedure: 'portal.meetings', now, detail: 'meetings' });
	const describe = (c: (typeof conferences)[number]) => ({
		id: c.id,
		kind: c.kind,
		status: c.status,
		startsAt: new Date(c.scheduled_start_at),
		timezone: facts.timezone,
		location: c.location,
		invited: invitees.filter((i) => i.conference_id === c.id).map((i) => (i.user_name ? `${i.user_name} (${i.agency_name})` : (i.agency_name ?? i.member_name ?? i.name ?? '')))
	});
	return {
		upcoming: conferences.filter((c) => c.status === 'scheduled').map(describe),
		past: conferences.filter((c) => c.status === 'held').map(describe).reverse(),
		workers: workers.map((w) => ({ id: w.id, name: w.name, agency: w.agency_name, declined: declined.some((d) => d.user_id === w.id) }))
	};
}

/** The family asks that a worker not be invited; it is recorded and the coordinator is told. */
export async function portalDeclineWorker(app: App, actor: Actor, input: z.infer<typeof portalDeclineWorkerInput>) {
	const { now, access, facts } = await open(app, actor, 'portal.declineWorker');
	const inNetwork = await app.db
		.selectFrom('app_user as u')
		.innerJoin('case_agency as ca', 'ca.agency_id', 'u.agency_id')
		.select('u.name')
		.where('ca.case_id', '=', access.caseId)
		.where('u.id', '=', input.userId)
		.executeTakeFirst();
	if (!inNetwork) throw ValidationError.field('userId', 'Choose a worker from the list');
	await recordDeclinedWorker(app, actor, access, { caseId: access.caseId, userId: input.userId, reason: input.reason }, 'portal.declineWorker', now);
	for (const coordinatorId of await findActiveCoordinatorIds(app.db, access.lmgId)) {
		await insertNotification(app.db, {
			userId: coordinatorId,
			kind: 'family_declined_worker',
			title: `${facts.reference}: the family declined a worker`,
			body: `${actor.name} asked that ${inNetwork.name} not be invited to the family’s meetings.${input.reason ? ` “${input.reason}”` : ''}`,
			link: `/cases/${access.caseId}/conferences`,
			caseId: access.caseId,
			at: now
		});
	}
}

/** Who can see the family's information: each agency's consent now, and any sharing without consent, with its reason. */
export async function portalConsents(app: App, actor: Actor) {
	const { now, access, protocol, facts } = await open(app, actor, 'portal.consents');
	const summary = summariseConsent(await findConsentHistory(app.db, access.caseId), now);
	const disclosures = await findDisclosures(app.db, access.caseId);
	await auditCaseAccess(app.db, access, actor, { procedure: 'portal.consents', now, detail: 'consent' });
	return {
		timezone: facts.timezone,
		categories: protocol.document.informationCategories,
		agencies: summary.current.map((c) => ({
			agencyId: c.agencyId,
			agency: c.agency,
			state: c.state,
			scope: c.scope,
			since: c.validFrom ?? c.recordedAt,
			until: c.validUntil,
			method: c.method,
			givenBy: c.givenBy
		})),
		disclosures: disclosures.map((d) => ({ agency: d.agency_name, legalBasis: d.legal_basis, reason: d.reason, at: new Date(d.created_at) }))
	};
}

/** Withdrawal from the portal: the same rule as the coordinator's (rule 2), recorded as the family's own. */
export async function portalWithdraw(app: App, actor: Actor, input: z.infer<typeof portalWithdrawInput>) {
	const { access, facts } = await open(app, actor, 'consent.withdraw');
	assertCaseOpen(facts);
	return applyWithdrawal(app, actor, access, { caseId: access.caseId, agencyId: input.agencyId, categories: input.categories }, { method: 'family_portal', procedure: 'consent.withdraw' });
}

/** Giving consent back, the same way: a new row, valid for the protocol's usual time. */
export async function portalRegrant(app: App, actor: Actor, input: z.infer<typeof portalRegrantInput>) {
	const { now, access, facts, protocol } = await open(app, actor, 'consent.regrant');
	assertCaseOpen(facts);
	const agency = await app.db
		.selectFrom('case_agency as ca')
		.innerJoin('agency', 'agency.id', 'ca.agency_id')
		.select(['agency.id', 'agency.name'])
		.where('ca.case_id', '=', access.caseId)
		.where('agency.id', '=', input.agencyId)
		.executeTakeFirst();
	if (!agency) throw ValidationError.field('agencyId', 'Choose one of the agencies working with your family');
	const known = protocol.document.informationCategories.map((c) => c.key);
	if (input.scope !== 'all' && input.scope.some((c) => !known.includes(c))) throw ValidationError.field('scope', 'Choose kinds of information from the list');
	await app.db.transaction().execute(async (trx) => {
		// What the agency holds now is read under the case's consent lock, so a withdrawal at the same moment is not undone.
		await startConsentChange(trx, access.caseId, app.clock);
		const history = summariseConsent(await findConsentHistory(trx, access.caseId), now);
		const current = history.current.find((c) => c.agencyId === agency.id);
		if (current?.state === 'granted' && (current.scope === 'all' || (input.scope !== 'all' && input.scope.every((c) => (current.scope as string[]).includes(c))))) {
			throw new ConflictError(`${agency.name} can already see that.`);
		}
		const scope = input.scope === 'all' || current?.state !== 'granted' || current.scope === 'all' ? input.scope : [...new Set([...current.scope, ...input.scope])];
		await insertConsentEvent(trx, {
			caseId: access.caseId,
			agencyId: agency.id,
			state: 'granted',
			scopeAll: scope === 'all',
			categories: scope === 'all' ? [] : scope,
			givenByMemberId: access.familyMemberId,
			recordedBy: actor.userId,
			method: 'family_portal',
			validFrom: now,
			validUntil: addMonths(now, protocol.document.consent.validityMonths),
			note: null,
			at: now
		});
		await insertCaseEvent(trx, { caseId: access.caseId, kind: 'consent_granted', summary: `The family gave consent to ${agency.name} in the portal`, category: null, actorId: actor.userId, at: now });
		for (const coordinatorId of await findActiveCoordinatorIds(trx, access.lmgId)) {
			await insertNotification(trx, {
				userId: coordinatorId,
				kind: 'consent_regranted',
				title: `${facts.reference}: consent given to ${agency.name}`,
				body: `${actor.name} gave consent to ${agency.name} in the family portal.`,
				link: `/cases/${access.caseId}/consent`,
				caseId: access.caseId,
				at: now
			});
		}
		await auditCaseAccess(trx, access, actor, { procedure: 'consent.regrant', now, detail: 'consent granted' });
	});
}

/**
 * Who looked at the family's information: every read and change by staff, with the agency, the
 * role, when and what kind of thing — and names only where the LMG's protocol says so.
 */
export async function myAccessLog(app: App, actor: Actor) {
	const { now, access, protocol, facts } = await open(app, actor, 'audit.myAccessLog');
	const rows = await app.db
		.selectFrom('audit_log as a')
		.leftJoin('agency', 'agency.id', 'a.agency_id')
		.leftJoin('app_user as u', 'u.id', 'a.user_id')
		.select(['a.id', 'a.at', 'a.role', 'a.procedure', 'a.detail', 'agency.name as agency_name', 'u.name as user_name'])
		.where('a.case_id', '=', access.caseId)
		.where('a.outcome', '=', 'allowed')
		.where('a.role', 'in', ['coordinator', 'agency_worker'])
		.orderBy('a.id', 'desc')
		.limit(300)
		.execute();
	const disclosures = await findDisclosures(app.db, access.caseId);
	await auditCaseAccess(app.db, access, actor, { procedure: 'audit.myAccessLog', now, detail: 'access log' });
	const categoryLabel = new Map(protocol.document.informationCategories.map((c) => [c.key, c.label]));
	return {
		timezone: facts.timezone,
		showsNames: protocol.document.accessLogShowsStaffNames,
		entries: rows.map((r) => ({
			id: Number(r.id),
			at: new Date(r.at),
			agency: r.agency_name,
			role: r.role,
			name: protocol.document.accessLogShowsStaffNames ? r.user_name : null,
			procedure: r.procedure,
			/** The kinds of information in what was seen, when the read was of notes. */
			kinds: (r.detail?.match(/notes: (.+)$/)?.[1].split(', ') ?? []).map((k) => categoryLabel.get(k) ?? k)
		})),
		disclosures: disclosures.map((d) => ({ agency: d.agency_name, legalBasis: d.legal_basis, reason: d.reason, at: new Date(d.created_at) }))
	};
}
