/**
 * Issue 8, point 9 (shutdown): on SIGTERM the server stops taking connections, lets the requests
 * already in flight finish, then closes the database cleanly (adapter-node emits
 * `sveltekit:shutdown` once the last request is done; src/lib/server/app.ts closes the database
 * then) and exits 0. No ASVS requirement covers a graceful stop; this is what it tests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/lib/server/db';
import { runTypeScript, type Child } from './support/child';
import { ApiClient, Server } from './support/server';

const dir = mkdtempSync(join(tmpdir(), 'tautoko-shutdown-'));
const databasePath = join(dir, 'tautoko.db');
const children: Child[] = [];
let server: Server | undefined;
let coordinator: ApiClient;
let caseId: string;

beforeAll(async () => {
	server = await Server.start(databasePath);
	coordinator = new ApiClient(server.url);
	await coordinator.login('coordinator.north@demo.tautoko.nz', 'tautoko-demo-2026');
	const list = await coordinator.query<{ cases: { id: string }[] }>('case.list', { status: 'active' });
	caseId = list.data!.cases[0].id;
});

afterAll(async () => {
	await Promise.all(children.map((c) => c.kill()));
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

type Answer = { status: number; body: string; at: number };

/**
 * case.addNote on a connection of its own, sent with `Expect: 100-continue`: the server answers
 * "100 Continue" once it has read the headers and begun the request, so the test knows the
 * request is in flight. The body goes when the test says.
 */
function addNoteInFlight(body: string) {
	const payload = JSON.stringify(superjson.serialize({ caseId, category: 'other', body }));
	const url = new URL('/api/trpc/case.addNote', server!.url);
	let req!: ClientRequest;
	const answered = new Promise<Answer>((resolve, reject) => {
		req = request(url, {
			method: 'POST',
			agent: false,
			headers: {
				cookie: coordinator.sessionCookie,
				origin: server!.url,
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(payload),
				expect: '100-continue'
			}
		});
		req.on('response', (res: IncomingMessage) => {
			let text = '';
			res.setEncoding('utf8').on('data', (c: string) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode!, body: text, at: Date.now() }));
		});
		req.on('error', reject);
	});
	const inFlight = new Promise<void>((resolve) => req.once('continue', resolve));
	req.flushHeaders();
	return {
		inFlight,
		answered,
		send: () => req.end(payload)
	};
}

function noteId(answer: Answer): string {
	return (superjson.deserialize((JSON.parse(answer.body) as { result: { data: never } }).result.data) as { id: string }).id;
}

/** Whether a new TCP connection to the port is refused (the listening socket is closed). */
function connectionRefused(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
	});
}

describe('SIGTERM', () => {
	it('refuses new connections, finishes the requests in flight with 200, closes the database cleanly and exits 0', async () => {
		const srv = server!;
		// A: in flight, its body still to come.
		const slow = addNoteInFlight('Sent slowly: in flight when the server was told to stop');
		await slow.inFlight;

		// B: in flight and waiting for the database, because another process holds the write lock.
		const holder = runTypeScript('tests/resilience/hold-write-lock.ts', {}, [databasePath, '1500']);
		children.push(holder);
		await holder.waitForLine((l) => l.startsWith('locked '), 10_000, 'the lock holder');
		const waiting = addNoteInFlight('Sent while another process held the write lock, just before SIGTERM');
		await waiting.inFlight;
		waiting.send();
		await sleep(100);

		srv.child.process.kill('SIGTERM');

		const waitingAnswer = await waiting.answered;
		expect(waitingAnswer.status, waitingAnswer.body).toBe(200);
		await holder.waitForLine((l) => l.startsWith('released '), 10_000, 'the lock holder’s release');

		// The listening socket closes while A is still open: new connections are refused, yet the
		// process keeps running for A.
		let refused = false;
		for (let i = 0; i < 40 && !refused; i++) {
			refused = await connectionRefused(srv.port);
			if (!refused) await sleep(50);
		}
		expect(refused, 'a new connection was still accepted after SIGTERM').toBe(true);
		await expect(fetch(`${srv.url}/login`)).rejects.toThrow();
		expect(srv.child.alive, 'the server stopped before its in-flight request finished').toBe(true);
		expect(srv.logs().map((l) => l.msg)).not.toContain('database closed');

		slow.send();
		const slowAnswer = await slow.answered;
		expect(slowAnswer.status, slowAnswer.body).toBe(200);

		const exit = await Promise.race([srv.child.exited, sleep(10_000).then(() => 'still running')]);
		// Soft: when the shutdown goes wrong, every way it went wrong is worth seeing at once.
		expect.soft(exit, `stderr:\n${srv.child.stderr}`).toEqual({ code: 0, signal: null });
		expect.soft(srv.logs().map((l) => l.msg)).toContain('database closed');
		expect.soft(srv.logs().filter((l) => l.level >= 50)).toEqual([]);
		// Closed cleanly: the last connection checkpointed the WAL into the database and removed it.
		expect.soft(existsSync(`${databasePath}-wal`), 'the -wal file was left behind').toBe(false);
		const db = openSqlite(databasePath);
		try {
			const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
			expect(integrity.rows.map((r) => r.integrity_check)).toEqual(['ok']);
			const notes = await db.selectFrom('case_note').select('id').where('id', 'in', [noteId(slowAnswer), noteId(waitingAnswer)]).execute();
			expect(notes).toHaveLength(2);
		} finally {
			await db.destroy();
		}
	});
});
