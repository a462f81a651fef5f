import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
	Kysely,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Driver,
	type KyselyConfig,
	type SqliteDatabase,
	type SqliteDialectConfig,
	type Transaction
} from 'kysely';
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
	return new Kysely<Database>({ dialect: new FairSqliteDialect({ database: withStatementCache(sqlite) }), log });
}

/**
 * Kysely's SQLite driver guards its one connection with a lock that, when released, wakes every
 * waiting query to race for it again. With 50 requests in flight each release woke dozens, and some
 * requests kept losing: the bench saw requests sent first finish seconds after later ones. This
 * one hands the connection to the next query in line and wakes nobody else.
 */
class FairSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;
	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}
	override createDriver(): Driver {
		return new FairSqliteDriver(this.#config);
	}
}

class FairSqliteDriver extends SqliteDriver {
	readonly #waiting: (() => void)[] = [];
	#busy = false;

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
