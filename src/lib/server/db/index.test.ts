import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '.';

const dirs: string[] = [];
const dbs: Db[] = [];
const workers: Worker[] = [];
afterEach(async () => {
	for (const worker of workers.splice(0)) await worker.terminate();
	for (const db of dbs.splice(0)) await db.destroy();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freshDb() {
	const dir = mkdtempSync(join(tmpdir(), 'tautoko-db-'));
	dirs.push(dir);
	const path = join(dir, 'lock.db');
	const db = openSqlite(path);
	dbs.push(db);
	await sql`create table plan (version integer not null)`.execute(db);
	await sql`insert into plan (version) values (1)`.execute(db);
	return { db, path };
}

/**
 * Another connection (a thread here, standing in for another process) takes the write lock with
 * BEGIN IMMEDIATE and lets go after `ms`. better-sqlite3 waits synchronously, so the holder must
 * run outside this thread for the wait to end.
 */
function holdWriteLock(path: string, ms: number): Promise<Worker> {
	const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(
		`const { workerData, parentPort } = require('node:worker_threads');
		 const db = new (require(workerData.sqlitePath))(workerData.path);
		 db.exec('BEGIN IMMEDIATE');
		 parentPort.postMessage('locked');
		 setTimeout(() => { db.exec('COMMIT'); db.close(); }, workerData.ms);`,
		{ eval: true, workerData: { sqlitePath, path, ms } }
	);
	workers.push(worker);
	return new Promise((resolve, reject) => {
		worker.once('message', () => resolve(worker));
		worker.once('error', reject);
	});
}

describe('openSqlite transactions under another writer', () => {
	it('a transaction that reads before it writes waits for the other writer instead of failing at once', async () => {
		const { db, path } = await freshDb();
		await holdWriteLock(path, 300);
		const started = Date.now();
		// The shape of plan.save: check the version, then write the next one.
		const version = await db.transaction().execute(async (trx) => {
			const { rows } = await sql<{ version: number }>`select max(version) as version from plan`.execute(trx);
			await sql`insert into plan (version) values (${rows[0].version + 1})`.execute(trx);
			return rows[0].version + 1;
		});
		expect(version).toBe(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
	});
});
