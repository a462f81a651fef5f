import { addMonths, parseISO } from 'date-fns';
import { assertCaseOpen } from '../case/case-rules';
import { tz } from '@date-fns/tz';
import type { App } from '../../app';
import type { Executor } from '../../db';
import type { ConsentMethod, ConsentState } from '../../db/schema';
import type { Actor } from '../actor';
import { ensureCaseAgency, insertCaseEvent } from '../case/case.repository';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { insertNotification } from '../notification/notification.repository';
import { getProtocolVersion, type ProtocolVersion } from '../protocol/protocol.service';
import { findActiveCoordinatorIds } from '../referral/referral.repository';
import { auditCaseAccess, authorizeCaseAccess, type AnyCaseAccess, type CaseAccess } from './case-access';
import * as repo from './consent.repository';
import { legalBases, type DiscloseInput, type RecordConsentInput, type WithdrawConsentInput } from './consent.schema';

type HistoryRow = Awaited<ReturnType<typeof repo.findConsentHistory>>[number];

/** What a consent row means now: a granted row past its end date reads as expired. */
export function effectiveState(row: { state: ConsentState; valid_until: string | null }, now: Date): ConsentState {
	if (row.state === 'granted' && row.valid_until !== null && new Date(row.valid_until) <= now) return 'expired';
	return row.state;
}

function scopeOf(row: { scope_all: number; categories_json: string }): 'all' | string[] {
	return row.scope_all ? 'all' : (JSON.parse(row.categories_json) as string[]);
}

/** Each agency's current consent on a case (its newest row), and the full history, oldest first. */
export function summariseConsent(history: HistoryRow[], now: Date) {
	const current = new Map<string, HistoryRow>();
	for (const row of history) current.set(row.agency_id, row);
	const describe = (row: HistoryRow) => ({
		id: row.id,
		agencyId: row.agency_id,
		agency: row.agency_name,
		state: effectiveState(row, now),
		scope: scopeOf(row),
		method: row.method,
		givenBy: row.given_by_name,
		recordedBy: row.recorded_by_name,
		validFrom: row.valid_from ? new Date(row.valid_from) : null,
		validUntil: row.valid_until ? new Date(row.valid_until) : null,
		note: row.note,
		recordedAt: new Date(row.created_at)
	});
	return {
		current: [...current.values()].map(describe).sort((a, b) => a.agency.localeCompare(b.agency)),
		history: history.map(describe)
	};
}

function requireCoordinator(access: CaseAccess, what: string) {
	if (access.via !== 'coordinator') throw new ForbiddenError(`Only the case’s coordinator can ${what}.`);
}

async function assertOpenCase(db: Executor, caseId: string) {
	assertCaseOpen(await db.selectFrom('family_case').select('status').where('id', '=', caseId).executeTakeFirstOrThrow());
}

function validateCategories(protocol: ProtocolVersion, categories: readonly string[], field: string) {
	const known = protocol.document.informationCategories.map((c) => c.key);
	const unknown = categories.filter((c) => !known.includes(c));
	if (unknown.length > 0) throw ValidationError.field(field, `Not a kind of information in this case’s protocol: ${unknown.join(', ')}`);
}

function labelCategories(protocol: ProtocolVersion, scope: 'all' | readonly string[]): string {
	if (scope === 'all') return 'all information';
	const label = new Map(protocol.document.informationCategories.map((c) => [c.key, c.label]));
	return scope.map((c) => label.get(c) ?? c).join(', ');
}

