import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, prepareApp, type App } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { bundledMigrations } from '../../src/lib/server/db/bundled-migrations';
import { createLogger } from '../../src/lib/server/log';

const dirs: string[] = [];
const apps: App[] = [];
afterEach(async () => {
	for (const app of apps.splice(0)) await app.db.destroy();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function appAt(path: string, env: Record<string, string>) {
	const app = createApp(readConfig({ DATABASE_PATH: path, ...env }), { log: createLogger('silent') });
	apps.push(app);
	return app;
}

async function emails(app: App) {
	return (await app.db.selectFrom('app_user').select('email').orderBy('email').execute()).map((r) => r.email);
}

describe('first start', () => {
	it('loads the demo data once, with every account DESIGN.md lists', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tautoko-start-'));
		dirs.push(dir);
		const first = appAt(join(dir, 'db.sqlite'), {});
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

		const second = appAt(join(dir, 'db.sqlite'), {});
		await prepareApp(second, bundledMigrations);
		expect(await emails(second)).toEqual(seeded);
	});

	it('in production starts empty but for the administrator named in the environment', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tautoko-start-'));
		dirs.push(dir);
		const app = appAt(join(dir, 'db.sqlite'), { DEMO_DATA: 'false', ADMIN_EMAIL: 'Ops@LMG.example.nz', ADMIN_PASSWORD: 'a-long-admin-password' });
		await prepareApp(app, bundledMigrations);
		await prepareApp(app, bundledMigrations);
		expect(await emails(app)).toEqual(['ops@lmg.example.nz']);
		expect(await app.db.selectFrom('lmg').select('id').execute()).toEqual([]);
	});

	it('runs SQLite in WAL mode with foreign keys enforced', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tautoko-start-'));
		dirs.push(dir);
		const app = appAt(join(dir, 'db.sqlite'), { DEMO_DATA: 'false' });
		await prepareApp(app, bundledMigrations);
		const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(app.db);
		const fks = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(app.db);
		expect(mode.rows[0].journal_mode).toBe('wal');
		expect(fks.rows[0].foreign_keys).toBe(1);
	});
});
