import type { Insertable } from 'kysely';
import type { Executor } from '../../db';
import type { AuditLogTable } from '../../db/schema';

export async function insertAuditEntry(db: Executor, entry: Insertable<AuditLogTable>): Promise<void> {
	await db.insertInto('audit_log').values(entry).execute();
}
