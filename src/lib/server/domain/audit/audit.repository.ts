import type { Insertable } from 'kysely';
import { readTogether, type Executor } from '../../db';
import { preparedAppend } from '../../db/prepared';
import type { AuditLogTable } from '../../db/schema';

type AuditRow = Required<Omit<Insertable<AuditLogTable>, 'id'>>;

/**
 * Every read of a case writes one: prepared once (db/prepared.ts), with every column named so the
 * SQL never varies, and outside a transaction committed together with the rows of the same moment.
 */
const insertAuditRow = preparedAppend((db, p: AuditRow) =>
	db.insertInto('audit_log').values({
		at: p.at,
		user_id: p.user_id,
		role: p.role,
		agency_id: p.agency_id,
		lmg_id: p.lmg_id,
		procedure: p.procedure,
		case_id: p.case_id,
		outcome: p.outcome,
		detail: p.detail,
		address: p.address
	})
);

export async function insertAuditEntry(db: Executor, entry: AuditRow): Promise<void> {
	await insertAuditRow(db, entry);
}

/** Every audit row about one case, newest first, with the names a coordinator needs to read it; page and total from one snapshot. */
export async function findAuditEntriesForCase(db: Executor, caseId: string, limit: number, offset: number) {
	return readTogether(db, (db) => findAuditEntriesAsOfNow(db, caseId, limit, offset));
}

async function findAuditEntriesAsOfNow(db: Executor, caseId: string, limit: number, offset: number) {
	const query = db.selectFrom('audit_log as a').where('a.case_id', '=', caseId);
	const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const rows = await query
		.leftJoin('app_user as u', 'u.id', 'a.user_id')
		.leftJoin('agency as ag', 'ag.id', 'a.agency_id')
		.select(['a.id', 'a.at', 'a.role', 'a.procedure', 'a.outcome', 'a.detail', 'u.name as user_name', 'ag.name as agency_name'])
		.orderBy('a.id', 'desc')
		.limit(limit)
		.offset(offset)
		.execute();
	return { total: Number(total.n), rows };
}
