import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersDirectly, handleApiRequest } from '../../src/lib/server/trpc/api-handler';
import type { Context } from '../../src/lib/server/trpc/context';
import { demo, idOf, openCase } from './support/journeys';
import { auditRowsSince, createTestApp, lastAuditId, type TestApp } from './support/test-app';

/**
 * /api/trpc answers a single query over GET itself rather than through tRPC's fetch handler
 * (src/lib/server/trpc/api-handler.ts). Whatever a client can observe must be the same either way:
 * status, headers, body, and the audit rows the call leaves.
 */
describe('a query over GET gets the same answer from the direct path as from tRPC', () => {
	let t: TestApp;
	let caseId: string;
	const contexts = new Map<string, Context>();
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
		const opened = await openCase(t);
		caseId = opened.caseId;
		await opened.coordinator.consent.record({
			caseId,
			agencyId: await idOf(t, 'agency', 'Whānau Tautoko Trust'),
			decision: 'granted',
			scope: 'all',
			givenByMemberId: opened.adultId,
			method: 'signed_form'
		});
		for (const [who, email] of [['ngo', demo.ngo], ['police', demo.police], ['coordinator', demo.coordinatorNorth], ['family', demo.family]] as const) {
			contexts.set(who, await (await t.signedIn(email)).context());
		}
		contexts.set('nobody', await t.browser().context());
	});
	afterAll(() => t.close());

	const query = (path: string, input?: unknown) => `/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`}`;

	/** One request through one path, and what a client (and the audit log) would see of it. */
	async function send(who: string, url: string, direct: boolean, init: RequestInit = {}) {
		const before = await lastAuditId(t.app);
		const request = new Request(`http://localhost${url}`, init);
		const context = contexts.get(who)!;
		const response = await handleApiRequest(request, { createContext: () => context, log: t.app.log, answerQueriesDirectly: direct });
		return {
			status: response.status,
			headers: [...response.headers.entries()].sort(),
			// Each refusal gets its own error id; the rest must match to the byte.
			body: (await response.text()).replace(/"errorId":"[0-9a-f]{12}"/g, '"errorId":"…"').replace(/quote error [0-9a-f]{12}/g, 'quote error …'),
			audit: await auditRowsSince(t.app, before)
		};
	}

	it.each([
		['a case page for a worker whose agency has consent', 'ngo', () => query('case.get', { caseId }), 200],
		['a case page for a worker whose agency has none', 'police', () => query('case.get', { caseId }), 404],
		['a case page for nobody signed in', 'nobody', () => query('case.get', { caseId }), 401],
		['a case page for the family account', 'family', () => query('case.get', { caseId }), 403],
		['a case page asked for with a number', 'ngo', () => query('case.get', { caseId: 5 }), 400],
		['a case page asked for with no input', 'ngo', () => query('case.get'), 400],
		['a case page asked for with input that is not JSON', 'ngo', () => '/api/trpc/case.get?input=%7Bnot-json', 400],
		['the case list', 'coordinator', () => query('case.list', {}), 200],
		['who am I', 'coordinator', () => query('auth.me'), 200]
	])('%s', async (_what, who, url, status) => {
		const path = url();
		expect(answersDirectly(new Request(`http://localhost${path}`))).toBe(true);
		const direct = await send(who, path, true);
		const viaTrpc = await send(who, path, false);
		expect(direct).toEqual(viaTrpc);
		expect(direct.status).toBe(status);
		// Reads of a case are audited whichever way they came, refusals included.
		if (path.includes('case.get') && status !== 401) expect(direct.audit.length).toBeGreaterThan(0);
	});

	it('the answer a worker with consent sees is the case, dates and all', async () => {
		const { body } = await send('ngo', query('case.get', { caseId }), true);
		const answer = superjson.deserialize<{ id: string; openedAt: Date }>(JSON.parse(body).result.data);
		expect(answer.id).toBe(caseId);
		expect(answer.openedAt).toBeInstanceOf(Date);
	});

	it.each([
		['a batch', () => `${query('auth.me').replace('auth.me', 'auth.me,auth.me')}?batch=1`, {}],
		['a mutation asked for over GET', () => query('case.addNote', { caseId, text: 'x' }), {}],
		['a procedure that does not exist', () => query('case.nothing', {}), {}],
		['an encoded path', () => '/api/trpc/case%2Eget', {}],
		['a streaming request', () => query('auth.me'), { headers: { 'trpc-accept': 'application/jsonl' } }],
		['a HEAD request', () => query('auth.me'), { method: 'HEAD' }],
		['a POST', () => '/api/trpc/auth.me', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
		['a form content type', () => query('auth.me'), { headers: { 'content-type': 'multipart/form-data; boundary=x' } }]
	])('%s goes to tRPC’s own handler', async (_what, url, init: RequestInit) => {
		expect(answersDirectly(new Request(`http://localhost${url()}`, init))).toBe(false);
	});

	it('a mutation asked for over GET is refused as tRPC refuses it', async () => {
		const { status, body } = await send('coordinator', query('case.addNote', { caseId, text: 'x' }), true);
		expect(status).toBe(405);
		expect(body).toContain('METHOD_NOT_SUPPORTED');
	});
});
