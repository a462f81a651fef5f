import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createApp, type App } from '../../../src/lib/server/app';
import { argon2Hasher, type PasswordHasher } from '../../../src/lib/server/auth/password';
import { validateSessionToken } from '../../../src/lib/server/auth/session';
import { ManualClock, systemClock } from '../../../src/lib/server/clock';
import { readConfig } from '../../../src/lib/server/config';
import { bundledMigrations } from '../../../src/lib/server/db/bundled-migrations';
import { migrateToLatest } from '../../../src/lib/server/db/migrate';
import { createLogger } from '../../../src/lib/server/log';
import { DEMO_PASSWORD, seedDemoData } from '../../../src/lib/server/seed/demo';
import type { Context } from '../../../src/lib/server/trpc/context';
import { createCaller } from '../../../src/lib/server/trpc/router';
import { createTestDatabase, TEST_CLOCK_START, testDatabaseUrl, type Start } from './postgres';

/** argon2 as in production, counting the work it does, so a test can prove no hash was computed. */
export class CountingHasher implements PasswordHasher {
	hashes = 0;
	verifies = 0;
	hash(password: string) {
		this.hashes++;
		return argon2Hasher.hash(password);
	}
	verify(hash: string, password: string) {
		this.verifies++;
		return argon2Hasher.verify(hash, password);
	}
}

export const onPostgres = testDatabaseUrl !== null;

export type FreshDatabase = { env: Record<string, string>; prepared: boolean; drop: () => Promise<void> };

/**
 * A database of its own for one test app: a temporary SQLite file, or (under `npm run test:pg`) a
 * new PostgreSQL database. `prepared` says it already holds what `start` asks for.
 */
export async function freshDatabase(start: Start = 'empty'): Promise<FreshDatabase> {
	if (onPostgres) {
		const database = await createTestDatabase(start);
		return { env: { DATABASE_URL: database.url }, prepared: database.prepared, drop: database.drop };
	}
	const dir = mkdtempSync(join(tmpdir(), 'tautoko-test-'));
	return { env: { DATABASE_PATH: join(dir, 'test.db') }, prepared: false, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
/**
 * A freshly migrated database of its own (see freshDatabase) and an App around it, with a clock
 * that moves only when told. `demo: true` loads the demo data (the accounts DESIGN.md lists) as
 * fixtures. `copyOf` (SQLite only) starts instead from a copy of a database file made by
 * `saveCopy`, already migrated and seeded: milliseconds, where seeding hashes every demo password again.
 */
export async function createTestApp(options: { demo?: boolean; env?: Record<string, string>; realClock?: boolean; copyOf?: string } = {}) {
	if (options.copyOf && onPostgres) throw new Error('copyOf copies a SQLite file; it has no meaning on PostgreSQL');
	// A PostgreSQL template's demo data was loaded at the test clock's start, so a real clock loads its own.
	const fromDemoTemplate = options.demo === true && !options.realClock && !options.copyOf;
	const database = await freshDatabase(fromDemoTemplate ? 'demo' : 'migrated');
	const config = readConfig({ ...database.env, DEMO_DATA: 'false', ...options.env });
	const clock = new ManualClock(TEST_CLOCK_START);
	const passwords = new CountingHasher();
	if (options.copyOf) copyFileSync(options.copyOf, config.databasePath);
	const app: App = createApp(config, { clock: options.realClock ? systemClock : clock, passwords, log: createLogger('silent') });
	// A copy is migrated and seeded already.
	if (!options.copyOf) {
		if (!database.prepared) await migrateToLatest(app.db, bundledMigrations);
		if (options.demo && !(database.prepared && fromDemoTemplate)) await seedDemoData(app);
	}

	/** What the session cookie would hold after the calls made through this browser-like client. */
	class Browser {
		token: string | null = null;
		constructor(readonly address = '203.0.113.7') {}

		/** Builds the context as hooks.server.ts does: validate the cookie's token, on every call. */
		async context(): Promise<Context> {
			const validation = this.token
				? await validateSessionToken(app.db, clock.now(), config.session, this.token)
				: { session: null, user: null };
			return {
				app,
				user: validation.user,
				session: validation.session,
				request: { address: this.address, userAgent: 'vitest' },
				cookies: {
					set: (token) => {
						this.token = token;
					},
					clear: () => {
						this.token = null;
					}
				}
			};
		}

		async caller() {
			return createCaller(await this.context());
		}

		async signIn(email: string, password = DEMO_PASSWORD) {
			await (await this.caller()).auth.login({ email, password });
			return this;
		}
	}

	return {
		app,
		db: app.db,
		clock,
		passwords,
		config,
		browser: (address?: string) => new Browser(address),
		/** A browser holding a session token made earlier (in the database this one was copied from). */
		browserWithToken: (token: string | null) => Object.assign(new Browser(), { token }),
		/** A browser already signed in as this account. */
		signedIn: (email: string, password = DEMO_PASSWORD) => new Browser().signIn(email, password),
		async close() {
			await app.db.destroy();
			await database.drop();
		}
	};
}

/** Row counts of every table but the audit log: "changes nothing" means these stay the same. */
export async function countRows(app: App): Promise<Record<string, number>> {
	const tables = await app.db.introspection.getTables();
	const counts: Record<string, number> = {};
	for (const t of tables) {
		if (t.name === 'audit_log' || t.name.startsWith('kysely_')) continue;
		const row = await app.db
			.selectFrom(t.name as 'app_user')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		counts[t.name] = Number(row.n);
	}
	return counts;
}

/**
 * Every row of every table but the audit log, as text: two equal snapshots mean nothing was
 * inserted, updated or deleted (row counts alone would miss an UPDATE).
 */
export async function tableContents(app: App): Promise<Record<string, string>> {
	const tables = await app.db.introspection.getTables();
	const contents: Record<string, string> = {};
	for (const t of tables) {
		if (t.name === 'audit_log' || t.name.startsWith('kysely_')) continue;
		const { rows } = await sql`select * from ${sql.table(t.name)} order by rowid`.execute(app.db);
		contents[t.name] = JSON.stringify(rows);
	}
	return contents;
}

/**
 * Rows inserted, updated or deleted through this connection since it opened (SQLite's
 * total_changes; the app has one connection). A call that moved it by exactly the audit rows it
 * added wrote nothing else. Writes later rolled back still count: compare `tableContents` then.
 */
export async function totalChanges(app: App): Promise<number> {
	const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(app.db);
	return Number(rows[0].n);
}

/** A consistent copy of the app's database in one file, for `createTestApp({ copyOf })`. */
export async function saveCopy(app: App, path: string): Promise<void> {
	await sql`vacuum into ${path}`.execute(app.db);
}

export async function lastAuditId(app: App): Promise<number> {
	const row = await app.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
	return Number(row?.id ?? 0);
}

/** The audit rows written after `afterId`, oldest first. */
export async function auditRowsSince(app: App, afterId: number) {
	return app.db
		.selectFrom('audit_log')
		.select(['procedure', 'outcome', 'detail', 'user_id', 'case_id'])
		.where('id', '>', afterId)
		.orderBy('id')
		.execute();
}

export async function auditRows(app: App, procedure?: string) {
	let q = app.db.selectFrom('audit_log').select(['procedure', 'outcome', 'detail', 'user_id', 'role', 'address', 'case_id']).orderBy('id');
	if (procedure) q = q.where('procedure', '=', procedure);
	return q.execute();
}
