import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
	CompiledQuery,
	Kysely,
	PostgresAdapter,
	PostgresDialect,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Driver,
	type KyselyConfig,
	type SqliteDatabase,
	type SqliteDialectConfig,
	type Transaction
} from 'kysely';
import pg from 'pg';
import { recordSqliteFile } from './checkpoints';
import type { Database } from './schema';

export type Db = Kysely<Database>;
/** A database handle or a transaction: repositories accept either, so the caller owns the transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * SQLite's `synchronous` level. NORMAL in WAL mode never loses a committed transaction when the
 * application crashes; a power cut may lose the last commits. FULL survives that too, at about a
 * tenth of the commit rate (measured: 55,000 vs 4,200 commits/s), and every case read commits an
 * audit row. The README states this choice; operators who need FULL set SQLITE_SYNCHRONOUS=full.
 */
export type SynchronousLevel = 'normal' | 'full';

/**
 * Kysely's SQLite driver, changed in two ways, both measured:
 *
 * - Transactions begin IMMEDIATE. After a plain (deferred) BEGIN, a transaction that reads before
 *   it writes (plan.save's version check, for one) cannot wait for another process's write lock:
 *   SQLite refuses the upgrade from reader to writer with SQLITE_BUSY at once, without consulting
 *   busy_timeout (tests/resilience/contention.test.ts). BEGIN IMMEDIATE takes the write lock first,
 *   where busy_timeout applies. It costs this process nothing: its transactions never overlap.
 * - The one connection goes to the next query in line. Kysely's lock woke every waiting query on
 *   each release to race for it again; with 50 requests in flight a request could wait seconds
 *   behind later ones (bench/: case.get p99 2.5–3.5 s).
 */
class TautokoSqliteDriver extends SqliteDriver {
	readonly #waiting: (() => void)[] = [];
	#busy = false;

	/** Nobody holds the connection (no query, no transaction) and nobody waits for it. */
	get isFree(): boolean {
		return !this.#busy;
	}

	override async acquireConnection(): Promise<DatabaseConnection> {
		if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
		this.#busy = true;
		return super.acquireConnection();
	}

	override async releaseConnection(): Promise<void> {
		await super.releaseConnection();
		const next = this.#waiting.shift();
		// Handing over keeps #busy set, so nothing arriving meanwhile can step in front.
		if (next) next();
		else this.#busy = false;
	}

	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

class TautokoSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;
	#driver: TautokoSqliteDriver | undefined;
	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}
	override createDriver(): Driver {
		this.#driver = new TautokoSqliteDriver(this.#config);
		return this.#driver;
	}
	get connectionIsFree(): boolean {
		return this.#driver?.isFree ?? true;
	}
}

/** Runs one compiled statement at once and returns its rows, or returns undefined to say "use Kysely". */
type ImmediateRunner = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;
const immediateRunners = new WeakMap<object, ImmediateRunner>();

/**
 * A statement run synchronously on SQLite's one connection, skipping Kysely's connection
 * provider — when that is safe: `db` is the database itself (not a transaction, not a copy with
 * plugins) and nobody holds or waits for the connection. better-sqlite3 runs a statement to the end
 * before anything else can happen, so it cannot land inside someone else's transaction or overtake
 * a query in line. Kysely's path costs about ten promises a statement, each paying Node's async
 * hooks, and a case page runs seventeen (bench/results-notes.md). Undefined means "go through
 * Kysely": PostgreSQL, a transaction, a busy connection, or a handle that logs its queries.
 */
export function runImmediately(db: Executor, sql: string, parameters: readonly unknown[]): unknown[] | undefined {
	return immediateRunners.get(db)?.(sql, parameters);
}

/** Queues one write to be committed with the others queued within the same millisecond; resolves once committed. */
type GroupCommitter = (sql: string, parameters: readonly unknown[]) => Promise<void>;
const groupCommitters = new WeakMap<object, GroupCommitter>();

/**
 * A write outside any transaction that may share its commit with others: every read of a case
 * appends an audit row, and a commit of one row cost more than the case page's fourteen reads
 * (three indexes, a sequence row, and the WAL checkpoint every couple of hundred commits). The
 * rows asked for within a millisecond are committed in one transaction; each caller's promise
 * resolves once its row is committed, so nothing is answered before its audit row is committed,
 * exactly as before. Should the group fail, each row is tried on its own, so one bad row fails
 * only its own caller. Undefined means "write it yourself": PostgreSQL (whose connections commit
 * concurrently), a transaction, or a handle that logs its queries.
 */
export function commitWithOthers(db: Executor, sql: string, parameters: readonly unknown[]): Promise<void> | undefined {
	return groupCommitters.get(db)?.(sql, parameters);
}

/** `log` is for diagnostics (bench/explain.ts records every query with its time). */
export function openSqlite(path: string, synchronous: SynchronousLevel = 'normal', log?: KyselyConfig['log']): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
	// The durability the README promises is the durability we run with: check, don't assume.
	const expected = synchronous === 'full' ? 2 : 1;
	if (sqlite.pragma('synchronous', { simple: true }) !== expected) throw new Error(`SQLite did not accept synchronous=${synchronous}`);
	// Another process holding the write lock (a backup, a migration) makes us wait, not fail.
	sqlite.pragma('busy_timeout = 5000');
	// SQLite's default page cache is 2 MB. At national scale a report or a work queue reads tens of
	// MB of pages spread through the file, so with the default every request fetched them again
	// from the operating system (or from disk, once the OS had let them go). 256 MiB keeps an LMG's
	// busy pages in the server's own memory; it is a ceiling, used only as pages are read.
	sqlite.pragma('cache_size = -262144');
	const database = withStatementCache(sqlite);
	const dialect = new TautokoSqliteDialect({ database });
	const db = new Kysely<Database>({ dialect, log });
	// A handle that logs (bench/explain.ts) must see every query, so it never runs one itself.
	if (!log) {
		immediateRunners.set(db, (sql, parameters) => {
			if (!dialect.connectionIsFree) return undefined;
			const statement = database.prepare(sql) as SQLite.Statement;
			if (statement.reader) return statement.all(parameters);
			statement.run(parameters);
			return [];
		});
		groupCommitters.set(db, groupCommitter(sqlite, database, dialect, db));
	}
	recordSqliteFile(db, { sqlite, path, synchronous });
	return db;
}

