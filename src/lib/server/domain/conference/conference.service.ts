import type { App } from '../../app';
import { assertCaseOpen } from '../case/case-rules';
import type { Executor } from '../../db';
import type { Actor } from '../actor';
import { findCaseFacts, insertCaseEvent } from '../case/case.repository';
import { auditCaseAccess, authorizeCaseAccess, type AnyCaseAccess, type CaseAccess } from '../consent/case-access';
import { findActiveConsent } from '../consent/consent.repository';
import { instantFromLocal, localDate, localDateTime, localDateWeeksAfter } from '../deadlines/deadlines';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { insertNotification } from '../notification/notification.repository';
import { findLatestPlan, lockPlan } from '../plan/plan.repository';
import { getProtocolVersion } from '../protocol/protocol.service';
import type {
	CancelConferenceInput,
	DeclineWorkerInput,
	HoldConferenceInput,
	InviteInput,
	RecordAttendanceInput,
	ScheduleConferenceInput
} from './conference.schema';


async function findConference(db: Executor, conferenceId: string) {
	return db
		.selectFrom('conference')
		.select(['id', 'case_id', 'kind', 'status', 'scheduled_start_at', 'location', 'facilitator_id'])
		.where('id', '=', conferenceId)
		.executeTakeFirst();
}

/** The conference and the caller's access to its case; a conference of a case they cannot see does not exist for them. */
async function authorizeConference(app: App, actor: Actor, conferenceId: string, procedure: string, now: Date) {
	const conference = await findConference(app.db, conferenceId);
	if (!conference) throw new NotFoundError('conference');
	const access = await authorizeCaseAccess(app.db, actor, conference.case_id, { procedure, now, named: 'conference' });
	return { conference, access };
}

function requireCoordinator(access: CaseAccess, what: string) {
	if (access.via !== 'coordinator') throw new ForbiddenError(`Only the case’s coordinator can ${what}.`);
}

/** On the day, the facilitator runs the conference alongside the coordinator. */
function requireCoordinatorOrFacilitator(access: CaseAccess, actor: Actor, conference: { facilitator_id: string | null }) {
	if (access.via !== 'coordinator' && conference.facilitator_id !== actor.userId) {
		throw new ForbiddenError('Only the coordinator or the conference’s facilitator can do this.');
	}
}

function requireScheduled(conference: { status: string }) {
	if (conference.status !== 'scheduled') throw new ConflictError(`This conference is already ${conference.status}.`);
}

async function activeWorkersOf(db: Executor, agencyId: string): Promise<string[]> {
	const rows = await db.selectFrom('app_user').select('id').where('agency_id', '=', agencyId).where('disabled_at', 'is', null).execute();
	return rows.map((r) => r.id);
}

