/**
 * The production server answers the API's single GET queries itself (src/lib/server/direct-api.ts)
 * and sends everything else to SvelteKit. Behind a proxy, both must read the request alike: the
 * same client address in the audit log, https from the same header, the same cookies and headers.
 * A query sent as a batch of one (`?batch=1`) goes through SvelteKit and tRPC's own handler, so
 * each check asks the same thing both ways and compares the answers.
 *
 * The server runs as a deployment behind two proxies would: no ORIGIN, the scheme from
 * X-Forwarded-Proto, the client's address second from the right in X-Forwarded-For.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from './support/server';

const dir = mkdtempSync(join(tmpdir(), 'tautoko-direct-api-'));
const databasePath = join(dir, 'tautoko.db');
let server: Server;
let sessionCookie: string;
let caseId: string;

const CLIENT = '203.0.113.7';
const PROXY = '198.51.100.2';

/** Headers the two proxies add: the client's address and then the first proxy's; https. */
function proxied(extra: Record<string, string> = {}, proto = 'https') {
	return { 'x-forwarded-for': `${CLIENT}, ${PROXY}`, 'x-forwarded-proto': proto, ...extra };
}

type Answer = { status: number; headers: Record<string, string>; setCookie: string[]; body: unknown; direct: boolean };

/**
 * One query, sent directly or as a batch of one. The headers that only say how the body was
 * framed (a length, or chunks) and when are left out of the comparison; whether it was framed
 * by length tells which path answered (the direct path knows the body's length before it sends).
 */
async function ask(path: string, input: unknown, how: 'direct' | 'batch', headers: Record<string, string>): Promise<Answer> {
	const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
	const url =
		how === 'direct'
			? `${server.url}/api/trpc/${path}?input=${encoded}`
			: `${server.url}/api/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize(input) }))}`;
	const response = await fetch(url, { headers });
	const body = (await response.json()) as unknown;
	const kept: Record<string, string> = {};
	for (const [name, value] of response.headers) {
		if (!['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie'].includes(name)) kept[name] = value;
	}
	return {
		status: response.status,
		headers: kept,
		setCookie: response.headers.getSetCookie(),
		body: how === 'batch' ? (body as unknown[])[0] : body,
		direct: response.headers.has('content-length')
	};
}

/** The body without its error id, which is new on every failure. */
function withoutErrorId(body: unknown) {
	return JSON.parse(JSON.stringify(body).replaceAll(/(errorId":"|quote error )[0-9a-f]+/g, '$1…'));
}

/** The audit log's rows for a procedure, oldest first: who was refused or allowed, and from where. */
function auditRows(procedure: string): { outcome: string; address: string | null }[] {
	const sqlite = new SQLite(databasePath, { readonly: true });
	try {
		return sqlite.prepare('select outcome, address from audit_log where procedure = ? order by at, rowid').all(procedure) as { outcome: string; address: string | null }[];
	} finally {
		sqlite.close();
	}
}

