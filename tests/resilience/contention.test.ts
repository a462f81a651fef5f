/**
 * Issue 8, point 9 (contention): while another process holds SQLite's write lock for 2 seconds,
 * requests that write wait for it (busy_timeout) and then succeed; none fails.
 * ASVS v5.0.0-15.4.3 (locks used so that nothing retries endlessly or gets stuck) and
 * v5.0.0-15.4.2 (the plan's version check and its write are one atomic step, across processes too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/lib/server/db';
import { runTypeScript, type Child } from './support/child';
import { ApiClient, Server, type TrpcResult } from './support/server';

const PASSWORD = 'tautoko-demo-2026';
const HOLD_MS = 2_000;
/** Date.now() ticks in whole milliseconds in both processes. */
const CLOCK_SLACK_MS = 5;

const dir = mkdtempSync(join(tmpdir(), 'tautoko-contention-'));
const databasePath = join(dir, 'tautoko.db');
const children: Child[] = [];
let server: Server | undefined;
let coordinator: ApiClient;
let caseId: string;

beforeAll(async () => {
	server = await Server.start(databasePath);
	coordinator = new ApiClient(server.url);
	await coordinator.login('coordinator.north@demo.tautoko.nz', PASSWORD);
	const list = await coordinator.query<{ cases: { id: string; reference: string }[] }>('case.list', { status: 'active' });
	caseId = list.data!.cases[0].id;
});

afterAll(async () => {
	await Promise.all(children.map((c) => c.kill()));
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

type Plan = {
	plan: { version: number } | null;
	goals: { key: string; text: string; domain: string; category: string; rating: number }[];
	actions: {
		key: string;
		goalKey: string | null;
		description: string;
		category: string;
		responsibleAgencyId: string | null;
		responsibleMemberId: string | null;
		workerId: string | null;
		dueOn: string;
		status: string;
	}[];
};

/** The plan as the editor would send it back, with the first goal's rating moved on by one. */
function nextPlanVersion(plan: Plan) {
	return {
		caseId,
		baseVersion: plan.plan?.version ?? 0,
		goals: plan.goals.map((g, i) => ({ key: g.key, text: g.text, domain: g.domain, category: g.category, rating: i === 0 ? (g.rating + 1) % 11 : g.rating })),
		actions: plan.actions.map((a) => ({
			key: a.key,
			goalKey: a.goalKey,
			description: a.description,
			category: a.category,
			responsibleAgencyId: a.responsibleAgencyId,
			responsibleMemberId: a.responsibleMemberId,
			workerId: a.workerId,
			dueOn: a.dueOn,
			status: a.status
		}))
	};
}

function holdWriteLock(ms: number) {
	const holder = runTypeScript('tests/resilience/hold-write-lock.ts', {}, [databasePath, String(ms)]);
	children.push(holder);
	return holder;
}

const epoch = (line: string) => Number(line.split(' ')[1]);

/**
 * Holds the lock from another process while one request runs, and checks that the request waited
 * for the lock (it cannot have finished before the release) and then succeeded. One request per
 * lock: better-sqlite3 waits synchronously, so while the first request waits the whole server
 * waits, and a second request sent alongside would never meet the lock itself.
 */
async function whileLocked<T>(send: () => Promise<TrpcResult<T>>): Promise<TrpcResult<T>> {
	const holder = holdWriteLock(HOLD_MS);
	const lockedAt = epoch(await holder.waitForLine((l) => l.startsWith('locked '), 10_000, 'the lock holder'));
	const result = await send();
	const releasedAt = epoch(await holder.waitForLine((l) => l.startsWith('released '), 10_000, 'the lock holder’s release'));
	expect(releasedAt - lockedAt).toBeGreaterThanOrEqual(HOLD_MS);
	expect(result.status, `answered ${result.status}: ${JSON.stringify(result.error)}`).toBe(200);
	expect(result.endedAt, 'finished before the lock was released').toBeGreaterThanOrEqual(lockedAt + HOLD_MS - CLOCK_SLACK_MS);
	expect(result.ms, 'did not wait for the rest of the lock').toBeGreaterThanOrEqual(lockedAt + HOLD_MS - result.startedAt - CLOCK_SLACK_MS);
	return result;
}

async function auditedSince(procedure: string, since: number) {
	const db = openSqlite(databasePath);
	try {
		return await db
			.selectFrom('audit_log')
			.select(['procedure', 'outcome'])
			.where('case_id', '=', caseId)
			.where('procedure', '=', procedure)
			.where('at', '>=', new Date(since).toISOString())
			.execute();
	} finally {
		await db.destroy();
	}
}

describe('another process holds the write lock for 2 seconds (ASVS v5.0.0-15.4.3)', () => {
	it('a read of case content (case.get, which commits an audit row) waits, then answers 200 with the case', async () => {
		const since = Date.now();
		const read = await whileLocked(() => coordinator.query<{ id: string; reference: string }>('case.get', { caseId }));
		expect(read.data!.id).toBe(caseId);
		expect(await auditedSince('case.get', since)).toEqual([{ procedure: 'case.get', outcome: 'allowed' }]);
	});

	it('case.addNote (a transaction that starts with a write) waits, then answers 200, and the note is there once', async () => {
		const body = `Written while another process held the write lock (${Date.now()})`;
		const note = await whileLocked(() => coordinator.mutate<{ id: string }>('case.addNote', { caseId, category: 'other', body }));
		const after = await coordinator.query<{ notes: { id: string; body: string }[] }>('case.get', { caseId });
		expect(after.data!.notes.filter((n) => n.body === body).map((n) => n.id)).toEqual([note.data!.id]);
	});

	it('plan.save (a transaction that checks the version before it writes, ASVS v5.0.0-15.4.2) waits, then answers 200 with the next version', async () => {
		const before = await coordinator.query<Plan>('plan.get', { caseId });
		const next = nextPlanVersion(before.data!);
		const saved = await whileLocked(() => coordinator.mutate<{ version: number }>('plan.save', next));
		expect(saved.data!.version).toBe(next.baseVersion + 1);
		const after = await coordinator.query<Plan>('plan.get', { caseId });
		expect(after.data!.plan!.version).toBe(next.baseVersion + 1);
		expect(after.data!.goals[0].rating).toBe(next.goals[0].rating);
	});

	it('logged no error while it waited', () => {
		expect(server!.logs().filter((l) => l.level >= 50)).toEqual([]);
	});
});