/** The coordinator records the family's consent, or its refusal, for one agency. */
export async function recordConsent(app: App, actor: Actor, input: RecordConsentInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'consent.record', now });
	requireCoordinator(access, 'record consent');
	const caseRow = await app.db
		.selectFrom('family_case as c')
		.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
		.select(['c.family_id', 'c.protocol_version_id', 'c.status', 'lmg.timezone'])
		.where('c.id', '=', input.caseId)
		.executeTakeFirstOrThrow();
	assertCaseOpen(caseRow);
	const protocol = await getProtocolVersion(app.db, caseRow.protocol_version_id);

	const agency = await app.db
		.selectFrom('lmg_agency')
		.innerJoin('agency', 'agency.id', 'lmg_agency.agency_id')
		.select(['agency.id', 'agency.name'])
		.where('lmg_agency.lmg_id', '=', access.lmgId)
		.where('agency.id', '=', input.agencyId)
		.executeTakeFirst();
	if (!agency) throw ValidationError.field('agencyId', 'Choose an agency that belongs to this LMG');
	const member = await app.db
		.selectFrom('family_member')
		.select(['id', 'member_kind'])
		.where('id', '=', input.givenByMemberId)
		.where('family_id', '=', caseRow.family_id)
		.executeTakeFirst();
	if (!member) throw ValidationError.field('givenByMemberId', 'Choose a member of this family');
	if (member.member_kind === 'child') throw ValidationError.field('givenByMemberId', 'Consent is given by an adult in the family');
	if (input.scope !== 'all') validateCategories(protocol, input.scope, 'scope');

	const zone = tz(caseRow.timezone);
	const validFrom = input.validFrom ? parseISO(input.validFrom, { in: zone }) : now;
	const validUntil = input.validUntil ? parseISO(input.validUntil, { in: zone }) : addMonths(validFrom, protocol.document.consent.validityMonths);
	if (input.decision === 'granted' && validUntil <= validFrom) throw ValidationError.field('validUntil', 'Consent must end after it starts');

	await app.db.transaction().execute(async (trx) => {
		// A refusal recorded over a grant closes the case to the agency like a withdrawal: timed under the lock too.
		const at = await repo.startConsentChange(trx, input.caseId, app.clock);
		await repo.insertConsentEvent(trx, {
			caseId: input.caseId,
			agencyId: agency.id,
			state: input.decision,
			scopeAll: input.decision === 'granted' && input.scope === 'all',
			categories: input.decision === 'granted' && input.scope !== 'all' ? [...new Set(input.scope)] : [],
			givenByMemberId: member.id,
			recordedBy: actor.userId,
			method: input.method,
			validFrom: input.decision === 'granted' ? validFrom : null,
			validUntil: input.decision === 'granted' ? validUntil : null,
			note: input.note ?? null,
			at
		});
		await ensureCaseAgency(trx, input.caseId, agency.id, actor.userId, now);
		await insertCaseEvent(trx, {
			caseId: input.caseId,
			kind: input.decision === 'granted' ? 'consent_granted' : 'consent_declined',
			summary:
				input.decision === 'granted'
					? `Consent recorded for ${agency.name}: ${labelCategories(protocol, input.scope)}`
					: `The family refused consent for ${agency.name}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		await auditCaseAccess(trx, access, actor, { procedure: 'consent.record', now, detail: `consent ${input.decision}` });
	});
}

/**
 * Withdraws an agency's consent, wholly or for some kinds of information (rule 2). From the
 * next request the agency's workers are refused what is withdrawn; its open actions in those
 * kinds are marked for reassignment; a lead agency that loses consent leaves the case needing
 * one, and the coordinators are told. Nothing is deleted: the withdrawal is a new row.
 */
export async function withdrawConsent(
	app: App,
	actor: Actor,
	input: WithdrawConsentInput,
	how: { method: ConsentMethod | null; procedure: string } = { method: null, procedure: 'consent.withdraw' }
) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: how.procedure, now });
	requireCoordinator(access, 'record a withdrawal of consent');
	return applyWithdrawal(app, actor, access, input, how);
}

/** The withdrawal itself, once the caller is known to be allowed: shared by the coordinator's and the family's paths. */
export async function applyWithdrawal(
	app: App,
	actor: Actor,
	access: AnyCaseAccess,
	input: WithdrawConsentInput,
	how: { method: ConsentMethod | null; procedure: string }
) {
	await assertOpenCase(app.db, input.caseId);
	const caseRow = await app.db
		.selectFrom('family_case')
		.select(['protocol_version_id', 'reference'])
		.where('id', '=', input.caseId)
		.executeTakeFirstOrThrow();
	const protocol = await getProtocolVersion(app.db, caseRow.protocol_version_id);
	const agency = await app.db.selectFrom('agency').select(['id', 'name']).where('id', '=', input.agencyId).executeTakeFirst();

	const { withdrawn, remaining, actionsToReassign } = await app.db.transaction().execute(async (trx) => {
		// The withdrawal's moment is taken, and the consent it changes read, only under the case's
		// consent lock: no read checked before it can carry a later time, every read after it sees
		// it, and two withdrawals at once cannot each undo the other's part.
		const now = await repo.startConsentChange(trx, input.caseId, app.clock);
		const active = agency ? await repo.findActiveConsent(trx, input.caseId, agency.id, now) : undefined;
		if (!active || !agency) throw new ConflictError('That agency holds no active consent on this case, so there is nothing to withdraw.');
		if (input.categories) validateCategories(protocol, input.categories, 'categories');

		const current = scopeOf(active);
		const held = current === 'all' ? protocol.document.informationCategories.map((c) => c.key) : current;
		const withdrawn = input.categories ? held.filter((c) => input.categories!.includes(c)) : held;
		if (withdrawn.length === 0) throw ValidationError.field('categories', 'That agency does not hold consent for those kinds of information');
		const remaining = held.filter((c) => !withdrawn.includes(c));
		const whole = remaining.length === 0;
		const full = await trx.selectFrom('consent_event').select(['given_by_member_id', 'method', 'valid_from']).where('id', '=', active.id).executeTakeFirstOrThrow();

		await repo.insertConsentEvent(trx, {
			caseId: input.caseId,
			agencyId: agency.id,
			state: whole ? 'withdrawn' : 'granted',
			scopeAll: false,
			categories: whole ? withdrawn : remaining,
			givenByMemberId: full.given_by_member_id,
			recordedBy: actor.userId,
			method: how.method ?? full.method,
			validFrom: whole ? null : new Date(full.valid_from!),
			validUntil: whole ? null : new Date(active.valid_until!),
			note: input.note ?? (whole ? null : `Withdrawn for: ${labelCategories(protocol, withdrawn)}`),
			at: now
		});

		// Open actions this agency can no longer see are marked for the coordinator to reassign.
		const openActions = trx
			.selectFrom('plan_action as a')
			.innerJoin('action_plan as p', 'p.id', 'a.plan_id')
			.select('a.id')
			.where('p.case_id', '=', input.caseId)
			.where('a.responsible_agency_id', '=', agency.id)
			.where('a.status', 'in', ['not_started', 'in_progress']);
		const affected = await (whole ? openActions : openActions.where('a.category', 'in', withdrawn)).execute();
		if (affected.length > 0) {
			await trx
				.updateTable('plan_action')
				.set({ needs_reassignment: 1, updated_at: now.toISOString() })
				.where(
					'id',
					'in',
					affected.map((a) => a.id)
				)
				.execute();
		}

		// The lead as it is now, not as it was before the lock: setLeadAgency checks consent under the same lock.
		const { lead_agency_id } = await trx.selectFrom('family_case').select('lead_agency_id').where('id', '=', input.caseId).executeTakeFirstOrThrow();
		const leadLost = whole && lead_agency_id === agency.id;
		if (leadLost) {
			await trx.updateTable('family_case').set({ needs_lead_agency: 1, updated_at: now.toISOString() }).where('id', '=', input.caseId).execute();
		}
		await insertCaseEvent(trx, {
			caseId: input.caseId,
			kind: 'consent_withdrawn',
			summary: whole ? `Consent withdrawn for ${agency.name}` : `Consent for ${agency.name} withdrawn for: ${labelCategories(protocol, withdrawn)}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		for (const coordinatorId of await findActiveCoordinatorIds(trx, access.lmgId)) {
			if (coordinatorId === actor.userId) continue;
			await insertNotification(trx, {
				userId: coordinatorId,
				kind: leadLost ? 'lead_agency_consent_withdrawn' : 'consent_withdrawn',
				title: leadLost ? `${caseRow.reference} needs a new lead agency` : `Consent withdrawn on ${caseRow.reference}`,
				body: leadLost
					? `The family withdrew consent for ${agency.name}, the lead agency. The case needs a new lead agency.`
					: `Consent for ${agency.name} was withdrawn${whole ? '' : ` for: ${labelCategories(protocol, withdrawn)}`}.${affected.length ? ` ${affected.length} open action(s) need reassigning.` : ''}`,
				link: `/cases/${input.caseId}`,
				caseId: input.caseId,
				at: now
			});
		}
		await auditCaseAccess(trx, access, actor, { procedure: how.procedure, now, detail: whole ? 'consent withdrawn' : 'consent partly withdrawn' });
		return { withdrawn, remaining, actionsToReassign: affected.length };
	});
	return { withdrawn, remaining, actionsToReassign };
}

/** Every agency's current consent and the full history (coordinator), or the current states (an agency with access). */
export async function listConsent(app: App, actor: Actor, caseId: string) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, caseId, { procedure: 'consent.list', now });
	const summary = summariseConsent(await repo.findConsentHistory(app.db, caseId), now);
	const disclosures = access.via === 'coordinator' ? await repo.findDisclosures(app.db, caseId) : [];
	// The agencies a coordinator may record consent for: every member agency of the case's LMG.
	const lmgAgencies =
		access.via === 'coordinator'
			? await app.db
					.selectFrom('lmg_agency')
					.innerJoin('agency', 'agency.id', 'lmg_agency.agency_id')
					.select(['agency.id', 'agency.name'])
					.where('lmg_agency.lmg_id', '=', access.lmgId)
					.orderBy('agency.name')
					.execute()
			: [];
	await auditCaseAccess(app.db, access, actor, { procedure: 'consent.list', now, detail: 'consent' });
	return {
		lmgAgencies,
		current: summary.current,
		history: access.via === 'coordinator' ? summary.history : [],
		disclosures: disclosures.map((d) => ({
			id: d.id,
			agency: d.agency_name,
			legalBasis: legalBases[d.legal_basis as keyof typeof legalBases] ?? d.legal_basis,
			reason: d.reason,
			disclosedBy: d.disclosed_by_name,
			at: new Date(d.created_at)
		}))
	};
}

/**
 * Sharing without consent (rule 8): only a coordinator, only under a stated legal basis, with a
 * written reason. It is audited, appears on the case's timeline, and the family sees it.
 */
export async function recordDisclosure(app: App, actor: Actor, input: DiscloseInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'consent.disclose', now });
	requireCoordinator(access, 'record a disclosure without consent');
	await assertOpenCase(app.db, input.caseId);
	const agency = await app.db.selectFrom('agency').select(['id', 'name']).where('id', '=', input.agencyId).executeTakeFirst();
	if (!agency) throw ValidationError.field('agencyId', 'Choose the agency the information went to');
	await app.db.transaction().execute(async (trx) => {
		await repo.insertDisclosure(trx, { caseId: input.caseId, agencyId: agency.id, legalBasis: input.legalBasis, reason: input.reason, disclosedBy: actor.userId, at: now });
		await insertCaseEvent(trx, {
			caseId: input.caseId,
			kind: 'disclosure',
			summary: `Information shared with ${agency.name} without consent: ${legalBases[input.legalBasis]}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		await auditCaseAccess(trx, access, actor, { procedure: 'consent.disclose', now, detail: `disclosure without consent: ${input.legalBasis}` });
	});
}
