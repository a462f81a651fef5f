import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { demo } from './demo-accounts';
import { HomePage, LoginPage } from './pages';
import { query, queryPath, signInOverApi } from './support/api';
import { contentFingerprint } from './support/database';

/**
 * Against the production build with ORIGIN set (tests/playwright.config.ts): what a careful
 * security reviewer checks from outside. Test names carry OWASP ASVS 4.0.3 requirement ids.
 */
const ORIGIN = 'http://localhost:4173';
const FOREIGN = 'https://evil.example';
const databasePath = path.resolve(import.meta.dirname, '../.output/e2e.db');

async function parataCase(request: APIRequestContext): Promise<{ id: string; lmgId: string }> {
	const { cases } = await query<{ cases: { id: string }[] }>(request, 'case.list', { search: 'Parata' });
	expect(cases).toHaveLength(1);
	const detail = await query<{ id: string; lmg: { id: string } }>(request, 'case.get', { caseId: cases[0].id });
	return { id: detail.id, lmgId: detail.lmg.id };
}

test.describe('headers on everything that carries case content', () => {
	test('V8.2.1 V14.4.3 V14.4.4 V14.4.6 V14.4.7 pages, API answers and downloads are never cached, never framed, never sniffed', async ({ request }) => {
		await signInOverApi(request, ORIGIN, demo.coordinatorNorth.email);
		const parata = await parataCase(request);
		const today = new Date().toISOString().slice(0, 10);
		const responses = {
			'case page': await request.get(`/cases/${parata.id}`),
			'case plan print page': await request.get(`/cases/${parata.id}/plan/print`),
			'case.get answer': await request.get(queryPath('case.get', { caseId: parata.id })),
			'report CSV': await request.get(`/reports/${parata.lmgId}/csv?table=referrals&from=2026-01-01&to=${today}`),
			'a refusal': await request.get(queryPath('case.get', { caseId: 'no-such-case' }))
		};
		for (const [what, response] of Object.entries(responses)) {
			const headers = response.headers();
			expect.soft(headers['cache-control'], what).toBe('no-store');
			expect.soft(headers['x-content-type-options'], what).toBe('nosniff');
			expect.soft(headers['referrer-policy'], what).toBe('same-origin');
			expect.soft(headers['x-frame-options'], what).toBe('DENY');
			expect.soft(headers['permissions-policy'], what).toContain('camera=()');
			// Served over http here: Strict-Transport-Security is for https only.
			expect.soft(headers['strict-transport-security'], what).toBeUndefined();
		}
		for (const what of ['case page', 'case plan print page'] as const) {
			const csp = responses[what].headers()['content-security-policy'];
			expect.soft(csp, what).toContain("frame-ancestors 'none'");
			expect.soft(csp, what).toContain("default-src 'self'");
			expect.soft(csp, what).toMatch(/script-src 'self' 'nonce-[^']+'/);
			expect.soft(csp, what).toContain("object-src 'none'");
		}
		expect(responses['report CSV'].status()).toBe(200);
		expect(responses['a refusal'].status()).toBe(404);
	});

	test('V3.4.2 V3.4.3 V3.4.5 the session cookie is HttpOnly, SameSite=Lax and for the whole site only', async ({ request }) => {
		const response = await signInOverApi(request, ORIGIN, demo.workerHealth.email);
		const cookie = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('tautoko_session='))!.value;
		expect(cookie).toMatch(/; HttpOnly/i);
		expect(cookie).toMatch(/; SameSite=Lax/i);
		expect(cookie).toMatch(/; Path=\/(;|$)/i);
		// The token: 32 base32 characters, 160 bits.
		expect(cookie).toMatch(/^tautoko_session=[a-z2-7]{32};/);
	});
});

test('V3.2.1 a session cookie planted before signing in never becomes signed in', async ({ page, context, playwright }) => {
	const planted = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
	await context.addCookies([{ name: 'tautoko_session', value: planted, url: ORIGIN }]);
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(demo.workerHealth.email, 'tautoko-demo-2026');
	await new HomePage(page).expectShownFor(demo.workerHealth.firstName);
	const issued = (await context.cookies(ORIGIN)).find((c) => c.name === 'tautoko_session')!.value;
	expect(issued).not.toBe(planted);

	const attacker = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { cookie: `tautoko_session=${planted}` } });
	expect((await attacker.get(queryPath('auth.me', null))).status()).toBe(401);
	await attacker.dispose();
});

