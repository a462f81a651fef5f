import type { App } from '../../app';
import { assertCaseOpen } from './case-rules';
import type { Executor } from '../../db';
import type { Actor } from '../actor';
import { auditCaseAccess, authorizeCaseAccess, type CaseAccess } from '../consent/case-access';
import { checkActiveConsent, findActiveConsent } from '../consent/consent.repository';
import { localDate } from '../deadlines/deadlines';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { insertNotification } from '../notification/notification.repository';
import { getProtocolVersion } from '../protocol/protocol.service';
import { findActiveCoordinatorIds } from '../referral/referral.repository';
import { findCaseFacts, insertCaseEvent } from './case.repository';
import type {
	CloseCaseInput,
	ClosingReportInput,
	DeclineHandoverInput,
	ProposeHandoverInput,
	RaiseConcernInput,
	RespondToHandoverInput,
	SetLeadAgencyInput
} from './case.schema';


function requireCoordinator(access: CaseAccess, what: string) {
	if (access.via !== 'coordinator') throw new ForbiddenError(`Only the case’s coordinator can ${what}.`);
}

async function agencyWithConsent(db: Executor, caseId: string, agencyId: string, now: Date) {
	const agency = await db.selectFrom('agency').select(['id', 'name']).where('id', '=', agencyId).executeTakeFirst();
	if (!agency || !(await findActiveConsent(db, caseId, agencyId, now))) return null;
	return agency;
}

async function workerOf(db: Executor, userId: string, agencyId: string) {
	return db.selectFrom('app_user').select(['id', 'name']).where('id', '=', userId).where('agency_id', '=', agencyId).where('disabled_at', 'is', null).executeTakeFirst();
}

async function notifyCoordinators(db: Executor, lmgId: string, except: string | null, message: { kind: string; title: string; body: string; caseId: string; at: Date }) {
	for (const userId of await findActiveCoordinatorIds(db, lmgId)) {
		if (userId === except) continue;
		await insertNotification(db, { userId, kind: message.kind, title: message.title, body: message.body, link: `/cases/${message.caseId}`, caseId: message.caseId, at: message.at });
	}
}

/**
 * Appoints the lead agency (rule 3: it must hold the family's consent) and its lead worker,
 * with the reason recorded. A lead that still holds consent is changed by handover instead.
 */
