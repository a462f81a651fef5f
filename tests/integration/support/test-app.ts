import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * A freshly migrated database of its own (see freshDatabase) and an App around it, with a clock
 * that moves only when told. `demo: true` loads the demo data (the accounts DESIGN.md lists) as fixtures.
 */
export async function createTestApp(options: { demo?: boolean; env?: Record<string, string>; realClock?: boolean } = {}) {
	// A PostgreSQL template's demo data was loaded at the test clock's start, so a real clock loads its own.
	const fromDemoTemplate = options.demo === true && !options.realClock;
	const database = await freshDatabase(fromDemoTemplate ? 'demo' : 'migrated');
	const config = readConfig({ ...database.env, DEMO_DATA: 'false', ...options.env });
	const clock = new ManualClock(TEST_CLOCK_START);
	const passwords = new CountingHasher();
	const app: App = createApp(config, { clock: options.realClock ? systemClock : clock, passwords, log: createLogger('silent') });
	if (!database.prepared) await migrateToLatest(app.db, bundledMigrations);
	if (options.demo && !(database.prepared && fromDemoTemplate)) await seedDemoData(app);

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

export async function auditRows(app: App, procedure?: string) {
	let q = app.db.selectFrom('audit_log').select(['procedure', 'outcome', 'detail', 'user_id', 'role', 'address', 'case_id']).orderBy('id');
	if (procedure) q = q.where('procedure', '=', procedure);
	return q.execute();
}