function describeLocal(instant: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('en-NZ', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(instant);
}

/**
 * The coordinator schedules a conference at a local date and time in the LMG's timezone. The
 * facilitator must be independent of the lead and referring agencies when the protocol says so.
 */
export async function scheduleConference(app: App, actor: Actor, input: ScheduleConferenceInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'conference.schedule', now });
	requireCoordinator(access, 'schedule conferences');
	const facts = await findCaseFacts(app.db, input.caseId);
	assertCaseOpen(facts);
	if (input.kind === 'initial' && facts.status !== 'awaiting_conference') throw new ConflictError('This case has had its initial conference; schedule a review or closing conference.');
	if (input.kind !== 'initial' && facts.status !== 'active') throw new ConflictError('Hold the initial conference before a review or closing conference.');
	const pending = await app.db.selectFrom('conference').select('id').where('case_id', '=', input.caseId).where('status', '=', 'scheduled').executeTakeFirst();
	if (pending) throw new ConflictError('This case already has a conference scheduled; hold or cancel it first.');

	const startsAt = instantFromLocal(input.date, input.time, facts.timezone);
	if (!startsAt) throw ValidationError.field('time', `${input.time} does not exist in ${facts.timezone} on ${input.date}: the clocks go forward that night`);
	if (startsAt <= now) throw ValidationError.field('date', 'Choose a date and time still to come');

	const protocol = await getProtocolVersion(app.db, facts.protocol_version_id);
	const facilitator = (await facilitatorsOf(app.db, facts.lmg_id)).find((f) => f.id === input.facilitatorId);
	if (!facilitator) throw ValidationError.field('facilitatorId', 'Choose a facilitator from the list');
	if (protocol.document.facilitatorMustBeIndependent && facilitator.agency_id) {
		const role = facilitator.agency_id === facts.lead_agency_id ? 'lead' : facilitator.agency_id === facts.referring_agency_id ? 'referring' : null;
		if (role) {
			throw ValidationError.field(
				'facilitatorId',
				`${facts.lmg_name}’s protocol requires an independent facilitator, and ${facilitator.name} works for ${facilitator.agency_name}, the ${role} agency. Choose someone else.`
			);
		}
	}

	const warning =
		input.kind === 'initial' && facts.first_conference_due_on && input.date > facts.first_conference_due_on
			? `This is after the protocol’s target for a first conference (${facts.first_conference_due_on}).`
			: null;
	const id = crypto.randomUUID();
	await app.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('conference')
			.values({
				id,
				case_id: input.caseId,
				kind: input.kind,
				status: 'scheduled',
				scheduled_start_at: startsAt.toISOString(),
				location: input.location,
				facilitator_id: facilitator.id,
				interpreter: null,
				support_people: null,
				minutes: null,
				decisions: null,
				plan_id: null,
				held_at: null,
				cancelled_at: null,
				cancel_reason: null,
				created_by: actor.userId,
				created_at: now.toISOString()
			})
			.execute();
		await insertCaseEvent(trx, {
			caseId: input.caseId,
			kind: 'conference_scheduled',
			summary: `${input.kind[0].toUpperCase()}${input.kind.slice(1)} conference scheduled for ${describeLocal(startsAt, facts.timezone)}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		if (facilitator.id !== actor.userId) {
			await insertNotification(trx, {
				userId: facilitator.id,
				kind: 'facilitating',
				title: `You are facilitating a conference for ${facts.reference}`,
				body: `${describeLocal(startsAt, facts.timezone)} at ${input.location}.`,
				link: `/cases/${input.caseId}/conferences`,
				caseId: input.caseId,
				at: now
			});
		}
		await auditCaseAccess(trx, access, actor, { procedure: 'conference.schedule', now, detail: `conference: ${input.kind}` });
	});
	return { id, startsAt, warning };
}

/** Invite agencies that hold consent, their workers (unless the family declined them), family members and support people. */
export async function inviteToConference(app: App, actor: Actor, input: InviteInput) {
	const now = app.clock.now();
	const { conference, access } = await authorizeConference(app, actor, input.conferenceId, 'conference.invite', now);
	requireCoordinator(access, 'invite people to a conference');
	requireScheduled(conference);
	const facts = await findCaseFacts(app.db, conference.case_id);

	const errors: Record<string, string[]> = {};
	const agencies: { id: string; name: string }[] = [];
	for (const agencyId of new Set(input.agencyIds)) {
		const agency = await app.db.selectFrom('agency').select(['id', 'name']).where('id', '=', agencyId).executeTakeFirst();
		if (!agency || !(await findActiveConsent(app.db, conference.case_id, agencyId, now))) {
			(errors.agencyIds ??= []).push(`${agency?.name ?? 'That agency'} holds no consent on this case, so it cannot be invited`);
		} else agencies.push(agency);
	}
	const declined = await app.db.selectFrom('declined_worker').select('user_id').where('case_id', '=', conference.case_id).execute();
	const workers: { id: string; name: string; agency_id: string | null }[] = [];
	for (const userId of new Set(input.workerIds)) {
		const worker = await app.db
			.selectFrom('app_user')
			.select(['id', 'name', 'agency_id'])
			.where('id', '=', userId)
			.where('disabled_at', 'is', null)
			.executeTakeFirst();
		if (!worker?.agency_id || !(await findActiveConsent(app.db, conference.case_id, worker.agency_id, now))) {
			(errors.workerIds ??= []).push(`${worker?.name ?? 'That worker'}’s agency holds no consent on this case`);
		} else if (declined.some((d) => d.user_id === userId)) {
			(errors.workerIds ??= []).push(`The family has asked that ${worker.name} not be invited`);
		} else workers.push(worker);
	}
	const members = input.familyMemberIds.length
		? await app.db.selectFrom('family_member').select(['id', 'name']).where('family_id', '=', facts.family_id).where('id', 'in', input.familyMemberIds).execute()
		: [];
	if (members.length !== new Set(input.familyMemberIds).size) (errors.familyMemberIds ??= []).push('Choose members of this family');
	if (Object.keys(errors).length > 0) throw new ValidationError('Some invitations cannot be sent.', errors);

	const existing = await app.db.selectFrom('conference_invitee').select(['agency_id', 'user_id', 'family_member_id', 'name']).where('conference_id', '=', conference.id).execute();
	const startsAt = new Date(conference.scheduled_start_at);
	await app.db.transaction().execute(async (trx) => {
		const add = async (row: { kind: 'agency' | 'worker' | 'family_member' | 'support_person'; agencyId?: string; userId?: string; memberId?: string; name?: string }) => {
			await trx
				.insertInto('conference_invitee')
				.values({
					id: crypto.randomUUID(),
					conference_id: conference.id,
					invitee_kind: row.kind,
					agency_id: row.agencyId ?? null,
					user_id: row.userId ?? null,
					family_member_id: row.memberId ?? null,
					name: row.name ?? null,
					attendance: 'invited',
					apology_update: null,
					created_at: now.toISOString()
				})
				.execute();
		};
		for (const a of agencies) if (!existing.some((e) => e.agency_id === a.id && !e.user_id)) await add({ kind: 'agency', agencyId: a.id });
		for (const w of workers) {
			if (existing.some((e) => e.user_id === w.id)) continue;
			await add({ kind: 'worker', userId: w.id, agencyId: w.agency_id! });
			await insertNotification(trx, {
				userId: w.id,
				kind: 'conference_invitation',
				title: `Invitation: conference for ${facts.reference}`,
				body: `${describeLocal(startsAt, facts.timezone)} at ${conference.location}.`,
				link: `/cases/${conference.case_id}/conferences`,
				caseId: conference.case_id,
				at: now
			});
		}
		for (const m of members) if (!existing.some((e) => e.family_member_id === m.id)) await add({ kind: 'family_member', memberId: m.id });
		for (const name of new Set(input.supportPeople)) if (!existing.some((e) => e.name === name)) await add({ kind: 'support_person', name });
		await auditCaseAccess(trx, access, actor, { procedure: 'conference.invite', now, detail: 'conference invitations' });
	});
}

/** The family asks that a particular worker not be invited; from now on they cannot be, and pending invitations to them lapse. */
export async function declineWorker(app: App, actor: Actor, input: DeclineWorkerInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'conference.declineWorker', now });
	requireCoordinator(access, 'record that the family declined a worker');
	return recordDeclinedWorker(app, actor, access, input, 'conference.declineWorker', now);
}

/** The record itself, once the caller is known to be allowed: the coordinator's path here, the family's in the portal. */
export async function recordDeclinedWorker(app: App, actor: Actor, access: AnyCaseAccess, input: DeclineWorkerInput, procedure: string, now: Date) {
	const facts = await findCaseFacts(app.db, input.caseId);
	assertCaseOpen(facts);
	const worker = await app.db.selectFrom('app_user').select(['id', 'name', 'agency_id']).where('id', '=', input.userId).executeTakeFirst();
	if (!worker?.agency_id) throw ValidationError.field('userId', 'Choose an agency worker');
	const already = await app.db.selectFrom('declined_worker').select('id').where('case_id', '=', input.caseId).where('user_id', '=', worker.id).executeTakeFirst();
	if (already) throw new ConflictError(`The family has already declined ${worker.name}.`);
	await app.db.transaction().execute(async (trx) => {
		await trx
			.insertInto('declined_worker')
			.values({ id: crypto.randomUUID(), case_id: input.caseId, user_id: worker.id, reason: input.reason ?? null, recorded_by: actor.userId, created_at: now.toISOString() })
			.execute();
		await trx
			.deleteFrom('conference_invitee')
			.where('user_id', '=', worker.id)
			.where('conference_id', 'in', (eb) => eb.selectFrom('conference').select('id').where('case_id', '=', input.caseId).where('status', '=', 'scheduled'))
			.execute();
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'worker_declined', summary: `The family asked that ${worker.name} not be invited`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure, now, detail: 'declined worker' });
	});
}

/** A case's conferences, with times in the LMG's timezone; minutes and decisions only for those who see all of the case. */
export async function listConferences(app: App, actor: Actor, caseId: string) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, caseId, { procedure: 'conference.list', now });
	const facts = await findCaseFacts(app.db, caseId);
	const conferences = await app.db
		.selectFrom('conference as c')
		.leftJoin('app_user as f', 'f.id', 'c.facilitator_id')
		.leftJoin('action_plan as p', 'p.id', 'c.plan_id')
		.select([
			'c.id',
			'c.kind',
			'c.status',
			'c.scheduled_start_at',
			'c.location',
			'c.facilitator_id',
			'f.name as facilitator_name',
			'c.interpreter',
			'c.support_people',
			'c.minutes',
			'c.decisions',
			'c.held_at',
			'c.cancel_reason',
			'p.version as plan_version'
		])
		.where('c.case_id', '=', caseId)
		.orderBy('c.scheduled_start_at', 'desc')
		.execute();
	const invitees = conferences.length
		? await app.db
				.selectFrom('conference_invitee as i')
				.leftJoin('agency', 'agency.id', 'i.agency_id')
				.leftJoin('app_user as u', 'u.id', 'i.user_id')
				.leftJoin('family_member as m', 'm.id', 'i.family_member_id')
				.select(['i.id', 'i.conference_id', 'i.invitee_kind', 'i.attendance', 'i.apology_update', 'agency.name as agency_name', 'u.name as user_name', 'm.name as member_name', 'i.name', 'i.user_id'])
				.where('i.conference_id', 'in', conferences.map((c) => c.id))
				.orderBy('i.invitee_kind')
				.orderBy('i.created_at')
				.orderBy('i.id')
				.execute()
		: [];
	const family = await app.db.selectFrom('family').select('label').where('id', '=', facts.family_id).executeTakeFirstOrThrow();
	const declined = await app.db
		.selectFrom('declined_worker as d')
		.innerJoin('app_user as u', 'u.id', 'd.user_id')
		.select(['u.id', 'u.name'])
		.where('d.case_id', '=', caseId)
		.execute();
	const seesAll = access.via === 'coordinator' || access.scope === 'all';
	await auditCaseAccess(app.db, access, actor, { procedure: 'conference.list', now, detail: 'conferences' });
	return {
		timezone: facts.timezone,
		reference: facts.reference,
		familyLabel: family.label,
		caseStatus: facts.status,
		canSchedule: access.via === 'coordinator' && facts.status !== 'closed',
		declinedWorkers: declined,
		conferences: conferences.map((c) => ({
			id: c.id,
			kind: c.kind,
			status: c.status,
			startsAt: new Date(c.scheduled_start_at),
			localStart: localDateTime(new Date(c.scheduled_start_at), facts.timezone),
			location: c.location,
			facilitator: c.facilitator_name,
			interpreter: c.interpreter,
			supportPeople: c.support_people,
			minutes: seesAll ? c.minutes : null,
			decisions: seesAll ? c.decisions : null,
			heldAt: c.held_at ? new Date(c.held_at) : null,
			cancelReason: c.cancel_reason,
			planVersion: c.plan_version,
			canRun: c.status === 'scheduled' && (access.via === 'coordinator' || c.facilitator_id === actor.userId),
			invitees: invitees
				.filter((i) => i.conference_id === c.id)
				.map((i) => ({
					id: i.id,
					kind: i.invitee_kind,
					name: i.user_name ? `${i.user_name} (${i.agency_name})` : (i.agency_name ?? i.member_name ?? i.name ?? '—'),
					attendance: i.attendance,
					apologyUpdate: seesAll ? i.apology_update : null
				}))
		}))
	};
}

/** On the day: who came, who sent apologies (with their written update), and the record of the meeting. */
export async function recordAttendance(app: App, actor: Actor, input: RecordAttendanceInput) {
	const now = app.clock.now();
	const { conference, access } = await authorizeConference(app, actor, input.conferenceId, 'conference.recordAttendance', now);
	requireCoordinatorOrFacilitator(access, actor, conference);
	requireScheduled(conference);
	const invitees = await app.db.selectFrom('conference_invitee').select('id').where('conference_id', '=', conference.id).execute();
	const unknown = input.attendance.filter((a) => !invitees.some((i) => i.id === a.inviteeId));
	if (unknown.length > 0) throw ValidationError.field('attendance', 'Record attendance only for people invited to this conference');
	await app.db.transaction().execute(async (trx) => {
		for (const a of input.attendance) {
			await trx
				.updateTable('conference_invitee')
				.set({ attendance: a.attendance, apology_update: a.attendance === 'apologies' ? (a.apologyUpdate ?? null) : null })
				.where('id', '=', a.inviteeId)
				.execute();
		}
		const record = {
			...(input.supportPeople !== undefined ? { support_people: input.supportPeople || null } : {}),
			...(input.interpreter !== undefined ? { interpreter: input.interpreter || null } : {}),
			...(input.minutes !== undefined ? { minutes: input.minutes || null } : {}),
			...(input.decisions !== undefined ? { decisions: input.decisions || null } : {})
		};
		if (Object.keys(record).length > 0) await trx.updateTable('conference').set(record).where('id', '=', conference.id).execute();
		await auditCaseAccess(trx, access, actor, { procedure: 'conference.recordAttendance', now, detail: 'conference record' });
	});
}

/**
 * Holding the conference freezes the plan version everyone agreed, sends it to everyone who was
 * there, makes the case active, and sets the next review from the protocol's interval in the
 * LMG's timezone. An initial or review conference needs a lead agency that holds consent.
 */
export async function holdConference(app: App, actor: Actor, input: HoldConferenceInput) {
	const now = app.clock.now();
	const { conference, access } = await authorizeConference(app, actor, input.conferenceId, 'conference.hold', now);
	requireCoordinatorOrFacilitator(access, actor, conference);
	requireScheduled(conference);
	const facts = await findCaseFacts(app.db, conference.case_id);
	assertCaseOpen(facts);
	const protocol = await getProtocolVersion(app.db, facts.protocol_version_id);

	const invitees = await app.db
		.selectFrom('conference_invitee')
		.select(['id', 'invitee_kind', 'agency_id', 'user_id', 'family_member_id', 'attendance'])
		.where('conference_id', '=', conference.id)
		.execute();
	if (invitees.length === 0 || invitees.some((i) => i.attendance === 'invited')) {
		throw new ConflictError('Record everyone’s attendance (present, apologies or absent) before holding the conference.');
	}
	const plan = await findLatestPlan(app.db, conference.case_id);
	if (!plan) throw new ConflictError('Save the action plan before holding the conference.');
	if (plan.version !== input.planVersion) {
		throw new ConflictError(`The plan was saved again (now version ${plan.version}) after you opened version ${input.planVersion}. Check it, then hold the conference.`);
	}
	if (conference.kind !== 'closing') {
		const leadHasConsent = facts.lead_agency_id && (await findActiveConsent(app.db, conference.case_id, facts.lead_agency_id, now));
		if (!leadHasConsent) throw new ConflictError('Appoint a lead agency that holds the family’s consent before holding the conference.');
	}

	const nextReview = conference.kind === 'closing' ? null : localDateWeeksAfter(now, protocol.document.reviewIntervalWeeks, facts.timezone);
	await app.db.transaction().execute(async (trx) => {
		// Checked again where they cannot change underneath: the plan version everyone agreed is still the newest, and the conference is still to be held.
		await lockPlan(trx, conference.case_id);
		if ((await findLatestPlan(trx, conference.case_id))?.id !== plan.id) {
			throw new ConflictError(`The plan was saved again after you opened version ${input.planVersion}. Check it, then hold the conference.`);
		}
		const held = await trx
			.updateTable('conference')
			.set({ status: 'held', held_at: now.toISOString(), plan_id: plan.id })
			.where('id', '=', conference.id)
			.where('status', '=', 'scheduled')
			.executeTakeFirst();
		if (Number(held.numUpdatedRows) !== 1) throw new ConflictError('This conference is no longer scheduled.');
		await trx.updateTable('action_plan').set({ status: 'agreed', agreed_at: now.toISOString(), conference_id: conference.id, updated_at: now.toISOString() }).where('id', '=', plan.id).execute();
		await trx
			.updateTable('family_case')
			.set({ status: 'active', next_review_on: nextReview, facilitator_id: conference.facilitator_id, updated_at: now.toISOString() })
			.where('id', '=', conference.case_id)
			.execute();

		// The agreed plan goes to everyone who was there: workers invited by name, the workers of agencies invited as a whole, family members with an account.
		const present = invitees.filter((i) => i.attendance === 'present');
		const recipients = new Set<string>();
		for (const i of present) {
			if (i.user_id) recipients.add(i.user_id);
			else if (i.agency_id) for (const id of await activeWorkersOf(trx, i.agency_id)) recipients.add(id);
			else if (i.family_member_id) {
				const familyUser = await trx.selectFrom('app_user').select('id').where('family_member_id', '=', i.family_member_id).where('disabled_at', 'is', null).executeTakeFirst();
				if (familyUser) recipients.add(familyUser.id);
			}
		}
		recipients.delete(actor.userId);
		for (const userId of recipients) {
			await insertNotification(trx, {
				userId,
				kind: 'plan_agreed',
				title: `Plan agreed for ${facts.reference}`,
				body: `The ${conference.kind} conference agreed plan version ${plan.version}.${nextReview ? ` Next review due ${nextReview}.` : ''}`,
				link: `/cases/${conference.case_id}/plan/print?version=${plan.version}`,
				caseId: conference.case_id,
				at: now
			});
		}
		await insertCaseEvent(trx, {
			caseId: conference.case_id,
			kind: 'conference_held',
			summary: `${conference.kind[0].toUpperCase()}${conference.kind.slice(1)} conference held; plan version ${plan.version} agreed${nextReview ? `; next review due ${nextReview}` : ''}`,
			category: null,
			actorId: actor.userId,
			at: now
		});
		await auditCaseAccess(trx, access, actor, { procedure: 'conference.hold', now, detail: `conference held; plan version ${plan.version}` });
	});
	return { nextReviewOn: nextReview, planVersion: plan.version, heldOn: localDate(now, facts.timezone) };
}

export async function cancelConference(app: App, actor: Actor, input: CancelConferenceInput) {
	const now = app.clock.now();
	const { conference, access } = await authorizeConference(app, actor, input.conferenceId, 'conference.cancel', now);
	requireCoordinator(access, 'cancel a conference');
	requireScheduled(conference);
	const facts = await findCaseFacts(app.db, conference.case_id);
	const invited = await app.db.selectFrom('conference_invitee').select('user_id').where('conference_id', '=', conference.id).where('user_id', 'is not', null).execute();
	await app.db.transaction().execute(async (trx) => {
		await trx.updateTable('conference').set({ status: 'cancelled', cancelled_at: now.toISOString(), cancel_reason: input.reason }).where('id', '=', conference.id).execute();
		for (const { user_id } of invited) {
			await insertNotification(trx, {
				userId: user_id!,
				kind: 'conference_cancelled',
				title: `Conference cancelled: ${facts.reference}`,
				body: `The conference on ${describeLocal(new Date(conference.scheduled_start_at), facts.timezone)} is cancelled. ${input.reason}`,
				link: `/cases/${conference.case_id}/conferences`,
				caseId: conference.case_id,
				at: now
			});
		}
		await insertCaseEvent(trx, { caseId: conference.case_id, kind: 'conference_cancelled', summary: `Conference cancelled: ${input.reason}`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'conference.cancel', now, detail: 'conference cancelled' });
	});
}

/**
 * Who may facilitate an LMG's conferences: its coordinators and the workers of its agencies, never
 * anyone else (an administrator, another LMG's staff, a family member). The form offers these and
 * scheduling accepts only these: one list for both.
 */
async function facilitatorsOf(db: Executor, lmgId: string) {
	const coordinators = await db
		.selectFrom('user_role')
		.innerJoin('app_user as u', 'u.id', 'user_role.user_id')
		.select(['u.id', 'u.name'])
		.where('user_role.role', '=', 'coordinator')
		.where('user_role.lmg_id', '=', lmgId)
		.where('u.disabled_at', 'is', null)
		.orderBy('u.name')
		.execute();
	const workers = await db
		.selectFrom('app_user as u')
		.innerJoin('user_role', (join) => join.onRef('user_role.user_id', '=', 'u.id').on('user_role.role', '=', 'agency_worker'))
		.innerJoin('agency', 'agency.id', 'u.agency_id')
		.innerJoin('lmg_agency', 'lmg_agency.agency_id', 'agency.id')
		.select(['u.id', 'u.name', 'agency.id as agency_id', 'agency.name as agency_name'])
		.where('lmg_agency.lmg_id', '=', lmgId)
		.where('u.disabled_at', 'is', null)
		.orderBy('agency.name')
		.orderBy('u.name')
		.execute();
	return [...coordinators.map((c) => ({ ...c, agency_id: null as string | null, agency_name: null as string | null })), ...workers];
}

/**
 * The people and agencies a case's forms can choose from: facilitators (the LMG's coordinators
 * and its agencies' workers), and the agencies holding consent with their workers, and the family.
 */
export async function conferenceOptions(app: App, actor: Actor, caseId: string) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, caseId, { procedure: 'conference.options', now });
	const facts = await findCaseFacts(app.db, caseId);
	const facilitators = await facilitatorsOf(app.db, facts.lmg_id);
	const lmgWorkers = facilitators.filter((f): f is typeof f & { agency_id: string; agency_name: string } => f.agency_id !== null);
	const consenting = new Set<string>();
	for (const agencyId of new Set(lmgWorkers.map((w) => w.agency_id))) {
		if (await findActiveConsent(app.db, caseId, agencyId, now)) consenting.add(agencyId);
	}
	const agencies = await app.db
		.selectFrom('case_agency')
		.innerJoin('agency', 'agency.id', 'case_agency.agency_id')
		.select(['agency.id', 'agency.name'])
		.where('case_agency.case_id', '=', caseId)
		.orderBy('agency.name')
		.execute();
	const members = await app.db.selectFrom('family_member').select(['id', 'name', 'member_kind']).where('family_id', '=', facts.family_id).orderBy('name').execute();
	await auditCaseAccess(app.db, access, actor, { procedure: 'conference.options', now, detail: 'people on the case' });
	return {
		facilitators: facilitators.map((f) => ({ id: f.id, name: f.name, agency: f.agency_name })),
		agencies: agencies.filter((a) => consenting.has(a.id)),
		workers: lmgWorkers.filter((w) => consenting.has(w.agency_id)).map((w) => ({ id: w.id, name: w.name, agencyId: w.agency_id, agency: w.agency_name })),
		members: members.map((m) => ({ id: m.id, name: m.name, kind: m.member_kind }))
	};
}
