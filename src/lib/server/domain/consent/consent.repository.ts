import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { Clock } from '../../clock';
import type { Executor } from '../../db';
import { lockFor, withLock } from '../../db/locks';
import { preparedLookup, preparedQuery } from '../../db/prepared';
import type { ConsentMethod, ConsentState, Database } from '../../db/schema';
// Type only: case-access.ts imports this module, and the type is all that is needed back.
import type { CaseVisibility } from './case-access';

/**
 * "Active consent": the newest consent row for a case and agency is `granted` and the moment is
 * inside its validity. Every access decision and every case list is built on this one predicate.
 */
export function activeConsentRows(db: Executor, now: Date) {
	return activeConsentRowsAt(db, now.toISOString());
}

function activeConsentRowsAt(db: Executor, at: string) {
	return db
		.selectFrom('consent_event as ce')
		.where('ce.state', '=', 'granted')
		.where('ce.valid_from', '<=', at)
		.where('ce.valid_until', '>', at)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('consent_event as newer')
						.select('newer.id')
						.whereRef('newer.case_id', '=', 'ce.case_id')
						.whereRef('newer.agency_id', '=', 'ce.agency_id')
						.whereRef('newer.created_at', '>', 'ce.created_at')
				)
			)
		);
}

/** For list queries over `family_case as c`: a correlated subquery, "this agency holds active consent on c". */
export function activeConsentOnListedCase(db: Executor, agencyId: string, now: Date) {
	return activeConsentRows(db, now).select('ce.id').where('ce.case_id', '=', sql.ref<string>('c.id')).where('ce.agency_id', '=', agencyId);
}

/**
 * The consent gate's two rules as a condition on `family_case as c`, for lists: a coordinator sees
 * the cases of the LMGs they coordinate; an agency sees a case while it holds active consent on it.
 * Nobody else sees any (an empty OR is false).
 */
export function caseIsVisible(db: Executor, visibleTo: CaseVisibility, now: Date) {
	return (eb: ExpressionBuilder<Database & { c: Database['family_case'] }, 'c'>) =>
		eb.or([
			...(visibleTo.lmgIds.length > 0 ? [eb('c.lmg_id', 'in', visibleTo.lmgIds)] : []),
			...(visibleTo.agencyId ? [eb.exists(activeConsentOnListedCase(db, visibleTo.agencyId, now))] : [])
		]);
}

/** The consent gate's question, asked on every read of a case by an agency: prepared once (db/prepared.ts). */
const findActiveConsentAt = preparedLookup((db, p: { caseId: string; agencyId: string; at: string }) =>
	activeConsentRowsAt(db, p.at)
		.select(['ce.id', 'ce.scope_all', 'ce.categories_json', 'ce.valid_until'])
		.where('ce.case_id', '=', p.caseId)
		.where('ce.agency_id', '=', p.agencyId)
);

export async function findActiveConsent(db: Executor, caseId: string, agencyId: string, now: Date) {
	return findActiveConsentAt(db, { caseId, agencyId, at: now.toISOString() });
}

/** Orders every consent check of a case against every change of its consent (see db/locks.ts). */
const consentLock = (caseId: string) => `consent:${caseId}`;

/**
 * findActiveConsent as the consent gate asks it: under the case's consent lock, shared, so on
 * PostgreSQL the check falls wholly before or wholly after any change of that case's consent.
 * Together with startConsentChange this gives rule 2 on any number of connections: a read checked
 * before a withdrawal carries an earlier time than the withdrawal, and a read checked after it
 * sees it. (On SQLite one connection gives the same order without the lock.)
 */
export async function checkActiveConsent(db: Executor, caseId: string, agencyId: string, now: Date) {
	return withLock(db, consentLock(caseId), 'shared', (locked) => findActiveConsent(locked, caseId, agencyId, now));
}

/**
 * Begins a change of a case's consent inside `trx`: takes the case's consent lock exclusively and
 * only then reads the clock, so the change is timed after every check that went before it, and
 * every check after it waits until it commits. Read the consent being changed after this, not before.
 */
