import { sql, type Kysely, type Transaction } from 'kysely';
import { isPostgres, type Executor } from './index';
import type { Database } from './schema';

/**
 * Named locks for the few places where a transaction reads something and then writes on the
 * strength of it: the next case reference, the next plan or protocol version, the newest consent
 * row, whether an email or a name is taken, and the consent check a read makes against a
 * withdrawal.
 *
 * SQLite needs none of this: Kysely runs it on one connection, so one transaction runs at a time
 * and nothing can slip between the read and the write. PostgreSQL runs transactions side by side
 * (READ COMMITTED), so there each of those places first takes a transaction-scoped advisory lock on
 * its name; whoever comes second waits, then reads what the first committed. Advisory locks write
 * nothing (unlike SELECT … FOR SHARE on a busy row). Each is taken before its transaction touches
 * any row another holder of the same lock would wait on, so they add no deadlock; were one to
 * happen, PostgreSQL would fail one request rather than hang, and statement_timeout bounds a wait.
 * One such row is easy to miss: any write to a table an LMG's reports read locks that LMG's
 * lmg_data_version row until commit (a trigger does it: migrations/2026-11-22T1300-report-data-version.ts).
 * Take a named lock before the transaction's first such write. The one taken after one today, the
 * case reference in referral.decide, is only ever held by transactions that have already locked
 * their own LMG's row, so no cycle can form.
 *
 * `shared` holders do not wait for each other, only for an `exclusive` holder (and it for them).
 * Names are hashed to PostgreSQL's 64-bit lock keys; a collision only makes two unrelated things
 * wait for each other.
 */
export async function lockFor(trx: Transaction<Database>, name: string, mode: 'exclusive' | 'shared' = 'exclusive'): Promise<void> {
	if (!isPostgres(trx)) return;
	const lock = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
	await sql`select ${lock}(hashtextextended(${name}, 0))`.execute(trx);
}

/**
 * For a check that a write may follow ("is this email taken?"): inside a transaction, takes the
 * named lock until the transaction ends, so the answer stays true until the write; outside one,
 * nothing (a lone check promises nothing beyond its own moment).
 */
export async function holdInTransaction(db: Executor, name: string): Promise<void> {
	if (db.isTransaction) await lockFor(db as Transaction<Database>, name);
}

/**
 * Runs `work` holding the named lock: inside the caller's transaction when there is one (the lock
 * then lasts until it ends), else in a transaction of its own that ends with `work`.
 */
export async function withLock<T>(db: Executor, name: string, mode: 'exclusive' | 'shared', work: (db: Executor) => Promise<T>): Promise<T> {
	if (!isPostgres(db)) return work(db);
	if (db.isTransaction) {
		await lockFor(db as Transaction<Database>, name, mode);
		return work(db);
	}
	return db.transaction().execute(async (trx) => {
		await lockFor(trx, name, mode);
		return work(trx);
	});
}

/**
 * Runs `work` while holding the named lock across transactions: for start-up work that runs its own
 * transactions, such as loading demo data when several app servers start at once. On PostgreSQL the
 * work runs on the one connection that holds the lock.
 */
export async function whileHolding<T>(db: Kysely<Database>, name: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
	if (!isPostgres(db)) return work(db);
	return db.connection().execute(async (connection) => {
		await sql`select pg_advisory_lock(hashtextextended(${name}, 0))`.execute(connection);
		try {
			return await work(connection);
		} finally {
			await sql`select pg_advisory_unlock(hashtextextended(${name}, 0))`.execute(connection);
		}
	});
}
