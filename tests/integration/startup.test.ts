import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, prepareApp, type App } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { bundledMigrations } from '../../src/lib/server/db/bundled-migrations';
import { createLogger } from '../../src/lib/server/log';
import { administer, databaseUrl } from './support/postgres';
import { freshDatabase, onPostgres, type FreshDatabase } from './support/test-app';

const databases: FreshDatabase[] = [];
const apps: App[] = [];
afterEach(async () => {
	for (const app of apps.splice(0)) await app.db.destroy();
	for (const database of databases.splice(0)) await database.drop();
});

/** An empty database of its own: a SQLite file, or under `npm run test:pg` a PostgreSQL database. */
async function emptyDatabase() {
	const database = await freshDatabase('empty');
	databases.push(database);
	return database.env;
}

function appAt(database: Record<string, string>, env: Record<string, string>) {
	const app = createApp(readConfig({ ...database, ...env }), { log: createLogger('silent') });
	apps.push(app);
	return app;
}

async function emails(app: App) {
	return (await app.db.selectFrom('app_user').select('email').orderBy('email').execute()).map((r) => r.email);
}

describe('first start', () => {
	it('loads the demo data once, with every account DESIGN.md lists', async () => {
		const database = await emptyDatabase();
		const first = appAt(database, {});
		await prepareApp(first, bundledMigrations);
		const seeded = await emails(first);
		for (const account of [
			'admin',
			'coordinator.north',
			'coordinator.south',
			'lmg.north',
			'worker.health',
			'worker.school',
			'worker.police',
			'worker.ngo',
			'family'
		]) {
			expect(seeded).toContain(`${account}@demo.tautoko.nz`);
		}
		await first.db.destroy();
		apps.splice(apps.indexOf(first), 1);

		const second = appAt(database, {});
		await prepareApp(second, bundledMigrations);
		expect(await emails(second)).toEqual(seeded);
	});

	it('in production starts empty but for the administrator named in the environment', async () => {
		const app = appAt(await emptyDatabase(), { DEMO_DATA: 'false', ADMIN_EMAIL: 'Ops@LMG.example.nz', ADMIN_PASSWORD: 'a-long-admin-password' });
		await prepareApp(app, bundledMigrations);
		await prepareApp(app, bundledMigrations);
		expect(await emails(app)).toEqual(['ops@lmg.example.nz']);
		expect(await app.db.selectFrom('lmg').select('id').execute()).toEqual([]);
	});

	// WAL and foreign-key pragmas are SQLite's; PostgreSQL always enforces foreign keys and has no such switch.
	it.skipIf(onPostgres)('runs SQLite in WAL mode with foreign keys enforced', async () => {
		const app = appAt(await emptyDatabase(), { DEMO_DATA: 'false' });
		await prepareApp(app, bundledMigrations);
		const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(app.db);
		const fks = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(app.db);
		expect(mode.rows[0].journal_mode).toBe('wal');
		expect(fks.rows[0].foreign_keys).toBe(1);
	});
});

describe.runIf(onPostgres)('first start on PostgreSQL', () => {
	it('several app servers starting at once on one database migrate it and load the demo data once', async () => {
		const database = await emptyDatabase();
		const servers = [appAt(database, {}), appAt(database, {}), appAt(database, {})];
		await Promise.all(servers.map((app) => prepareApp(app, bundledMigrations)));
		const seeded = await emails(servers[0]);
		expect(seeded).toContain('coordinator.north@demo.tautoko.nz');
		expect(new Set(seeded).size).toBe(seeded.length);
		const { n } = await servers[1].db.selectFrom('lmg').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(n).toBe(3);
	});

	it('refuses a database that cannot hold UTF-8, before creating anything in it', async () => {
		const database = await emptyDatabase();
		const name = new URL(database.DATABASE_URL).pathname.slice(1);
		await administer(`drop database ${name}`);
		await administer(`create database ${name} encoding 'SQL_ASCII' locale 'C' template template0`);
		const app = appAt({ DATABASE_URL: databaseUrl(name) }, { DEMO_DATA: 'false' });
		await expect(prepareApp(app, bundledMigrations)).rejects.toThrow(/SQL_ASCII, not UTF8/);
		const { rows } = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(app.db);
		expect(rows[0].n).toBe(0);
	});
});
