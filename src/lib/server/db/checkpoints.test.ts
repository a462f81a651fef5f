import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log';
import { checkpointInBackground } from './checkpoints';
import { openSqlite, type Db } from '.';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshFile() {
	const dir = mkdtempSync(join(tmpdir(), 'tautoko-checkpoints-'));
	dirs.push(dir);
	return join(dir, 'tautoko.db');
}

const autocheckpointPages = async (db: Db) => (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0].wal_autocheckpoint;

// About 2 MB: some 500 pages in the WAL, under the 1,000 at which SQLite would checkpoint by itself.
async function writeRows(db: Db) {
	await sql`create table note (body blob not null)`.execute(db);
	await db.transaction().execute(async (tx) => {
		for (let i = 0; i < 500; i++) await sql`insert into note (body) values (randomblob(4000))`.execute(tx);
	});
}

describe('checkpoints on a thread of their own', () => {
	it('copy committed pages into the database file without the server checkpointing', async () => {
		const path = freshFile();
		const db = openSqlite(path);
		const checkpoints = checkpointInBackground(db, createLogger('silent'))!;
		try {
			const before = statSync(path).size;
			await writeRows(db);
			expect(statSync(`${path}-wal`).size).toBeGreaterThan(2_000_000);
			// The server's own checkpoint waits for a WAL ten times the usual size, so only the thread can have done this.
			await vi.waitFor(() => expect(statSync(path).size - before).toBeGreaterThan(2_000_000), { timeout: 5_000, interval: 50 });
			expect(await autocheckpointPages(db)).toBe(10_000);
		} finally {
			await checkpoints.stop();
			await db.destroy();
		}
	});

	it('stop closing the thread’s connection first, so closing the server’s removes the WAL', async () => {
		const path = freshFile();
		const db = openSqlite(path);
		const checkpoints = checkpointInBackground(db, createLogger('silent'))!;
		await writeRows(db);
		await checkpoints.stop();
		// Stopped, the server checkpoints for itself again at the usual size.
		expect(await autocheckpointPages(db)).toBe(1_000);
		await db.destroy();
		expect(existsSync(`${path}-wal`)).toBe(false);
	});

	it('are not started for an in-memory database, which has no WAL', () => {
		const db = openSqlite(':memory:');
		expect(checkpointInBackground(db, createLogger('silent'))).toBeUndefined();
		return db.destroy();
	});
});
