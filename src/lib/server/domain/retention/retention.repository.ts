import { sql } from 'kysely';
import type { Executor } from '../../db';

/** What stands in for removed text that a column cannot leave empty: pages then say plainly what happened. */
export const ANONYMISED = 'Anonymised';
export const ANONYMISED_FAMILY = 'Anonymised family';
export const ANONYMISED_MEMBER = 'Anonymised family member';

/**
 * Removed text where there was some, null where there was none: a page still shows that a
 * note or an interpreter existed, never what it said. A literal, not a parameter, so PostgreSQL
 * need not infer the type of a bare parameter inside CASE.
 */
function anonymisedUnlessNull(column: string) {
	return sql<string | null>`case when ${sql.ref(column)} is null then null else ${sql.lit(ANONYMISED)} end`;
}

/** Closed cases not yet anonymised, with what deciding their retention needs. */
export async function findClosedCasesNotAnonymised(db: Executor) {
	return db
		.selectFrom('family_case as c')
		.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
		.select(['c.id', 'c.reference', 'c.lmg_id', 'lmg.name as lmg_name', 'lmg.timezone', 'c.closed_at', 'c.protocol_version_id', 'c.family_id', 'c.referral_id'])
		.where('c.status', '=', 'closed')
		.where('c.anonymised_at', 'is', null)
		.where('c.closed_at', 'is not', null)
		.orderBy('lmg.name')
		.orderBy('c.closed_at')
		.orderBy('c.reference')
		.execute();
}

