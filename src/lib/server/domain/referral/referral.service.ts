import type { App } from '../../app';
import { hasRole, lmgIdsWhere, type Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { authorizeCaseAccess } from '../consent/case-access';
import { ensureCaseAgency, insertCase, insertCaseEvent, nextCaseReference } from '../case/case.repository';
import { dueOn, dueState, elapsed, localDate } from '../deadlines/deadlines';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { insertNotification } from '../notification/notification.repository';
import { categoryKeys, getCurrentProtocol, getProtocolVersion } from '../protocol/protocol.service';
import * as repo from './referral.repository';
import {
	listReferralsInput,
	type AssessReferralInput,
	type CreateReferralInput,
	type DecideReferralInput,
	type ListReferralsInput
} from './referral.schema';

const OPEN: ('submitted' | 'under_assessment')[] = ['submitted', 'under_assessment'];

/** An agency worker refers a family to an LMG their agency belongs to; the LMG's coordinators are told. */
export async function createReferral(app: App, actor: Actor, input: CreateReferralInput) {
	const at = app.clock.now();
	const agencyId = actor.agencyId;
	if (!agencyId || !(await repo.agencyIsInLmg(app.db, agencyId, input.lmgId))) {
		throw new ForbiddenError('Your agency is not a member of that LMG, so it cannot refer families there.');
	}
	const protocol = await getCurrentProtocol(app.db, input.lmgId);
	const lmg = await app.db.selectFrom('lmg').select(['name', 'timezone']).where('id', '=', input.lmgId).executeTakeFirstOrThrow();

	const fieldErrors: Record<string, string[]> = {};
	const unknownNeeds = input.needs.filter((need) => !categoryKeys(protocol).includes(need));
	if (unknownNeeds.length > 0) {
		fieldErrors.needs = [`${unknownNeeds.join(', ')} is not a kind of need in ${lmg.name}’s protocol`];
	}
	const today = localDate(at, lmg.timezone);
	if (input.agreement.date > today) fieldErrors['agreement.date'] = ['The family’s agreement cannot be dated in the future'];
	input.members.forEach((m, i) => {
		if (m.dateOfBirth && m.dateOfBirth > today) fieldErrors[`members.${i}.dateOfBirth`] = ['A date of birth cannot be in the future'];
	});
	if (Object.keys(fieldErrors).length > 0) throw new ValidationError('Some answers need changing.', fieldErrors);

	const referralId = crypto.randomUUID();
	const familyId = crypto.randomUUID();
	await app.db.transaction().execute(async (trx) => {
		await repo.insertFamily(trx, { id: familyId, lmgId: input.lmgId, ...input.family, at });
		for (const member of input.members) await repo.insertFamilyMember(trx, { familyId, ...member, dateOfBirth: member.dateOfBirth ?? null, at });
		await repo.insertReferral(trx, {
			id: referralId,
			lmgId: input.lmgId,
			familyId,
			agencyId,
			userId: actor.userId,
			protocolVersionId: protocol.id,
			needs: [...new Set(input.needs)],
			summary: input.summary,
			agreementOn: input.agreement.date,
			agreementMethod: input.agreement.method,
			at
		});
		for (const coordinatorId of await repo.findActiveCoordinatorIds(trx, input.lmgId)) {
			await insertNotification(trx, {
				userId: coordinatorId,
				kind: 'referral_submitted',
				title: `New referral: ${input.family.label}`,
				body: `A new referral is waiting for assessment in ${lmg.name}.`,
				link: `/referrals/${referralId}`,
				caseId: null,
				at
			});
		}
		await recordAudit(trx, { at, actor, role: 'agency_worker', lmgId: input.lmgId, procedure: 'referral.create', outcome: 'allowed', detail: 'referral' });
	});
	return { id: referralId };
}

type ReferralRow = NonNullable<Awaited<ReturnType<typeof repo.findReferral>>>;

/**
 * The referrer, or a coordinator of the referral's LMG; anyone else learns nothing. Once accepted,
 * a referral is the opening of its case's story: the referrer then reads it, as anyone reads the
 * case, only while the family's consent lets their agency in (rules 1 and 2).
 */
async function authorizeReferral(app: App, actor: Actor, referralId: string, procedure: string, coordinatorOnly = false) {
	const referral = await repo.findReferral(app.db, referralId);
	const isCoordinator = referral !== undefined && lmgIdsWhere(actor, 'coordinator').includes(referral.lmg_id);
	const isReferrer = referral !== undefined && referral.referring_user_id === actor.userId;
	if (referral && (isCoordinator || (!coordinatorOnly && isReferrer))) {
		if (!isCoordinator) {
			const opened = await app.db.selectFrom('family_case').select('id').where('referral_id', '=', referral.id).executeTakeFirst();
			if (opened) await authorizeCaseAccess(app.db, actor, opened.id, { procedure, now: app.clock.now(), named: 'referral' });
		}
		return { referral, role: isCoordinator ? ('coordinator' as const) : ('agency_worker' as const) };
	}
	await recordAudit(app.db, { at: app.clock.now(), actor, procedure, outcome: 'denied', detail: 'NOT_FOUND' });
	throw new NotFoundError('referral').markAudited();
}

function deadlineFor(referral: ReferralRow, target: { amount: number; unit: 'days' | 'working_days' }, now: Date) {
	const submitted = new Date(referral.submitted_at);
	const due = dueOn(submitted, target, referral.timezone);
	const open = OPEN.includes(referral.status as (typeof OPEN)[number]);
	return {
		target,
		waiting: elapsed(submitted, referral.decided_at ? new Date(referral.decided_at) : now, target.unit, referral.timezone),
		dueOn: due,
		state: open ? dueState(due, now, referral.timezone) : null
	};
}

export async function getReferral(app: App, actor: Actor, referralId: string) {
	const now = app.clock.now();
	const { referral, role } = await authorizeReferral(app, actor, referralId, 'referral.get');
	const protocol = await getProtocolVersion(app.db, referral.protocol_version_id);
	const [family, members, answers] = await Promise.all([
		repo.findFamily(app.db, referral.family_id),
		repo.findFamilyMembers(app.db, referral.family_id),
		repo.findCriterionAnswers(app.db, referral.id)
	]);
	const caseRow = await app.db.selectFrom('family_case').select(['id', 'reference']).where('referral_id', '=', referral.id).executeTakeFirst();
	// Reading an accepted referral reads the case's story: it belongs in that case's audit trail.
	await recordAudit(app.db, { at: now, actor, role, lmgId: referral.lmg_id, procedure: 'referral.get', caseId: caseRow?.id ?? null, outcome: 'allowed', detail: 'referral' });
	const categoryLabel = new Map(protocol.document.informationCategories.map((c) => [c.key, c.label]));
	return {
		id: referral.id,
		status: referral.status,
		lmg: { id: referral.lmg_id, name: referral.lmg_name, timezone: referral.timezone },
		referrer: { agency: referral.agency_name, name: referral.referrer_name },
		submittedAt: new Date(referral.submitted_at),
		decidedAt: referral.decided_at ? new Date(referral.decided_at) : null,
		decisionReason: referral.decision_reason,
		summary: referral.summary,
		needs: (JSON.parse(referral.needs_json) as string[]).map((key) => ({ key, label: categoryLabel.get(key) ?? key })),
		agreement: { date: referral.agreement_on, method: referral.agreement_method },
		family: {
			label: family.label,
			area: family.area,
			languages: JSON.parse(family.languages_json) as string[],
			interpreterNeeded: family.interpreter_needed === 1,
			culturalIdentity: family.cultural_identity,
			iwi: family.iwi
		},
		members: members.map((m) => ({
			id: m.id,
			name: m.name,
			dateOfBirth: m.date_of_birth,
			gender: m.gender,
			relationship: m.relationship,
			kind: m.member_kind,
			school: m.school
		})),
		protocolVersion: protocol.version,
		criteria: protocol.document.referralCriteria.map((c) => {
			const answer = answers.find((a) => a.criterion_key === c.key);
			return { ...c, met: answer?.met ?? null, note: answer?.note ?? null, answeredBy: answer?.answered_by_name ?? null };
		}),
		deadline: deadlineFor(referral, protocol.document.targets.referralToDecision, now),
		case: caseRow ? { id: caseRow.id, reference: caseRow.reference } : null,
		canAssess: role === 'coordinator' && OPEN.includes(referral.status as (typeof OPEN)[number]),
		canWithdraw: referral.referring_user_id === actor.userId && OPEN.includes(referral.status as (typeof OPEN)[number])
	};
}

/**
 * Referrals as each person needs them: a worker's own referrals; a coordinator's queue (open
 * referrals, oldest first, with days waiting against the protocol's target) or all of them.
 */
export async function listReferrals(app: App, actor: Actor, rawInput: ListReferralsInput) {
	const input = listReferralsInput.parse(rawInput);
	const now = app.clock.now();
	if (input.view === 'mine' && !hasRole(actor, 'agency_worker')) throw new ForbiddenError('Only agency workers make referrals.');
	if (input.view !== 'mine' && !hasRole(actor, 'coordinator')) throw new ForbiddenError('Only coordinators assess referrals.');
	const filter: repo.ReferralListFilter =
		input.view === 'mine'
			? { kind: 'referrer', userId: actor.userId }
			: { kind: 'lmgs', lmgIds: lmgIdsWhere(actor, 'coordinator'), statuses: input.view === 'queue' ? OPEN : undefined, oldestFirst: input.view === 'queue' };
	const { total, rows } = await repo.listReferrals(app.db, filter, input.pageSize, (input.page - 1) * input.pageSize);
	const protocols = new Map<string, Awaited<ReturnType<typeof getProtocolVersion>>>();
	for (const id of new Set(rows.map((r) => r.protocol_version_id))) protocols.set(id, await getProtocolVersion(app.db, id));
	return {
		total,
		page: input.page,
		pageSize: input.pageSize,
		referrals: rows.map((r) => ({
			id: r.id,
			familyLabel: r.family_label,
			lmg: r.lmg_name,
			timezone: r.timezone,
			agency: r.agency_name,
			referrer: r.referrer_name,
			status: r.status,
			submittedAt: new Date(r.submitted_at),
			decidedAt: r.decided_at ? new Date(r.decided_at) : null,
			decisionReason: r.decision_reason,
			deadline: deadlineFor(r, protocols.get(r.protocol_version_id)!.document.targets.referralToDecision, now)
		}))
	};
}

/** The coordinator answers the protocol's criteria (those of the version the referral came in under). */
export async function assessReferral(app: App, actor: Actor, input: AssessReferralInput) {
	const at = app.clock.now();
	const { referral } = await authorizeReferral(app, actor, input.referralId, 'referral.assess', true);
	const protocol = await getProtocolVersion(app.db, referral.protocol_version_id);
	const keys = protocol.document.referralCriteria.map((c) => c.key);
	const unknown = input.answers.filter((a) => !keys.includes(a.criterionKey)).map((a) => a.criterionKey);
	if (unknown.length > 0) throw ValidationError.field('answers', `Not a criterion of this protocol: ${unknown.join(', ')}`);
	await app.db.transaction().execute(async (trx) => {
		if (!(await repo.updateReferralStatus(trx, referral.id, OPEN, { status: 'under_assessment' }))) {
			throw new ConflictError(`This referral is ${referral.status.replace('_', ' ')} and can no longer be assessed.`);
		}
		for (const answer of input.answers) {
			await repo.upsertCriterionAnswer(trx, { referralId: referral.id, criterionKey: answer.criterionKey, met: answer.met, note: answer.note, userId: actor.userId, at });
		}
		await recordAudit(trx, { at, actor, role: 'coordinator', lmgId: referral.lmg_id, procedure: 'referral.assess', outcome: 'allowed', detail: 'referral' });
	});
}

/**
 * Accepting opens a case pinned to the LMG's newest protocol, with its first-conference due date;
 * declining needs a reason. Either way the referrer is told.
 */
export async function decideReferral(app: App, actor: Actor, input: DecideReferralInput) {
	const at = app.clock.now();
	const { referral } = await authorizeReferral(app, actor, input.referralId, 'referral.decide', true);
	const referralProtocol = await getProtocolVersion(app.db, referral.protocol_version_id);

	if (input.decision === 'accept') {
		const answers = await repo.findCriterionAnswers(app.db, referral.id);
		const unmet = referralProtocol.document.referralCriteria.filter(
			(c) => c.required && answers.find((a) => a.criterion_key === c.key)?.met !== 'yes'
		);
		if (unmet.length > 0) {
			throw ValidationError.field('answers', `To accept, answer “yes” to every required criterion. Not yet: ${unmet.map((c) => c.text).join('; ')}`);
		}
	}

	const caseProtocol = await getCurrentProtocol(app.db, referral.lmg_id);
	const caseId = crypto.randomUUID();
	const result = await app.db.transaction().execute(async (trx) => {
		const decided =
			input.decision === 'accept'
				? await repo.updateReferralStatus(trx, referral.id, OPEN, { status: 'accepted', decidedBy: actor.userId, decidedAt: at })
				: await repo.updateReferralStatus(trx, referral.id, OPEN, { status: 'declined', decidedBy: actor.userId, decidedAt: at, decisionReason: input.reason });
		if (!decided) throw new ConflictError(`This referral is already ${referral.status.replace('_', ' ')}.`);

		let reference: string | null = null;
		if (input.decision === 'accept') {
			reference = await nextCaseReference(trx, referral.lmg_id, referral.lmg_name, Number(localDate(at, referral.timezone).slice(0, 4)));
			await insertCase(trx, {
				id: caseId,
				reference,
				lmgId: referral.lmg_id,
				familyId: referral.family_id,
				referralId: referral.id,
				protocolVersionId: caseProtocol.id,
				coordinatorId: actor.userId,
				firstConferenceDueOn: dueOn(at, caseProtocol.document.targets.acceptanceToFirstConference, referral.timezone),
				at
			});
			// The referring agency is part of the network from the start; it sees the case once the family consents.
			await ensureCaseAgency(trx, caseId, referral.referring_agency_id, actor.userId, at);
			await insertCaseEvent(trx, { caseId, kind: 'case_opened', summary: `Referral from ${referral.agency_name} accepted; case ${reference} opened`, category: null, actorId: actor.userId, at });
		}
		await insertNotification(trx, {
			userId: referral.referring_user_id,
			kind: input.decision === 'accept' ? 'referral_accepted' : 'referral_declined',
			title: input.decision === 'accept' ? `Referral accepted: ${referral.family_label}` : `Referral declined: ${referral.family_label}`,
			body:
				input.decision === 'accept'
					? `${referral.lmg_name} accepted your referral. Case ${reference} is open; the coordinator will arrange consent and a first conference.`
					: `${referral.lmg_name} declined your referral. Reason: ${input.reason}`,
			link: `/referrals/${referral.id}`,
			caseId: null,
			at
		});
		await recordAudit(trx, {
			at,
			actor,
			role: 'coordinator',
			lmgId: referral.lmg_id,
			procedure: 'referral.decide',
			caseId: input.decision === 'accept' ? caseId : null,
			outcome: 'allowed',
			detail: input.decision
		});
		return { reference };
	});
	return input.decision === 'accept' ? { decision: 'accepted' as const, caseId, reference: result.reference! } : { decision: 'declined' as const };
}

/** The referrer withdraws a referral that has not yet been decided; the coordinators are told. */
export async function withdrawReferral(app: App, actor: Actor, referralId: string) {
	const at = app.clock.now();
	const { referral } = await authorizeReferral(app, actor, referralId, 'referral.withdraw');
	if (referral.referring_user_id !== actor.userId) throw new ForbiddenError('Only the worker who made a referral can withdraw it.');
	await app.db.transaction().execute(async (trx) => {
		if (!(await repo.updateReferralStatus(trx, referral.id, OPEN, { status: 'withdrawn', withdrawnAt: at }))) {
			throw new ConflictError(`This referral is already ${referral.status.replace('_', ' ')} and cannot be withdrawn.`);
		}
		for (const coordinatorId of await repo.findActiveCoordinatorIds(trx, referral.lmg_id)) {
			await insertNotification(trx, {
				userId: coordinatorId,
				kind: 'referral_withdrawn',
				title: `Referral withdrawn: ${referral.family_label}`,
				body: `${referral.agency_name} withdrew this referral.`,
				link: `/referrals/${referral.id}`,
				caseId: null,
				at
			});
		}
		await recordAudit(trx, { at, actor, role: 'agency_worker', lmgId: referral.lmg_id, procedure: 'referral.withdraw', outcome: 'allowed', detail: 'referral' });
	});
}

/** Where the worker's agency can refer, and the kinds of need each LMG's protocol names. */
export async function referralOptions(app: App, agencyId: string) {
	const lmgs = await app.db
		.selectFrom('lmg_agency')
		.innerJoin('lmg', 'lmg.id', 'lmg_agency.lmg_id')
		.select(['lmg.id', 'lmg.name', 'lmg.timezone'])
		.where('lmg_agency.agency_id', '=', agencyId)
		.orderBy('lmg.name')
		.execute();
	const options = [];
	for (const lmg of lmgs) {
		const protocol = await getCurrentProtocol(app.db, lmg.id);
		options.push({ id: lmg.id, name: lmg.name, timezone: lmg.timezone, categories: protocol.document.informationCategories });
	}
	return { lmgs: options };
}