export async function startConsentChange(trx: Transaction<Database>, caseId: string, clock: Clock): Promise<Date> {
	await lockFor(trx, consentLock(caseId), 'exclusive');
	return clock.now();
}

export type NewConsentEvent = {
	caseId: string;
	agencyId: string;
	state: ConsentState;
	scopeAll: boolean;
	categories: string[];
	givenByMemberId: string | null;
	recordedBy: string | null;
	method: ConsentMethod | null;
	validFrom: Date | null;
	validUntil: Date | null;
	note: string | null;
	at: Date;
};

/**
 * Appends a consent event. Consent rows are never updated or deleted: the current state is the
 * newest row. Rows of one case and agency get strictly increasing times, so "newest" is never a tie:
 * the case's consent lock (normally already taken by startConsentChange) keeps two changes from
 * reading the same newest time.
 */
export async function insertConsentEvent(db: Transaction<Database>, event: NewConsentEvent): Promise<{ id: string; at: Date }> {
	await lockFor(db, consentLock(event.caseId), 'exclusive');
	const latest = await db
		.selectFrom('consent_event')
		.select((eb) => eb.fn.max('created_at').as('at'))
		.where('case_id', '=', event.caseId)
		.where('agency_id', '=', event.agencyId)
		.executeTakeFirst();
	let at = event.at;
	if (latest?.at && new Date(latest.at) >= at) at = new Date(new Date(latest.at).getTime() + 1);
	const id = crypto.randomUUID();
	await db
		.insertInto('consent_event')
		.values({
			id,
			case_id: event.caseId,
			agency_id: event.agencyId,
			state: event.state,
			scope_all: event.scopeAll ? 1 : 0,
			categories_json: JSON.stringify(event.scopeAll ? [] : event.categories),
			given_by_member_id: event.givenByMemberId,
			recorded_by: event.recordedBy,
			method: event.method,
			valid_from: event.validFrom?.toISOString() ?? null,
			valid_until: event.validUntil?.toISOString() ?? null,
			note: event.note,
			created_at: at.toISOString()
		})
		.execute();
	return { id, at };
}

/** Every consent row of a case, oldest first, with the agency's and people's names. */
const consentHistory = preparedQuery((db, p: { caseId: string }) =>
	db
		.selectFrom('consent_event as ce')
		.innerJoin('agency', 'agency.id', 'ce.agency_id')
		.leftJoin('family_member as fm', 'fm.id', 'ce.given_by_member_id')
		.leftJoin('app_user as recorder', 'recorder.id', 'ce.recorded_by')
		.select([
			'ce.id',
			'ce.agency_id',
			'agency.name as agency_name',
			'ce.state',
			'ce.scope_all',
			'ce.categories_json',
			'ce.method',
			'ce.valid_from',
			'ce.valid_until',
			'ce.note',
			'ce.created_at',
			'fm.name as given_by_name',
			'recorder.name as recorded_by_name'
		])
		.where('ce.case_id', '=', p.caseId)
		.orderBy('ce.created_at')
);

export async function findConsentHistory(db: Executor, caseId: string) {
	return consentHistory(db, { caseId });
}

export async function insertDisclosure(
	db: Executor,
	row: { caseId: string; agencyId: string; legalBasis: string; reason: string; disclosedBy: string; at: Date }
) {
	await db
		.insertInto('disclosure')
		.values({
			id: crypto.randomUUID(),
			case_id: row.caseId,
			agency_id: row.agencyId,
			legal_basis: row.legalBasis,
			reason: row.reason,
			disclosed_by: row.disclosedBy,
			created_at: row.at.toISOString()
		})
		.execute();
}

export async function findDisclosures(db: Executor, caseId: string) {
	return db
		.selectFrom('disclosure as d')
		.innerJoin('agency', 'agency.id', 'd.agency_id')
		.innerJoin('app_user as u', 'u.id', 'd.disclosed_by')
		.select(['d.id', 'agency.name as agency_name', 'd.legal_basis', 'd.reason', 'u.name as disclosed_by_name', 'd.created_at'])
		.where('d.case_id', '=', caseId)
		.orderBy('d.created_at')
		.execute();
}
