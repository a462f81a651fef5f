import { readTogether, type Executor } from '../../db';
import { preparedLookup, preparedQuery } from '../../db/prepared';
import type { AgreementMethod, CriterionMet, MemberKind, ReferralStatus } from '../../db/schema';

export async function insertFamily(
	db: Executor,
	row: { id: string; lmgId: string; label: string; area: string; languages: string[]; interpreterNeeded: boolean; culturalIdentity: string | null; iwi: string | null; at: Date }
) {
	await db
		.insertInto('family')
		.values({
			id: row.id,
			lmg_id: row.lmgId,
			label: row.label,
			area: row.area,
			languages_json: JSON.stringify(row.languages),
			interpreter_needed: row.interpreterNeeded ? 1 : 0,
			cultural_identity: row.culturalIdentity,
			iwi: row.iwi,
			created_at: row.at.toISOString()
		})
		.execute();
}

export async function insertFamilyMember(
	db: Executor,
	row: { familyId: string; name: string; dateOfBirth: string | null; gender: string | null; relationship: string; kind: MemberKind; school: string | null; at: Date }
) {
	const id = crypto.randomUUID();
	await db
		.insertInto('family_member')
		.values({
			id,
			family_id: row.familyId,
			name: row.name,
			date_of_birth: row.dateOfBirth,
			gender: row.gender,
			relationship: row.relationship,
			member_kind: row.kind,
			school: row.school,
			created_at: row.at.toISOString()
		})
		.execute();
	return id;
}

export async function insertReferral(
	db: Executor,
	row: {
		id: string;
		lmgId: string;
		familyId: string;
		agencyId: string;
		userId: string;
		protocolVersionId: string;
		needs: string[];
		summary: string;
		agreementOn: string;
		agreementMethod: AgreementMethod;
		at: Date;
	}
) {
	await db
		.insertInto('referral')
		.values({
			id: row.id,
			lmg_id: row.lmgId,
			family_id: row.familyId,
			referring_agency_id: row.agencyId,
			referring_user_id: row.userId,
			protocol_version_id: row.protocolVersionId,
			needs_json: JSON.stringify(row.needs),
			summary: row.summary,
			agreement_on: row.agreementOn,
			agreement_method: row.agreementMethod,
			status: 'submitted',
			decision_reason: null,
			decided_by: null,
			decided_at: null,
			withdrawn_at: null,
			submitted_at: row.at.toISOString(),
			created_at: row.at.toISOString()
		})
		.execute();
}

const referralColumns = [
	'r.id',
	'r.lmg_id',
	'r.family_id',
	'r.referring_agency_id',
	'r.referring_user_id',
	'r.protocol_version_id',
	'r.needs_json',
	'r.summary',
	'r.agreement_on',
	'r.agreement_method',
	'r.status',
	'r.decision_reason',
	'r.decided_at',
	'r.submitted_at',
	'lmg.name as lmg_name',
	'lmg.timezone',
	'agency.name as agency_name',
	'referrer.name as referrer_name',
	'family.label as family_label'
] as const;

function referralsWithNames(db: Executor) {
	return db
		.selectFrom('referral as r')
		.innerJoin('lmg', 'lmg.id', 'r.lmg_id')
		.innerJoin('agency', 'agency.id', 'r.referring_agency_id')
		.innerJoin('app_user as referrer', 'referrer.id', 'r.referring_user_id')
		.innerJoin('family', 'family.id', 'r.family_id');
}

export async function findReferral(db: Executor, referralId: string) {
	return referralsWithNames(db).select(referralColumns).where('r.id', '=', referralId).executeTakeFirst();
}

export type ReferralListFilter =
	| { kind: 'referrer'; userId: string }
	| { kind: 'lmgs'; lmgIds: string[]; statuses?: ReferralStatus[]; oldestFirst: boolean };

/** A page of referrals and their total, both read from one snapshot so they agree. */
export async function listReferrals(db: Executor, filter: ReferralListFilter, limit: number, offset: number) {
	return readTogether(db, (db) => listReferralsAsOfNow(db, filter, limit, offset));
}

