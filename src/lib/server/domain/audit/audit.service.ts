import type { Executor } from '../../db';
import type { AuditOutcome, Role } from '../../db/schema';
import type { Actor } from '../actor';
import { insertAuditEntry } from './audit.repository';

export type AuditEntry = {
	at: Date;
	actor?: Actor | null;
	/** The role the actor acted in, when the procedure belongs to one role. */
	role?: Role | null;
	lmgId?: string | null;
	procedure: string;
	caseId?: string | null;
	outcome: AuditOutcome;
	/** A short kind or category of what was read or refused: never case content, passwords or tokens. */
	detail?: string | null;
	/** Where the call came from; by default the address the actor acts through. */
	address?: string | null;
	/** For events with no signed-in actor (a failed login): who it concerned, if known. */
	userId?: string | null;
};

/** Appends one row to the audit log. Rows are never changed: the database refuses UPDATE and DELETE. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
	await insertAuditEntry(db, {
		at: entry.at.toISOString(),
		user_id: entry.actor?.userId ?? entry.userId ?? null,
		role: entry.role ?? null,
		agency_id: entry.actor?.agencyId ?? null,
		lmg_id: entry.lmgId ?? null,
		procedure: entry.procedure,
		case_id: entry.caseId ?? null,
		outcome: entry.outcome,
		detail: entry.detail ?? null,
		address: entry.address ?? entry.actor?.address ?? null
	});
}