test.describe('V4.2.2 cross-site requests change nothing', () => {
	test('a form posted from another site gets 403, the same form from Tautoko itself is saved', async ({ request }) => {
		await signInOverApi(request, ORIGIN, demo.coordinatorNorth.email);
		const parata = await parataCase(request);
		const note = { category: 'health', body: 'Posted by a page on another site' };

		const before = contentFingerprint(databasePath);
		const signIn = await request.post('/login', { headers: { origin: FOREIGN }, form: { email: demo.admin.email, password: 'tautoko-demo-2026' } });
		expect(signIn.status()).toBe(403);
		expect(signIn.headers()['set-cookie']).toBeUndefined();
		const addNote = await request.post(`/cases/${parata.id}?/addNote`, { headers: { origin: FOREIGN }, form: note });
		expect(addNote.status()).toBe(403);
		expect(contentFingerprint(databasePath)).toEqual(before);

		// The same post from Tautoko's own page is saved: the refusal above was about the origin.
		const own = await request.post(`/cases/${parata.id}?/addNote`, { headers: { origin: ORIGIN }, form: { ...note, body: 'Posted from Tautoko itself' } });
		expect(own.status()).toBe(200);
		expect(contentFingerprint(databasePath).case_note).not.toBe(before.case_note);
	});

	test('an API change sent from another site, as a form, as text or without a type, or as a GET, changes nothing', async ({ request }) => {
		await signInOverApi(request, ORIGIN, demo.coordinatorNorth.email);
		const parata = await parataCase(request);
		const body = JSON.stringify({ json: { caseId: parata.id, category: 'health', body: 'Sent by a page on another site' } });
		const before = contentFingerprint(databasePath);
		const attempts: { headers: Record<string, string>; expected: number }[] = [
			{ headers: { origin: FOREIGN, 'content-type': 'application/json' }, expected: 403 },
			{ headers: { origin: ORIGIN, 'content-type': 'text/plain' }, expected: 415 },
			{ headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, expected: 415 },
			{ headers: { origin: ORIGIN }, expected: 415 }
		];
		for (const { expected, headers } of attempts) {
			const response = await request.post('/api/trpc/case.addNote', { headers, data: Buffer.from(body) });
			expect(response.status(), JSON.stringify(headers)).toBe(expected);
		}
		const asGet = await request.get(`/api/trpc/case.addNote?input=${encodeURIComponent(body)}`);
		expect(asGet.status()).toBe(405);
		expect(contentFingerprint(databasePath)).toEqual(before);
	});
});

/**
 * Every page and download a person can reach by following links, as each kind of user, read
 * with GET: nothing Tautoko keeps may change (reads are audited; that is the only trace).
 */
const RELATED_PAGES_PER_SHAPE = 2;
const MAX_PAGES_PER_ACCOUNT = 80;

/** /cases/3f2a…/plan and /cases/9b1c…/plan are one shape: a crawl visits a few of each. */
const shapeOf = (pathname: string) => pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}|[0-9a-z]{20,}/gi, ':id');

async function crawl(request: APIRequestContext): Promise<{ visited: string[]; failures: string[] }> {
	const queue = ['/'];
	const seen = new Set(queue);
	const perShape = new Map<string, number>();
	const visited: string[] = [];
	const failures: string[] = [];
	while (queue.length > 0 && visited.length < MAX_PAGES_PER_ACCOUNT) {
		const address = queue.shift()!;
		const response = await request.get(address, { maxRedirects: 0 });
		visited.push(address);
		if (response.status() >= 500) failures.push(`${address} → ${response.status()}`);
		const redirectedTo = response.headers()['location'];
		const html = (response.headers()['content-type'] ?? '').includes('text/html') ? await response.text() : '';
		const links = [...html.matchAll(/href="(\/[^"#]*)"/g)].map(([, raw]) => raw.replaceAll('&amp;', '&'));
		for (const link of redirectedTo?.startsWith('/') ? [redirectedTo, ...links] : links) {
			if (seen.has(link) || link.startsWith('/_app/') || link.startsWith('/logout')) continue;
			seen.add(link);
			const shape = shapeOf(new URL(link, ORIGIN).pathname);
			const count = perShape.get(shape) ?? 0;
			if (count >= RELATED_PAGES_PER_SHAPE) continue;
			perShape.set(shape, count + 1);
			queue.push(link);
		}
	}
	return { visited, failures };
}

test('V13.2.1 no page or download reached with GET changes anything, for any kind of user', async ({ playwright }) => {
	test.setTimeout(120_000);
	const accounts = [demo.admin, demo.coordinatorNorth, demo.lmgNorth, demo.workerHealth, demo.workerSchool, demo.family];
	const browsers = [];
	for (const account of accounts) {
		const request = await playwright.request.newContext({ baseURL: ORIGIN });
		await signInOverApi(request, ORIGIN, account.email);
		browsers.push({ account, request });
	}
	const before = contentFingerprint(databasePath);
	for (const { account, request } of browsers) {
		const { visited, failures } = await crawl(request);
		expect(failures, account.email).toEqual([]);
		// Enough of the product was reached for the comparison below to mean something.
		expect(visited.length, `${account.email} reached ${visited.join(' ')}`).toBeGreaterThan(4);
		test.info().annotations.push({ type: 'crawled', description: `${account.email}: ${visited.length} addresses` });
		await request.dispose();
	}
	expect(contentFingerprint(databasePath)).toEqual(before);
});