async function listReferralsAsOfNow(db: Executor, filter: ReferralListFilter, limit: number, offset: number) {
	let query = referralsWithNames(db);
	if (filter.kind === 'referrer') {
		query = query.where('r.referring_user_id', '=', filter.userId);
	} else {
		if (filter.lmgIds.length === 0) return { total: 0, rows: [] };
		query = query.where('r.lmg_id', 'in', filter.lmgIds);
		if (filter.statuses) query = query.where('r.status', 'in', filter.statuses);
	}
	const oldestFirst = filter.kind === 'lmgs' && filter.oldestFirst;
	const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const rows = await query
		.select(referralColumns)
		.orderBy('r.submitted_at', oldestFirst ? 'asc' : 'desc')
		.orderBy('r.id')
		.limit(limit)
		.offset(offset)
		.execute();
	return { total: Number(total.n), rows };
}

// Prepared once (db/prepared.ts): every read of a case shows its family.
const familyMembers = preparedQuery((db, p: { familyId: string }) =>
	db
		.selectFrom('family_member')
		.select(['id', 'name', 'date_of_birth', 'gender', 'relationship', 'member_kind', 'school'])
		.where('family_id', '=', p.familyId)
		.orderBy('member_kind')
		// Said outright: SQLite puts nulls first by default, PostgreSQL last.
		.orderBy('date_of_birth', (ob) => ob.asc().nullsFirst())
		.orderBy('name')
);

export async function findFamilyMembers(db: Executor, familyId: string) {
	return familyMembers(db, { familyId });
}

const familyRow = preparedLookup((db, p: { familyId: string }) =>
	db.selectFrom('family').select(['id', 'label', 'area', 'languages_json', 'interpreter_needed', 'cultural_identity', 'iwi']).where('id', '=', p.familyId)
);

export async function findFamily(db: Executor, familyId: string) {
	const family = await familyRow(db, { familyId });
	if (!family) throw new Error(`No family ${familyId}.`);
	return family;
}

export async function findCriterionAnswers(db: Executor, referralId: string) {
	return db
		.selectFrom('referral_criterion_answer as a')
		.innerJoin('app_user as u', 'u.id', 'a.answered_by')
		.select(['a.criterion_key', 'a.met', 'a.note', 'a.answered_at', 'u.name as answered_by_name'])
		.where('a.referral_id', '=', referralId)
		.execute();
}

export async function upsertCriterionAnswer(
	db: Executor,
	row: { referralId: string; criterionKey: string; met: CriterionMet; note: string | null; userId: string; at: Date }
) {
	await db
		.insertInto('referral_criterion_answer')
		.values({
			referral_id: row.referralId,
			criterion_key: row.criterionKey,
			met: row.met,
			note: row.note,
			answered_by: row.userId,
			answered_at: row.at.toISOString()
		})
		.onConflict((oc) =>
			oc.columns(['referral_id', 'criterion_key']).doUpdateSet({ met: row.met, note: row.note, answered_by: row.userId, answered_at: row.at.toISOString() })
		)
		.execute();
}

/** Moves a referral on only from the status the caller saw: a concurrent decision makes this update nothing. */
export async function updateReferralStatus(
	db: Executor,
	referralId: string,
	from: ReferralStatus[],
	to: { status: ReferralStatus; decisionReason?: string | null; decidedBy?: string | null; decidedAt?: Date | null; withdrawnAt?: Date | null }
): Promise<boolean> {
	const result = await db
		.updateTable('referral')
		.set({
			status: to.status,
			...(to.decisionReason !== undefined ? { decision_reason: to.decisionReason } : {}),
			...(to.decidedBy !== undefined ? { decided_by: to.decidedBy } : {}),
			...(to.decidedAt !== undefined ? { decided_at: to.decidedAt?.toISOString() ?? null } : {}),
			...(to.withdrawnAt !== undefined ? { withdrawn_at: to.withdrawnAt?.toISOString() ?? null } : {})
		})
		.where('id', '=', referralId)
		.where('status', 'in', from)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function agencyIsInLmg(db: Executor, agencyId: string, lmgId: string) {
	const row = await db.selectFrom('lmg_agency').select('lmg_id').where('lmg_id', '=', lmgId).where('agency_id', '=', agencyId).executeTakeFirst();
	return row !== undefined;
}

export async function findActiveCoordinatorIds(db: Executor, lmgId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('user_role')
		.innerJoin('app_user', 'app_user.id', 'user_role.user_id')
		.select('app_user.id')
		.where('user_role.role', '=', 'coordinator')
		.where('user_role.lmg_id', '=', lmgId)
		.where('app_user.disabled_at', 'is', null)
		.execute();
	return rows.map((r) => r.id);
}