/**
 * How long the first row of a group waits for others. At a steady 1,000 reads a second, a turn of
 * the event loop rarely holds more than one, so a group needs a moment to gather: 1 ms cost each
 * read about that much latency and saved 7–8 % of its CPU (bench/results-notes.md).
 */
const GROUP_COMMIT_WINDOW_MS = 1;

function groupCommitter(sqlite: SQLite.Database, database: SqliteDatabase, dialect: TautokoSqliteDialect, db: Db): GroupCommitter {
	type Pending = { sql: string; parameters: readonly unknown[]; resolve: () => void; reject: (error: unknown) => void };
	let pending: Pending[] = [];
	const run = (write: Pending) => (database.prepare(write.sql) as SQLite.Statement).run(write.parameters);
	// Synchronous from BEGIN to COMMIT, so nothing else can run on the connection meanwhile.
	const commit = (group: Pending[]) => {
		// Not getting the write lock (another process held it for busy_timeout) fails every row, as it
		// would have failed each; trying them one by one would wait that long again for each.
		sqlite.exec('begin immediate');
		try {
			for (const write of group) run(write);
			sqlite.exec('commit');
		} catch {
			if (sqlite.inTransaction) sqlite.exec('rollback');
			// A row was refused: the others are committed without it, each on its own.
			for (const write of group) {
				try {
					run(write);
					write.resolve();
				} catch (error) {
					write.reject(error);
				}
			}
			return;
		}
		for (const write of group) write.resolve();
	};
	const commitOrRefuse = (group: Pending[]) => {
		try {
			commit(group);
		} catch (error) {
			for (const write of group) write.reject(error);
		}
	};
	const flush = () => {
		const group = pending;
		pending = [];
		if (dialect.connectionIsFree) commitOrRefuse(group);
		// Someone holds the connection (a transaction awaiting): take a turn in the queue for it.
		else void db.connection().execute(async () => commitOrRefuse(group)).catch((error) => group.forEach((write) => write.reject(error)));
	};
	return (sql, parameters) =>
		new Promise<void>((resolve, reject) => {
			pending.push({ sql, parameters, resolve, reject });
			if (pending.length === 1) setTimeout(flush, GROUP_COMMIT_WINDOW_MS);
		});
}

export type PostgresSettings = {
	url: string;
	/** Connections this app server keeps open at most; requests beyond that queue for one. */
	poolSize: number;
	/** A statement running longer is cancelled, so one runaway query cannot hold a connection. */
	statementTimeoutMs: number;
};

/**
 * The code expects what better-sqlite3 returns: numbers for integers. node-postgres returns int8
 * (bigserial ids, count(*)) as strings, because an int8 can exceed 2^53; ours never will (the
 * audit log would need nine quadrillion rows), so they are parsed as numbers, for this pool only.
 */
const INT8_OID = 20;
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === INT8_OID && format !== 'binary' ? (value: string) => Number.parseInt(value, 10) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
};

export function openPostgres(settings: PostgresSettings, onPoolError: (error: Error) => void = () => {}): Db {
	const pool = new pg.Pool({
		connectionString: settings.url,
		max: settings.poolSize,
		types,
		application_name: 'tautoko',
		statement_timeout: settings.statementTimeoutMs,
		// Transactions here never wait on anything but the database; one left open is a bug, and
		// must not hold its locks for ever.
		idle_in_transaction_session_timeout: 60_000,
		// A request that cannot get a connection in 10 s fails with an error id rather than hanging.
		connectionTimeoutMillis: 10_000
	});
	// An idle connection dropped by the server (a restart, a failover) is replaced on next use; without
	// a listener, node-postgres would take the whole process down with it.
	pool.on('error', onPoolError);
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Which SQL dialect is behind a handle: the few places that must differ ask this, and nothing else does. */
export function isPostgres(db: Executor): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Runs several reads as of one moment, such as a page of a list and its total: on PostgreSQL in one
 * read-only REPEATABLE READ transaction (one snapshot); on SQLite in one transaction, which runs
 * alone. Without it a write landing between the two reads makes the total disagree with the page.
 */
export async function readTogether<T>(db: Executor, work: (db: Executor) => Promise<T>): Promise<T> {
	if (db.isTransaction) return work(db);
	const transaction = isPostgres(db) ? db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only') : db.transaction();
	return transaction.execute(work);
}

/**
 * Kysely's SQLite driver prepares every query afresh. Measured at national scale (bench/), the
 * preparing cost as much CPU as the running, so the same SQL text reuses its prepared statement.
 * Safe because the driver runs one query at a time on its one connection; bounded because lists
 * of ids make SQL texts of every length.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SqliteDatabase {
	const statements = new Map<string, SQLite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare(sql) {
			let statement = statements.get(sql);
			if (!statement) {
				statement = sqlite.prepare(sql);
				statements.set(sql, statement);
				// The oldest goes first: the queries that matter are asked for all the time and come straight back.
				if (statements.size > size) statements.delete(statements.keys().next().value!);
			}
			return statement;
		}
	};
}
