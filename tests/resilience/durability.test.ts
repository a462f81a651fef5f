/**
 * Issue 8, point 7: a writer killed with SIGKILL in the middle of its load loses no write it had
 * acknowledged, tears no transaction, and leaves a database that passes PRAGMA integrity_check.
 * SIGKILL is the crash the application can have (an OOM kill, a container stop timing out); a
 * power cut is beyond what a test on one machine can produce, and is what synchronous=FULL is for.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { openSqlite, type SynchronousLevel } from '../../src/lib/server/db';
import { repoRoot, runTypeScript, type Child } from './support/child';
import { countWriterRows, WRITER_NOTE_PREFIX, type WriterRows } from './support/writer-rows';

const dir = mkdtempSync(join(tmpdir(), 'tautoko-durability-'));
const children: Child[] = [];
afterAll(async () => {
	await Promise.all(children.map((c) => c.kill()));
	rmSync(dir, { recursive: true, force: true });
});

/** SQLite's numbers for PRAGMA synchronous. */
const pragmaValue: Record<SynchronousLevel, number> = { normal: 1, full: 2 };

describe('the synchronous setting the README states is the one the server runs with', () => {
	it('defaults to NORMAL in the configuration, in the README and on the connection; FULL when asked', async () => {
		const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
		expect(readme).toMatch(/\|\s*`SQLITE_SYNCHRONOUS`\s*\|\s*`normal`\s*\|/);
		expect(readme).toMatch(/With `SQLITE_SYNCHRONOUS=normal` \(the default\)/);
		expect(readConfig({}).sqliteSynchronous).toBe('normal');
		expect(readConfig({ SQLITE_SYNCHRONOUS: 'full' }).sqliteSynchronous).toBe('full');

		for (const level of ['normal', 'full'] as const) {
			const db = openSqlite(join(dir, `pragma-${level}.db`), level);
			const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db);
			expect(rows[0].synchronous).toBe(pragmaValue[level]);
			await db.destroy();
		}
	});
});

type Round = { acked: string[]; baseline: WriterRows };

/**
 * Starts the writer on the database, waits for `killAfter` acknowledgements, then SIGKILLs it at
 * once, while its other callers' notes are queued or being written. Returns every id it
 * acknowledged, including lines already in the pipe when the kill landed.
 */
async function writeUntilKilled(path: string, level: SynchronousLevel, killAfter: number): Promise<Round> {
	const writer = runTypeScript('tests/resilience/writer.ts', { DATABASE_PATH: path, SQLITE_SYNCHRONOUS: level });
	children.push(writer);
	const acked: string[] = [];
	writer.onLine((line) => {
		if (!line.startsWith('ack ')) return;
		acked.push(line.slice(4));
		if (acked.length === killAfter) writer.process.kill('SIGKILL');
	});
	// The level is asserted where the connection opens (openSqlite); here, that it is the one asked for.
	expect(await writer.waitForLine((l) => l.startsWith('synchronous '), 30_000, 'the writer’s synchronous level')).toBe(`synchronous ${pragmaValue[level]}`);
	const baseline = JSON.parse((await writer.waitForLine((l) => l.startsWith('baseline '), 30_000, 'the writer’s baseline')).slice(9)) as WriterRows;
	const ended = await writer.exited;
	expect(ended.signal, `the writer stopped before it was killed:\n${writer.stderr}`).toBe('SIGKILL');
	expect(acked.length).toBeGreaterThanOrEqual(killAfter);
	return { acked, baseline };
}

/** Reopens the database as the server would, checks it whole, and returns what the writer left. */
async function reopenAndCheck(path: string, level: SynchronousLevel, round: Round) {
	const db = openSqlite(path, level);
	try {
		const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
		expect(integrity.rows.map((r) => r.integrity_check)).toEqual(['ok']);
		const foreignKeys = await sql`PRAGMA foreign_key_check`.execute(db);
		expect(foreignKeys.rows).toEqual([]);

		const present = new Set<string>();
		for (let i = 0; i < round.acked.length; i += 500) {
			const rows = await db.selectFrom('case_note').select('id').where('id', 'in', round.acked.slice(i, i + 500)).execute();
			for (const r of rows) present.add(r.id);
		}
		const missing = round.acked.filter((id) => !present.has(id));
		expect(missing, `${missing.length} of ${round.acked.length} acknowledged notes are gone`).toEqual([]);

		const caseId = (await db.selectFrom('case_note').select('case_id').where('id', '=', round.acked[0]).executeTakeFirstOrThrow()).case_id;
		const now = await countWriterRows(db, caseId);
		const added = { notes: now.notes - round.baseline.notes, events: now.events - round.baseline.events, audits: now.audits - round.baseline.audits };
		// Each note commits with its timeline event and audit row, or none of them does. A note the
		// writer had committed but not yet printed may be there too: at least the acknowledged ones.
		expect(added.events).toBe(added.notes);
		expect(added.audits).toBe(added.notes);
		expect(added.notes).toBeGreaterThanOrEqual(round.acked.length);
		const writerNotes = await db
			.selectFrom('case_note')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('body', 'like', `${WRITER_NOTE_PREFIX}%`)
			.executeTakeFirstOrThrow();
		return { writerNotes: Number(writerNotes.n) };
	} finally {
		await db.destroy();
	}
}

// Kill points in acknowledged notes. FULL waits for an fsync at every commit (measured here: about
// 900 notes/s with NORMAL, under 100/s with FULL on this shared disk), so it gets fewer.
const killPoints: Record<SynchronousLevel, number[]> = { normal: [300, 700, 1100], full: [80, 160, 240] };

describe.each(['normal', 'full'] as const)('SIGKILL during a write load, synchronous=%s', (level) => {
	it('keeps every acknowledged note with its event and audit row, and the database passes integrity_check, over three kills', async () => {
		const path = join(dir, `writer-${level}.db`);
		let total = 0;
		// The first round seeds the demo data into an empty file; the next two start from a database
		// whose writer died mid-load, so SQLite's recovery of the WAL is part of what is tested.
		for (const killAfter of killPoints[level]) {
			const round = await writeUntilKilled(path, level, killAfter);
			const { writerNotes } = await reopenAndCheck(path, level, round);
			expect(writerNotes).toBeGreaterThanOrEqual(total + round.acked.length);
			total = writerNotes;
		}
	});
});