/** Other referrals of the same family: the app makes one family per referral, so normally none. */
export async function countOtherReferralsOfFamily(db: Executor, familyId: string, referralId: string): Promise<number> {
	const row = await db
		.selectFrom('referral')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('family_id', '=', familyId)
		.where('id', '!=', referralId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * Marks the case anonymised, only if it is still closed and not yet anonymised: of two runs at
 * once, one gets true and does the work, the other false and leaves it.
 */
export async function claimCaseForAnonymisation(db: Executor, caseId: string, at: Date): Promise<boolean> {
	const result = await db
		.updateTable('family_case')
		.set({ anonymised_at: at.toISOString(), updated_at: at.toISOString() })
		.where('id', '=', caseId)
		.where('status', '=', 'closed')
		.where('anonymised_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function scrubFamily(db: Executor, familyId: string) {
	await db
		.updateTable('family')
		.set({ label: ANONYMISED_FAMILY, area: ANONYMISED, languages_json: '[]', interpreter_needed: 0, cultural_identity: null, iwi: null })
		.where('id', '=', familyId)
		.execute();
	// member_kind stays: caregiver or child says who a plan action or a consent was for, not who they are.
	await db
		.updateTable('family_member')
		.set({ name: ANONYMISED_MEMBER, date_of_birth: null, gender: null, relationship: ANONYMISED, school: null })
		.where('family_id', '=', familyId)
		.execute();
}

/** The portal accounts of the family's members (only the join flow makes these, one per member). */
export async function findFamilyAccounts(db: Executor, familyId: string) {
	return db
		.selectFrom('app_user as u')
		.innerJoin('family_member as m', 'm.id', 'u.family_member_id')
		.select(['u.id', 'u.email', 'u.disabled_at'])
		.where('m.family_id', '=', familyId)
		.execute();
}

/**
 * The account stays (audit rows and case events point at it) but can never sign in again and
 * no longer names anyone: no password, an address that cannot receive mail, no sessions.
 */
export async function scrubFamilyAccount(db: Executor, account: { id: string; email: string; disabled_at: string | null }, at: Date) {
	await db.deleteFrom('session').where('user_id', '=', account.id).execute();
	await db.deleteFrom('notification').where('user_id', '=', account.id).execute();
	// Failed sign-ins are kept by the email typed: the old address must not outlive the account.
	await db.deleteFrom('login_failure').where('account_key', '=', account.email).execute();
	await db
		.updateTable('app_user')
		.set({
			name: ANONYMISED_MEMBER,
			email: `anonymised-${account.id}@tautoko.invalid`,
			password_hash: null,
			disabled_at: account.disabled_at ?? at.toISOString()
		})
		.where('id', '=', account.id)
		.execute();
}

export async function scrubReferral(db: Executor, referralId: string) {
	// needs_json (categories), dates, agency, method and status stay: the reports count them.
	await db.updateTable('referral').set({ summary: ANONYMISED, decision_reason: anonymisedUnlessNull('decision_reason') }).where('id', '=', referralId).execute();
	await db.updateTable('referral_criterion_answer').set({ note: anonymisedUnlessNull('note') }).where('referral_id', '=', referralId).execute();
}

export async function scrubCaseRecords(db: Executor, caseId: string) {
	// closure_reason (a protocol key) stays: the report counts closures by reason.
	await db.updateTable('family_case').set({ closing_report: anonymisedUnlessNull('closing_report') }).where('id', '=', caseId).execute();
	await db.updateTable('consent_event').set({ note: anonymisedUnlessNull('note') }).where('case_id', '=', caseId).execute();
	await db.updateTable('disclosure').set({ reason: ANONYMISED }).where('case_id', '=', caseId).execute();
	await db.updateTable('case_note').set({ body: ANONYMISED }).where('case_id', '=', caseId).execute();
	await db.updateTable('declined_worker').set({ reason: anonymisedUnlessNull('reason') }).where('case_id', '=', caseId).execute();
	await db.updateTable('handover').set({ reason: ANONYMISED, note: anonymisedUnlessNull('note') }).where('case_id', '=', caseId).execute();
	// statutory_referral_to names the statutory service (an organisation), and its date stays.
	await db.updateTable('concern').set({ description: ANONYMISED }).where('case_id', '=', caseId).execute();
	// question_key stays: the report counts the families who answered each question.
	await db.updateTable('feedback_answer').set({ answer: ANONYMISED }).where('case_id', '=', caseId).execute();
}

export async function scrubConferencesAndPlans(db: Executor, caseId: string) {
	await db
		.updateTable('conference')
		.set({
			location: ANONYMISED,
			interpreter: anonymisedUnlessNull('interpreter'),
			support_people: anonymisedUnlessNull('support_people'),
			minutes: anonymisedUnlessNull('minutes'),
			decisions: anonymisedUnlessNull('decisions'),
			cancel_reason: anonymisedUnlessNull('cancel_reason')
		})
		.where('case_id', '=', caseId)
		.execute();
	await db
		.updateTable('conference_invitee')
		.set({ name: anonymisedUnlessNull('name'), apology_update: anonymisedUnlessNull('apology_update') })
		.where('conference_id', 'in', (eb) => eb.selectFrom('conference').select('id').where('case_id', '=', caseId))
		.execute();
	const plansOfCase = db.selectFrom('action_plan').select('id').where('case_id', '=', caseId);
	// Domains, categories, ratings, due and completion dates, statuses and agencies stay: progress and timeliness are reported.
	await db.updateTable('goal').set({ text: ANONYMISED }).where('plan_id', 'in', plansOfCase).execute();
	await db.updateTable('plan_action').set({ description: ANONYMISED }).where('plan_id', 'in', plansOfCase).execute();
	await db
		.updateTable('action_progress')
		.set({ note: ANONYMISED })
		.where('action_id', 'in', db.selectFrom('plan_action').select('id').where('plan_id', 'in', plansOfCase))
		.execute();
}

export async function findCaseEventKinds(db: Executor, caseId: string): Promise<string[]> {
	return (await db.selectFrom('case_event').select('kind').distinct().where('case_id', '=', caseId).execute()).map((r) => r.kind);
}

/** Timeline summaries quote names and reasons; the kind of event and its time and author stay. */
export async function setCaseEventSummaries(db: Executor, caseId: string, kind: string, summary: string) {
	await db.updateTable('case_event').set({ summary }).where('case_id', '=', caseId).where('kind', '=', kind).execute();
}

/**
 * Notifications are messages, not records: those about the case or its referral name the family
 * in their title or quote a reason, so they go. Portal invitations (hashes of the codes) go too.
 */
export async function deleteCaseMessages(db: Executor, c: { caseId: string; referralId: string; familyId: string }) {
	await db
		.deleteFrom('notification')
		.where((eb) =>
			eb.or([
				eb('case_id', '=', c.caseId),
				eb('link', '=', `/referrals/${c.referralId}`),
				eb('link', '=', `/cases/${c.caseId}`),
				eb('link', 'like', `/cases/${c.caseId}/%`),
				eb('link', 'like', `/cases/${c.caseId}?%`)
			])
		)
		.execute();
	await db
		.deleteFrom('family_invitation')
		.where((eb) =>
			eb.or([eb('case_id', '=', c.caseId), eb('family_member_id', 'in', eb.selectFrom('family_member').select('id').where('family_id', '=', c.familyId))])
		)
		.execute();
}
