import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/lib/server/domain/audit/audit.service';
import { sql } from 'kysely';
import { openPostgres, type Db } from '../../src/lib/server/db';
import { createTestApp, freshDatabase, onPostgres, type TestApp } from './support/test-app';

const run = promisify(execFile);

// SQLite's online backup: on PostgreSQL, pg_dump and pg_restore do this job (see the README).
describe.skipIf(onPostgres)('backup and restore', () => {
	let t: TestApp;
	let dir: string;
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
		dir = mkdtempSync(join(tmpdir(), 'tautoko-backup-'));
	});
	afterAll(async () => {
		await t.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('npm run backup takes a consistent copy while the app writes, and the copy restores', async () => {
		const copy = join(dir, 'copy.db');
		let writing = true;
		const writes = (async () => {
			let n = 0;
			while (writing) {
				await recordAudit(t.db, { at: t.clock.now(), procedure: 'test.write', outcome: 'allowed', detail: `write ${n++}` });
				await new Promise((resolve) => setTimeout(resolve, 1));
			}
			return n;
		})();
		const { stdout } = await run('npx', ['tsx', 'src/cli/backup.ts', copy], { env: { ...process.env, DATABASE_PATH: t.config.databasePath } });
		writing = false;
		await writes;
		expect(stdout).toMatch(/integrity ok/);

		// The restore drill: the copy opens, passes its integrity check, and holds the data.
		const restored = new SQLite(copy, { readonly: true });
		try {
			expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
			const count = (table: string) => (restored.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
			const live = async (table: 'family_case' | 'consent_event' | 'app_user') =>
				Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
			expect(count('family_case')).toBe(await live('family_case'));
			expect(count('consent_event')).toBe(await live('consent_event'));
			expect(count('app_user')).toBe(await live('app_user'));
		} finally {
			restored.close();
		}
		await expect(run('npx', ['tsx', 'src/cli/backup.ts', copy], { env: { ...process.env, DATABASE_PATH: t.config.databasePath } })).rejects.toThrow(/already exists/);
	});
});

describe.runIf(onPostgres)('backup on PostgreSQL', () => {
	it('npm run backup copies nothing and points to pg_dump', async () => {
		const failure = await run('npx', ['tsx', 'src/cli/backup.ts', '/tmp/never-written.db'], {
			env: { ...process.env, DATABASE_URL: 'postgres://tautoko:secret@db.example.nz:5432/tautoko' }
		}).catch((error: { code: number; stderr: string }) => error);
		expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('pg_dump --format=custom') });
		expect(JSON.stringify(failure)).not.toContain('secret');
	});

	it('the README’s pg_dump takes a consistent copy while the app writes, and pg_restore restores it, audit triggers and all', async () => {
		const t = await createTestApp({ demo: true });
		const dir = mkdtempSync(join(tmpdir(), 'tautoko-pg-backup-'));
		const restored = await freshDatabase('empty');
		const copy = openPostgres({ url: restored.env.DATABASE_URL, poolSize: 1, statementTimeoutMs: 10_000 });
		try {
			let writing = true;
			const writes = (async () => {
				while (writing) await recordAudit(t.db, { at: t.clock.now(), procedure: 'test.write', outcome: 'allowed', detail: 'during the dump' });
			})();
			const dump = join(dir, 'tautoko.dump');
			await run('pg_dump', ['--format=custom', `--file=${dump}`, t.config.postgres!.url]);
			writing = false;
			await writes;
			await run('pg_restore', ['--no-owner', `--dbname=${restored.env.DATABASE_URL}`, dump]);

			const count = async (db: Db, table: 'family_case' | 'consent_event' | 'app_user') =>
				(await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
			for (const table of ['family_case', 'consent_event', 'app_user'] as const) expect(await count(copy, table)).toBe(await count(t.db, table));
			// The restored log is as append-only as the original.
			await expect(sql`delete from audit_log`.execute(copy)).rejects.toThrow(/append-only/);
		} finally {
			await copy.destroy();
			await restored.drop();
			await t.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