export async function setLeadAgency(app: App, actor: Actor, input: SetLeadAgencyInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'case.setLeadAgency', now });
	requireCoordinator(access, 'appoint the lead agency');
	const facts = await findCaseFacts(app.db, input.caseId);
	assertCaseOpen(facts);
	if (facts.lead_agency_id && facts.lead_agency_id !== input.agencyId && (await findActiveConsent(app.db, input.caseId, facts.lead_agency_id, now))) {
		throw new ConflictError(`${facts.lead_name} leads this case and still holds consent: propose a handover instead.`);
	}
	const agency = await agencyWithConsent(app.db, input.caseId, input.agencyId, now);
	if (!agency) throw ValidationError.field('agencyId', 'The lead agency must hold the family’s consent on this case');
	const worker = await workerOf(app.db, input.leadWorkerId, agency.id);
	if (!worker) throw ValidationError.field('leadWorkerId', `Choose a worker of ${agency.name}`);
	await app.db.transaction().execute(async (trx) => {
		// Rule 3 again, under the case's consent lock: a withdrawal that landed since the check above must not leave a lead without consent.
		if (!(await checkActiveConsent(trx, input.caseId, agency.id, now))) throw ValidationError.field('agencyId', 'The lead agency must hold the family’s consent on this case');
		await trx
			.updateTable('family_case')
			.set({ lead_agency_id: agency.id, lead_worker_id: worker.id, needs_lead_agency: 0, updated_at: now.toISOString() })
			.where('id', '=', input.caseId)
			.execute();
		// Actions flagged when the old lead lost consent stay flagged until reassigned in the plan.
		await insertCaseEvent(trx, {
			caseId: input.caseId,
			kind: 'lead_agency_set',
			summary: `${agency.name} appointed lead agency (lead worker ${worker.name}): ${input.reason}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		if (worker.id !== actor.userId) {
			await insertNotification(trx, {
				userId: worker.id,
				kind: 'lead_worker',
				title: `You are the lead worker for ${facts.reference}`,
				body: `${agency.name} now leads this case. ${input.reason}`,
				link: `/cases/${input.caseId}`,
				caseId: input.caseId,
				at: now
			});
		}
		await auditCaseAccess(trx, access, actor, { procedure: 'case.setLeadAgency', now, detail: 'lead agency' });
	});
}

/** The coordinator proposes a new lead agency; nothing changes until that agency accepts. */
export async function proposeHandover(app: App, actor: Actor, input: ProposeHandoverInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'case.proposeHandover', now });
	requireCoordinator(access, 'propose a handover');
	const facts = await findCaseFacts(app.db, input.caseId);
	assertCaseOpen(facts);
	if (!facts.lead_agency_id) throw new ConflictError('This case has no lead agency yet: appoint one instead.');
	if (facts.lead_agency_id === input.toAgencyId) throw ValidationError.field('toAgencyId', 'That agency already leads this case');
	const agency = await agencyWithConsent(app.db, input.caseId, input.toAgencyId, now);
	if (!agency) throw ValidationError.field('toAgencyId', 'The new lead agency must hold the family’s consent on this case');
	const pending = await app.db.selectFrom('handover').select('id').where('case_id', '=', input.caseId).where('status', '=', 'proposed').executeTakeFirst();
	if (pending) throw new ConflictError('A handover is already waiting for an answer on this case.');
	const id = crypto.randomUUID();
	await app.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('handover')
			.values({
				id,
				case_id: input.caseId,
				from_agency_id: facts.lead_agency_id,
				to_agency_id: agency.id,
				reason: input.reason,
				note: input.note ?? null,
				status: 'proposed',
				proposed_by: actor.userId,
				proposed_at: now.toISOString(),
				responded_by: null,
				responded_at: null,
				created_at: now.toISOString()
			})
			.execute();
		const workers = await trx.selectFrom('app_user').select('id').where('agency_id', '=', agency.id).where('disabled_at', 'is', null).execute();
		for (const w of workers) {
			await insertNotification(trx, {
				userId: w.id,
				kind: 'handover_proposed',
				title: `Asked to take the lead on ${facts.reference}`,
				body: `The coordinator proposes that ${agency.name} takes over from ${facts.lead_name}. ${input.reason}`,
				link: `/cases/${input.caseId}`,
				caseId: input.caseId,
				at: now
			});
		}
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'handover_proposed', summary: `Handover of the lead to ${agency.name} proposed: ${input.reason}`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'case.proposeHandover', now, detail: 'handover proposed' });
	});
	return { id };
}

async function findPendingHandover(app: App, actor: Actor, handoverId: string, procedure: string, now: Date) {
	const handover = await app.db
		.selectFrom('handover as h')
		.innerJoin('agency as to', 'to.id', 'h.to_agency_id')
		.select(['h.id', 'h.case_id', 'h.to_agency_id', 'h.status', 'h.reason', 'to.name as to_name'])
		.where('h.id', '=', handoverId)
		.executeTakeFirst();
	if (!handover) throw new NotFoundError('handover');
	const access = await authorizeCaseAccess(app.db, actor, handover.case_id, { procedure, now, named: 'handover' });
	if (access.via !== 'agency' || access.agencyId !== handover.to_agency_id) throw new ForbiddenError(`Only ${handover.to_name} can answer this handover.`);
	if (handover.status !== 'proposed') throw new ConflictError(`This handover has already been ${handover.status}.`);
	return { handover, access };
}

/** Answers a handover only while it is still proposed: of two answers at once, the second is told it was already answered. */
async function answerHandover(db: Executor, handoverId: string, answer: { status: 'accepted' | 'declined'; by: string; at: Date }) {
	const result = await db
		.updateTable('handover')
		.set({ status: answer.status, responded_by: answer.by, responded_at: answer.at.toISOString() })
		.where('id', '=', handoverId)
		.where('status', '=', 'proposed')
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) !== 1) throw new ConflictError('This handover has already been answered.');
}

/** The receiving agency accepts: from now it leads, and the reason and note stay on the record. */
export async function acceptHandover(app: App, actor: Actor, input: RespondToHandoverInput) {
	const now = app.clock.now();
	const { handover, access } = await findPendingHandover(app, actor, input.handoverId, 'case.acceptHandover', now);
	const facts = await findCaseFacts(app.db, handover.case_id);
	assertCaseOpen(facts);
	const worker = await workerOf(app.db, input.leadWorkerId ?? actor.userId, handover.to_agency_id);
	if (!worker) throw ValidationError.field('leadWorkerId', `Choose a worker of ${handover.to_name}`);
	await app.db.transaction().execute(async (trx) => {
		if (!(await checkActiveConsent(trx, handover.case_id, handover.to_agency_id, now))) throw new NotFoundError('case');
		await answerHandover(trx, handover.id, { status: 'accepted', by: actor.userId, at: now });
		await trx
			.updateTable('family_case')
			.set({ lead_agency_id: handover.to_agency_id, lead_worker_id: worker.id, needs_lead_agency: 0, updated_at: now.toISOString() })
			.where('id', '=', handover.case_id)
			.execute();
		await insertCaseEvent(trx, {
			caseId: handover.case_id,
			kind: 'handover_accepted',
			summary: `${handover.to_name} accepted the lead (lead worker ${worker.name}), taking over from ${facts.lead_name ?? 'no lead agency'}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		await notifyCoordinators(trx, facts.lmg_id, actor.userId, {
			kind: 'handover_accepted',
			title: `${facts.reference}: ${handover.to_name} now leads`,
			body: `${handover.to_name} accepted the handover; ${worker.name} is the lead worker.`,
			caseId: handover.case_id,
			at: now
		});
		await auditCaseAccess(trx, access, actor, { procedure: 'case.acceptHandover', now, detail: 'handover accepted' });
	});
}

export async function declineHandover(app: App, actor: Actor, input: DeclineHandoverInput) {
	const now = app.clock.now();
	const { handover, access } = await findPendingHandover(app, actor, input.handoverId, 'case.declineHandover', now);
	const facts = await findCaseFacts(app.db, handover.case_id);
	await app.db.transaction().execute(async (trx) => {
		await answerHandover(trx, handover.id, { status: 'declined', by: actor.userId, at: now });
		await insertCaseEvent(trx, { caseId: handover.case_id, kind: 'handover_declined', summary: `${handover.to_name} declined the lead: ${input.reason}`, category: null, actorId: actor.userId, at: now });
		await notifyCoordinators(trx, facts.lmg_id, actor.userId, {
			kind: 'handover_declined',
			title: `${facts.reference}: ${handover.to_name} declined the lead`,
			body: input.reason,
			caseId: handover.case_id,
			at: now
		});
		await auditCaseAccess(trx, access, actor, { procedure: 'case.declineHandover', now, detail: 'handover declined' });
	});
}

/**
 * Strengthening Families is no substitute for statutory care and protection: the coordinator or
 * the lead worker records a safety concern and the statutory referral made, and every
 * coordinator of the LMG is told at once.
 */
export async function raiseConcern(app: App, actor: Actor, input: RaiseConcernInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'case.raiseConcern', now });
	const facts = await findCaseFacts(app.db, input.caseId);
	if (access.via !== 'coordinator' && facts.lead_worker_id !== actor.userId) {
		throw new ForbiddenError('Only the coordinator or the lead worker can record a safety concern. Tell them now, or contact the statutory service directly.');
	}
	assertCaseOpen(facts);
	if (input.statutoryReferralOn > localDate(now, facts.timezone)) throw ValidationError.field('statutoryReferralOn', 'The referral cannot be dated in the future');
	await app.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('concern')
			.values({
				id: crypto.randomUUID(),
				case_id: input.caseId,
				description: input.description,
				statutory_referral_to: input.statutoryReferralTo,
				statutory_referral_on: input.statutoryReferralOn,
				raised_by: actor.userId,
				created_at: now.toISOString()
			})
			.execute();
		await insertCaseEvent(trx, {
			caseId: input.caseId,
			kind: 'concern_raised',
			summary: `Safety concern recorded; referred to ${input.statutoryReferralTo} on ${input.statutoryReferralOn}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		await notifyCoordinators(trx, facts.lmg_id, actor.userId, {
			kind: 'concern_raised',
			title: `Safety concern on ${facts.reference}`,
			body: `${actor.name} recorded a safety concern and a referral to ${input.statutoryReferralTo}.`,
			caseId: input.caseId,
			at: now
		});
		await auditCaseAccess(trx, access, actor, { procedure: 'case.raiseConcern', now, detail: 'safety concern' });
	});
}

/** The lead worker (or the coordinator) writes the closing report before the case closes. */
export async function writeClosingReport(app: App, actor: Actor, input: ClosingReportInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'case.writeClosingReport', now });
	const facts = await findCaseFacts(app.db, input.caseId);
	if (access.via !== 'coordinator' && facts.lead_worker_id !== actor.userId) throw new ForbiddenError('Only the lead worker or the coordinator writes the closing report.');
	assertCaseOpen(facts);
	await app.db.transaction().execute(async (trx) => {
		await trx.updateTable('family_case').set({ closing_report: input.report, updated_at: now.toISOString() }).where('id', '=', input.caseId).execute();
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'closing_report', summary: 'Closing report written', category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'case.writeClosingReport', now, detail: 'closing report' });
	});
}

/**
 * The coordinator closes the case with one of the protocol's closure reasons and the family's
 * answers to its feedback questions. A case that had a lead agency needs its closing report.
 * From then on the case is read-only.
 */
export async function closeCase(app: App, actor: Actor, input: CloseCaseInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'case.close', now });
	requireCoordinator(access, 'close a case');
	const facts = await findCaseFacts(app.db, input.caseId);
	if (facts.status === 'closed') throw new ConflictError('This case is already closed.');
	const protocol = await getProtocolVersion(app.db, facts.protocol_version_id);
	const reason = protocol.document.closureReasons.find((r) => r.key === input.reason);
	if (!reason) throw ValidationError.field('reason', 'Choose one of the protocol’s closure reasons');
	const questionKeys = protocol.document.feedbackQuestions.map((q) => q.key);
	const unknown = input.feedback.filter((f) => !questionKeys.includes(f.questionKey));
	if (unknown.length > 0) throw ValidationError.field('feedback', 'Answer only the protocol’s feedback questions');
	if (facts.lead_agency_id && !facts.closing_report) throw new ConflictError('The lead worker writes the closing report before the case can close.');

	await app.db.transaction().execute(async (trx) => {
		await trx
			.updateTable('family_case')
			.set({ status: 'closed', closed_at: now.toISOString(), closure_reason: reason.key, next_review_on: null, updated_at: now.toISOString() })
			.where('id', '=', input.caseId)
			.execute();
		await trx
			.updateTable('conference')
			.set({ status: 'cancelled', cancelled_at: now.toISOString(), cancel_reason: 'The case closed' })
			.where('case_id', '=', input.caseId)
			.where('status', '=', 'scheduled')
			.execute();
		for (const f of input.feedback.filter((f) => f.answer)) {
			await trx
				.insertInto('feedback_answer')
				.values({ id: crypto.randomUUID(), case_id: input.caseId, question_key: f.questionKey, answer: f.answer, created_at: now.toISOString() })
				.execute();
		}
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'case_closed', summary: `Case closed: ${reason.label}`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'case.close', now, detail: `closed: ${reason.key}` });
	});
}
