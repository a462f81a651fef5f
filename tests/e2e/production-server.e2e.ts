import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO_PASSWORD, demo } from './demo-accounts';
import { query, queryPath, signInOverApi } from './support/api';
import { withDatabase } from './support/database';
import { startOwnServer, type OwnServer } from './support/own-server';

/**
 * Checks that would spoil the shared server (a broken table, 127.0.0.1 out of sign-in attempts)
 * or need other settings, each on a production server of its own. ASVS 4.0.3 ids in the names.
 */

type CaseDetail = { id: string; members: { name: string }[]; notes: { body: string }[] };

/** 100 wrong passwords, each for a different unknown email so no account limit is reached first. */
async function failHundredSignIns(request: APIRequestContext, origin: string, forwardedFor: (i: number) => string) {
	for (let i = 0; i < 100; i++) {
		const response = await request.post('/api/trpc/auth.login', {
			headers: { origin, 'content-type': 'application/json', 'x-forwarded-for': forwardedFor(i) },
			data: { json: { email: `nobody${i}@example.org`, password: 'not-the-password' } }
		});
		expect(response.status()).toBe(401);
	}
}

function signIn(request: APIRequestContext, origin: string, forwardedFor: string) {
	return request.post('/api/trpc/auth.login', {
		headers: { origin, 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
		data: { json: { email: demo.workerHealth.email, password: DEMO_PASSWORD } }
	});
}

test.describe.serial('a server that trusts no forwarded header (the default)', () => {
	let server: OwnServer;
	test.beforeAll(async () => {
		server = await startOwnServer('own-default', 4175);
	});
	test.afterAll(async () => {
		await server?.stop();
	});

	test('V7.1.1 V7.1.2 V7.4.1 a failure inside answers with a generic message and an id; the log has the id, never passwords, tokens or case content', async ({ playwright }) => {
		const request = await playwright.request.newContext({ baseURL: server.baseURL });
		const signedIn = await signInOverApi(request, server.baseURL, demo.coordinatorNorth.email);
		const token = /tautoko_session=([^;]+)/.exec(signedIn.headers()['set-cookie'])![1];
		const { cases } = await query<{ cases: { id: string }[] }>(request, 'case.list', { search: 'Parata' });
		const parata = await query<CaseDetail>(request, 'case.get', { caseId: cases[0].id });
		const caseContent = [...parata.members.map((m) => m.name), ...parata.notes.map((n) => n.body)];
		expect(caseContent.length).toBeGreaterThan(3);

		withDatabase(server.databasePath, (db) => db.exec('ALTER TABLE case_note RENAME TO case_note_gone'));
		let apiErrorId: string;
		let pageErrorId: string;
		try {
			const api = await request.get(queryPath('case.get', { caseId: parata.id }));
			expect(api.status()).toBe(500);
			const body = await api.text();
			expect(body).not.toMatch(/sqlite|case_note|no such table|select |\bat .*\.(js|ts)/i);
			const error = JSON.parse(body).error.json;
			apiErrorId = error.data.errorId;
			expect(error.message).toBe(`Something went wrong on our side. Nothing was changed. If it keeps happening, quote error ${apiErrorId}.`);

			const page = await request.get(`/cases/${parata.id}`);
			expect(page.status()).toBe(500);
			const html = await page.text();
			expect(html).not.toMatch(/sqlite|case_note|no such table/i);
			pageErrorId = /\b([0-9a-f]{12})\b/.exec(html.slice(html.indexOf('Something went wrong')))![1];
		} finally {
			withDatabase(server.databasePath, (db) => db.exec('ALTER TABLE case_note_gone RENAME TO case_note'));
		}
		expect((await request.get(queryPath('case.get', { caseId: parata.id }))).status()).toBe(200);
		await request.dispose();

		const lines = server.logLines();
		// adapter-node's own "Listening on …" line is plain text; Tautoko's lines are pino's JSON.
		const entries = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; errorId?: string; msg: string });
		for (const id of [apiErrorId, pageErrorId]) {
			expect(entries.filter((e) => e.errorId === id && e.level >= 50), `a logged error with id ${id}`).toHaveLength(1);
		}
		for (const secret of [DEMO_PASSWORD, token, ...caseContent]) {
			expect(lines.filter((line) => line.includes(secret)), `log lines containing "${secret}"`).toEqual([]);
		}
	});

	test('V2.2.1 a made-up X-Forwarded-For does not give a client a fresh allowance of sign-in attempts', async ({ playwright }) => {
		test.setTimeout(90_000);
		const request = await playwright.request.newContext({ baseURL: server.baseURL });
		await failHundredSignIns(request, server.baseURL, (i) => `192.0.2.${i}`);
		const next = await signIn(request, server.baseURL, '192.0.2.200');
		expect(next.status()).toBe(429);
		expect(next.headers()['set-cookie']).toBeUndefined();
		await request.dispose();
	});
});

test.describe('a server behind one trusted proxy (ADDRESS_HEADER=x-forwarded-for, XFF_DEPTH=1)', () => {
	let server: OwnServer;
	test.beforeAll(async () => {
		server = await startOwnServer('own-proxied', 4176, { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	});
	test.afterAll(async () => {
		await server?.stop();
	});

	test('V2.2.1 the address the proxy saw is limited, whatever the client wrote before it; other addresses still sign in', async ({ playwright }) => {
		test.setTimeout(90_000);
		const request = await playwright.request.newContext({ baseURL: server.baseURL });
		// The proxy appends the address it saw; the client controls only what comes before it.
		await failHundredSignIns(request, server.baseURL, (i) => `10.0.0.${i}, 198.51.100.20`);
		expect((await signIn(request, server.baseURL, '10.9.9.9, 198.51.100.20')).status()).toBe(429);
		expect((await signIn(request, server.baseURL, '198.51.100.21')).status()).toBe(200);
		const recorded = withDatabase(server.databasePath, (db) =>
			db.prepare("SELECT address FROM audit_log WHERE procedure = 'auth.login' AND outcome = 'allowed' ORDER BY id DESC LIMIT 1").pluck().get()
		);
		expect(recorded).toBe('198.51.100.21');
		await request.dispose();
	});
});