beforeAll(async () => {
	server = await Server.start(databasePath, { ORIGIN: undefined, PROTOCOL_HEADER: 'x-forwarded-proto', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' });
	const origin = server.url.replace('http:', 'https:');
	const login = await fetch(`${server.url}/api/trpc/auth.login`, {
		method: 'POST',
		headers: proxied({ 'content-type': 'application/json', origin }),
		body: JSON.stringify(superjson.serialize({ email: 'coordinator.north@demo.tautoko.nz', password: 'tautoko-demo-2026' }))
	});
	expect(login.status).toBe(200);
	sessionCookie = login.headers.getSetCookie()[0].split(';')[0];
	const list = await ask('case.list', { status: 'active' }, 'direct', proxied({ cookie: sessionCookie }));
	caseId = (superjson.deserialize((list.body as { result: { data: never } }).result.data) as { cases: { id: string }[] }).cases[0].id;
});

afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

describe('the direct path and SvelteKit answer an API query alike', () => {
	it('give the same case and headers to a signed-in reader over https', async () => {
		const direct = await ask('case.get', { caseId }, 'direct', proxied({ cookie: sessionCookie }));
		const batch = await ask('case.get', { caseId }, 'batch', proxied({ cookie: sessionCookie }));

		expect([direct.direct, batch.direct]).toEqual([true, false]);
		expect(direct.status).toBe(200);
		expect(direct.body).toEqual(batch.body);
		expect(direct.headers).toEqual(batch.headers);
		expect(direct.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
		expect(direct.headers['cache-control']).toBe('no-store');
	});

	it('forget a session that has ended the same way, with a Secure cookie over https', async () => {
		const dead = { cookie: 'tautoko_session=nosuchsessionnosuchsessionnos' };
		const direct = await ask('auth.me', undefined, 'direct', proxied(dead));
		const batch = await ask('auth.me', undefined, 'batch', proxied(dead));

		expect([direct.direct, batch.direct]).toEqual([true, false]);
		expect(direct.status).toBe(401);
		expect(batch.status).toBe(401);
		expect(withoutErrorId(direct.body)).toEqual(withoutErrorId(batch.body));
		expect(direct.headers).toEqual(batch.headers);
		expect(direct.setCookie).toEqual(batch.setCookie);
		expect(direct.setCookie).toEqual(['tautoko_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax']);
	});

	it('over plain http, send no HSTS and a cookie without Secure, both ways', async () => {
		const dead = { cookie: 'tautoko_session=nosuchsessionnosuchsessionnos' };
		const direct = await ask('auth.me', undefined, 'direct', proxied(dead, 'http'));
		const batch = await ask('auth.me', undefined, 'batch', proxied(dead, 'http'));

		expect(direct.headers).toEqual(batch.headers);
		expect(direct.headers['strict-transport-security']).toBeUndefined();
		expect(direct.setCookie).toEqual(batch.setCookie);
		expect(direct.setCookie).toEqual(['tautoko_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax']);
	});

	it('refuse a read whose client address the proxy did not give, both ways, and audit nothing', async () => {
		const before = auditRows('case.get').length;
		const noAddress = { cookie: sessionCookie, 'x-forwarded-proto': 'https' };
		const direct = await ask('case.get', { caseId }, 'direct', noAddress);
		const batch = await ask('case.get', { caseId }, 'batch', noAddress);

		expect(direct.status).toBe(500);
		expect(batch.status).toBe(500);
		expect(withoutErrorId(direct.body)).toEqual(withoutErrorId(batch.body));
		expect(auditRows('case.get').length).toBe(before);
	});

	it('refuse another LMG’s coordinator the same way, and the consent gate audits both from the client’s address', async () => {
		const origin = server.url.replace('http:', 'https:');
		const login = await fetch(`${server.url}/api/trpc/auth.login`, {
			method: 'POST',
			headers: proxied({ 'content-type': 'application/json', origin }),
			body: JSON.stringify(superjson.serialize({ email: 'coordinator.south@demo.tautoko.nz', password: 'tautoko-demo-2026' }))
		});
		const south = { cookie: login.headers.getSetCookie()[0].split(';')[0] };
		const before = auditRows('case.get').length;
		const direct = await ask('case.get', { caseId }, 'direct', proxied(south));
		const batch = await ask('case.get', { caseId }, 'batch', proxied(south));

		expect([direct.direct, batch.direct]).toEqual([true, false]);
		expect(direct.status).toBe(404); // a case outside their LMG is not disclosed, not even that it exists
		expect(batch.status).toBe(404);
		expect(withoutErrorId(direct.body)).toEqual(withoutErrorId(batch.body));
		expect(auditRows('case.get').slice(before)).toEqual([
			{ outcome: 'denied', address: CLIENT },
			{ outcome: 'denied', address: CLIENT }
		]);
	});

	it('refuse a malformed read the same way, and audit both refusals from the client’s address', async () => {
		const before = auditRows('case.get').length;
		const direct = await ask('case.get', { caseId: 42 }, 'direct', proxied({ cookie: sessionCookie }));
		const batch = await ask('case.get', { caseId: 42 }, 'batch', proxied({ cookie: sessionCookie }));

		expect([direct.direct, batch.direct]).toEqual([true, false]);
		expect(direct.status).toBe(400);
		expect(batch.status).toBe(400);
		expect(withoutErrorId(direct.body)).toEqual(withoutErrorId(batch.body));
		// From the client, not from the proxy next to the server.
		expect(auditRows('case.get').slice(before)).toEqual([
			{ outcome: 'denied', address: CLIENT },
			{ outcome: 'denied', address: CLIENT }
		]);
	});
});
