import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/lib/server/domain/audit/audit.service';
import { createTestApp, type TestApp } from './support/test-app';

const run = promisify(execFile);

describe('backup and restore', () => {
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
