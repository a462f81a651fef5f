import type { Transaction } from 'kysely';
import { readTogether, type Executor } from '../../db';
import { lockFor } from '../../db/locks';
import { containsIgnoringCase } from '../../db/portable';
import { preparedLookup, preparedQuery } from '../../db/prepared';
import type { CaseVisibility } from '../consent/case-access';
import { caseIsVisible } from '../consent/consent.repository';
import type { CaseStatus, Database } from '../../db/schema';

/** "Te Awa North" → "TAN": the start of every case reference in that LMG. */
export function referencePrefix(lmgName: string): string {
	const initials = lmgName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((word) => word[0]!.toUpperCase())
		.join('');
	return initials.slice(0, 4) || 'CASE';
}

/**
 * The next free reference for an LMG and year, such as TAN-2026-0042. Two acceptances at once
 * would count the same cases, so the count waits for the prefix's lock (db/locks.ts) and the
 * caller inserts the case in the same transaction.
 */
export async function nextCaseReference(db: Transaction<Database>, lmgId: string, lmgName: string, year: number): Promise<string> {
	const prefix = `${referencePrefix(lmgName)}-${year}-`;
	await lockFor(db, `case-reference:${prefix}`);
	const { n } = await db
		.selectFrom('family_case')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('reference', 'like', `${prefix}%`)
		.executeTakeFirstOrThrow();
	for (let sequence = Number(n) + 1; ; sequence++) {
		const reference = `${prefix}${String(sequence).padStart(4, '0')}`;
		const taken = await db.selectFrom('family_case').select('id').where('reference', '=', reference).executeTakeFirst();
		if (!taken) return reference;
	}
}

export async function insertCase(
	db: Executor,
	row: {
		id: string;
		reference: string;
		lmgId: string;
		familyId: string;
		referralId: string;
		protocolVersionId: string;
		coordinatorId: string;
		firstConferenceDueOn: string;
		at: Date;
	}
) {
	await db
		.insertInto('family_case')
		.values({
			id: row.id,
			reference: row.reference,
			lmg_id: row.lmgId,
			family_id: row.familyId,
			referral_id: row.referralId,
			protocol_version_id: row.protocolVersionId,
			status: 'awaiting_conference',
			needs_lead_agency: 1,
			coordinator_id: row.coordinatorId,
			lead_agency_id: null,
			lead_worker_id: null,
			facilitator_id: null,
			opened_at: row.at.toISOString(),
			next_review_on: null,
			first_conference_due_on: row.firstConferenceDueOn,
			closed_at: null,
			closure_reason: null,
			closing_report: null,
			updated_at: row.at.toISOString(),
			created_at: row.at.toISOString()
		})
		.execute();
}

/** Adds an agency to the case's network once; later calls change nothing. */
export async function ensureCaseAgency(db: Executor, caseId: string, agencyId: string, addedBy: string | null, at: Date) {
	await db
		.insertInto('case_agency')
		.values({ case_id: caseId, agency_id: agencyId, added_by: addedBy, added_at: at.toISOString() })
		.onConflict((oc) => oc.columns(['case_id', 'agency_id']).doNothing())
		.execute();
}

export async function insertCaseEvent(
	db: Executor,
	row: { caseId: string; kind: string; summary: string; category: string | null; actorId: string | null; at: Date }
) {
	await db
		.insertInto('case_event')
		.values({
			id: crypto.randomUUID(),
			case_id: row.caseId,
			kind: row.kind,
			summary: row.summary,
			category: row.category,
			actor_id: row.actorId,
			created_at: row.at.toISOString()
		})
		.execute();
}

/*
 * The case page's reads are prepared once (db/prepared.ts): every read of a case runs them, and
 * building and compiling them cost more than running them.
 */
const caseRow = preparedLookup((db, p: { caseId: string }) =>
	db
		.selectFrom('family_case as c')
		.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
		.innerJoin('family', 'family.id', 'c.family_id')
		.leftJoin('app_user as coordinator', 'coordinator.id', 'c.coordinator_id')
		.leftJoin('agency as lead', 'lead.id', 'c.lead_agency_id')
		.leftJoin('app_user as lead_worker', 'lead_worker.id', 'c.lead_worker_id')
		.select([
			'c.id',
			'c.reference',
			'c.lmg_id',
			'lmg.name as lmg_name',
			'lmg.timezone',
			'c.family_id',
			'c.referral_id',
			'c.protocol_version_id',
			'c.status',
			'c.needs_lead_agency',
			'c.opened_at',
			'c.first_conference_due_on',
			'c.next_review_on',
			'c.closed_at',
			'c.closure_reason',
			'c.anonymised_at',
			'coordinator.name as coordinator_name',
			'lead.name as lead_agency_name',
			'c.lead_agency_id',
			'c.lead_worker_id',
			'c.closing_report',
			'lead_worker.name as lead_worker_name'
		])
		.where('c.id', '=', p.caseId)
);

export async function findCaseRow(db: Executor, caseId: string) {
	return caseRow(db, { caseId });
}

const caseNetwork = preparedQuery((db, p: { caseId: string }) =>
	db
		.selectFrom('case_agency as ca')
		.innerJoin('agency', 'agency.id', 'ca.agency_id')
		.select(['agency.id', 'agency.name', 'agency.kind', 'ca.added_at'])
		.where('ca.case_id', '=', p.caseId)
		.orderBy('agency.name')
);

export async function findCaseNetwork(db: Executor, caseId: string) {
	return caseNetwork(db, { caseId });
}

const caseNotes = preparedQuery((db, p: { caseId: string }) =>
	db
		.selectFrom('case_note as n')
		.innerJoin('app_user as author', 'author.id', 'n.author_id')
		.leftJoin('agency', 'agency.id', 'n.author_agency_id')
		.select(['n.id', 'n.category', 'n.body', 'n.noted_on', 'n.created_at', 'author.name as author_name', 'agency.name as agency_name'])
		.where('n.case_id', '=', p.caseId)
		.orderBy('n.noted_on', 'desc')
		.orderBy('n.created_at', 'desc')
);

export async function findCaseNotes(db: Executor, caseId: string) {
	return caseNotes(db, { caseId });
}

const caseReferral = preparedLookup((db, p: { referralId: string }) =>
	db
		.selectFrom('referral')
		.innerJoin('agency', 'agency.id', 'referral.referring_agency_id')
		.select(['referral.summary', 'referral.needs_json', 'agency.name as agency_name'])
		.where('referral.id', '=', p.referralId)
);

/** What the case page shows of the referral that opened the case. */
export async function findCaseReferral(db: Executor, referralId: string) {
	const referral = await caseReferral(db, { referralId });
	if (!referral) throw new Error(`The referral ${referralId} of a case is missing.`);
	return referral;
}

const caseConcerns = preparedQuery((db, p: { caseId: string }) =>
	db
		.selectFrom('concern')
		.innerJoin('app_user as u', 'u.id', 'concern.raised_by')
		.select(['concern.id', 'concern.description', 'concern.statutory_referral_to', 'concern.statutory_referral_on', 'concern.created_at', 'u.name as raised_by'])
		.where('concern.case_id', '=', p.caseId)
		.orderBy('concern.created_at', 'desc')
);

export async function findCaseConcerns(db: Executor, caseId: string) {
	return caseConcerns(db, { caseId });
}

const caseHandovers = preparedQuery((db, p: { caseId: string }) =>
	db
		.selectFrom('handover as h')
		.innerJoin('agency as to', 'to.id', 'h.to_agency_id')
		.leftJoin('agency as from', 'from.id', 'h.from_agency_id')
		.select(['h.id', 'h.status', 'h.reason', 'h.note', 'h.proposed_at', 'h.responded_at', 'h.to_agency_id', 'to.name as to_name', 'from.name as from_name'])
		.where('h.case_id', '=', p.caseId)
		.orderBy('h.proposed_at', 'desc')
);

export async function findCaseHandovers(db: Executor, caseId: string) {
	return caseHandovers(db, { caseId });
}

const caseFeedback = preparedQuery((db, p: { caseId: string }) => db.selectFrom('feedback_answer').select(['question_key', 'answer']).where('case_id', '=', p.caseId));

export async function findCaseFeedback(db: Executor, caseId: string) {
	return caseFeedback(db, { caseId });
}

export async function insertCaseNote(
	db: Executor,
	row: { caseId: string; category: string; body: string; notedOn: string; authorId: string; authorAgencyId: string | null; at: Date }
) {
	const id = crypto.randomUUID();
	await db
		.insertInto('case_note')
		.values({
			id,
			case_id: row.caseId,
			category: row.category,
			body: row.body,
			noted_on: row.notedOn,
			author_id: row.authorId,
			author_agency_id: row.authorAgencyId,
			created_at: row.at.toISOString()
		})
		.execute();
	return id;
}

export async function findCaseEvents(db: Executor, caseId: string) {
	return db
		.selectFrom('case_event as e')
		.leftJoin('app_user as u', 'u.id', 'e.actor_id')
		.select(['e.id', 'e.kind', 'e.summary', 'e.category', 'e.created_at', 'u.name as actor_name'])
		.where('e.case_id', '=', caseId)
		.orderBy('e.created_at', 'desc')
		.execute();
}

export type CaseListFilter = {
	/** Coordinated LMGs, and the agency whose active consent opens a case: the gate's two rules. */
	visibleTo: CaseVisibility;
	now: Date;
	status?: CaseStatus;
	inNetworkOf?: string;
	/** Today's date in each timezone, for "overdue". */
	overdueAsOf?: { timezone: string; today: string }[];
	search?: string;
	limit: number;
	offset: number;
};

/** A page of cases and their total, both read from one snapshot so they agree. */
export async function listCases(db: Executor, f: CaseListFilter) {
	return readTogether(db, (db) => listCasesAsOfNow(db, f));
}

async function listCasesAsOfNow(db: Executor, f: CaseListFilter) {
	const { lmgIds, agencyId } = f.visibleTo;
	if (lmgIds.length === 0 && !agencyId) return { total: 0, rows: [] };
	// Every filter is written over family_case alone (the family's label and the LMG's timezone
	// through subqueries), so the count joins nothing: SQLite counts index entries instead of
	// visiting each case's family row, which at national scale sit all over the file.
	let query = db.selectFrom('family_case as c').where(caseIsVisible(db, f.visibleTo, f.now));
	if (f.status) query = query.where('c.status', '=', f.status);
	if (f.inNetworkOf) {
		const inNetworkOf = f.inNetworkOf;
		query = query.where((eb) =>
			eb.exists(eb.selectFrom('case_agency as ca').select('ca.case_id').whereRef('ca.case_id', '=', 'c.id').where('ca.agency_id', '=', inNetworkOf))
		);
	}
	if (f.search) {
		const search = f.search;
		query = query.where((eb) =>
			eb.or([
				eb.exists(
					eb
						.selectFrom('family as f')
						.select('f.id')
						.whereRef('f.id', '=', 'c.family_id')
						.where(containsIgnoringCase('f.label', search))
				),
				containsIgnoringCase('c.reference', search)
			])
		);
	}
	if (f.overdueAsOf) {
		const zones = f.overdueAsOf;
		query = query.where((eb) =>
			eb.or(
				zones.map(({ timezone, today }) =>
					eb.and([
						eb('c.lmg_id', 'in', eb.selectFrom('lmg as z').select('z.id').where('z.timezone', '=', timezone)),
						eb.or([
							eb.and([eb('c.status', '=', 'awaiting_conference'), eb('c.first_conference_due_on', '<', today)]),
							eb.and([eb('c.status', '=', 'active'), eb('c.next_review_on', '<', today)])
						])
					])
				)
			)
		);
	}
	const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const rows = await query
		.innerJoin('family', 'family.id', 'c.family_id')
		.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
		.leftJoin('agency as lead', 'lead.id', 'c.lead_agency_id')
		.select([
			'c.id',
			'c.reference',
			'c.status',
			'c.needs_lead_agency',
			'c.opened_at',
			'c.first_conference_due_on',
			'c.next_review_on',
			'family.label as family_label',
			'lmg.name as lmg_name',
			'lmg.timezone',
			'lead.name as lead_agency_name'
		])
		.orderBy('c.opened_at', 'desc')
		.orderBy('c.id')
		.limit(f.limit)
		.offset(f.offset)
		.execute();
	return { total: Number(total.n), rows };
}

export async function findTimezones(db: Executor): Promise<string[]> {
	return (await db.selectFrom('lmg').select('timezone').distinct().execute()).map((r) => r.timezone);
}

/** The facts about a case that the rules of conferences, plans and the lead agency turn on. */
export async function findCaseFacts(db: Executor, caseId: string) {
	return db
		.selectFrom('family_case as c')
		.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
		.innerJoin('referral as r', 'r.id', 'c.referral_id')
		.leftJoin('agency as lead', 'lead.id', 'c.lead_agency_id')
		.select([
			'c.id',
			'c.reference',
			'c.status',
			'c.family_id',
			'c.lmg_id',
			'c.protocol_version_id',
			'c.lead_agency_id',
			'c.lead_worker_id',
			'c.first_conference_due_on',
			'c.closing_report',
			'r.referring_agency_id',
			'lead.name as lead_name',
			'lmg.name as lmg_name',
			'lmg.timezone'
		])
		.where('c.id', '=', caseId)
		.executeTakeFirstOrThrow();
}
