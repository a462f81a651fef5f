import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest } from '../../src/lib/server/trpc/api-handler';
import { demo, idOf, openCase } from './support/journeys';
import { refusal } from './support/refusal';
import { auditRows, createTestApp, type TestApp } from './support/test-app';

/** What a client receives over HTTP, through the handler the server mounts at /api/trpc. */
async function post(context: Awaited<ReturnType<ReturnType<TestApp['browser']>['context']>>, path: string, input: unknown) {
	const response = await handleApiRequest(
		new Request(`http://localhost/api/trpc/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(superjson.serialize(input))
		}),
		{ createContext: () => context, log: context.app.log }
	);
	return { status: response.status, body: await response.text() };
}

describe('errors reach the client as a message and an error id, never a stack or SQL (ASVS V7.4.1)', () => {
	let t: TestApp;
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
	});
	afterAll(() => t.close());

	it('an unexpected failure gives a generic message with an id, and is audited as failed', async () => {
		const browser = await t.signedIn('admin@demo.tautoko.nz');
		const context = await browser.context();
		// Break the database underneath the service: the error it raises carries SQL.
		await t.db.schema.alterTable('region').renameTo('region_gone').execute();
		try {
			const { status, body } = await post(context, 'admin.createRegion', { name: 'Western' });
			expect(status).toBe(500);
			const error = JSON.parse(body).error.json;
			expect(error.message).toMatch(/^Something went wrong on our side\. Nothing was changed\. If it keeps happening, quote error [0-9a-f]{12}\.$/);
			expect(error.data.errorId).toMatch(/^[0-9a-f]{12}$/);
			expect(error.message).toContain(error.data.errorId);
			expect(body).not.toMatch(/stack|sqlite|postgres|relation|region_gone|no such table|select|insert|at .*\.ts/i);
		} finally {
			await t.db.schema.alterTable('region_gone').renameTo('region').execute();
		}
		expect((await auditRows(t.app, 'admin.createRegion')).at(-1)).toMatchObject({ outcome: 'failed', detail: 'INTERNAL_SERVER_ERROR' });
	});

	it('a validation failure names the fields and carries an error id too', async () => {
		const browser = await t.signedIn('admin@demo.tautoko.nz');
		const { status, body } = await post(await browser.context(), 'admin.createRegion', { name: '' });
		expect(status).toBe(400);
		const error = JSON.parse(body).error.json;
		expect(error.data.code).toBe('BAD_REQUEST');
		expect(error.data.fieldErrors).toEqual({ name: ['Enter the region’s name'] });
		expect(error.data.errorId).toMatch(/^[0-9a-f]{12}$/);
		expect(body).not.toMatch(/stack/);
	});
});

describe('access control fails closed (ASVS V4.1.5)', () => {
	let t: TestApp;
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
	});
	afterAll(() => t.close());

	it('when the consent lookup throws, an agency worker with consent is refused as if the case did not exist, and it is audited', async () => {
		const { caseId, coordinator, adultId } = await openCase(t);
		await coordinator.consent.record({
			caseId,
			agencyId: await idOf(t, 'agency', 'Whānau Tautoko Trust'),
			decision: 'granted',
			scope: 'all',
			givenByMemberId: adultId,
			method: 'signed_form'
		});
		const worker = await (await t.signedIn(demo.ngo)).caller();
		// With the consent readable, the same call is allowed: the refusal below is the fault's doing.
		expect((await worker.case.get({ caseId })).id).toBe(caseId);

		await t.db.schema.alterTable('consent_event').renameTo('consent_event_gone').execute();
		try {
			const error = await refusal(worker.case.get({ caseId }));
			const missing = await refusal(worker.case.get({ caseId: 'no-such-case' }));
			expect([error.code, error.message]).toEqual([missing.code, missing.message]);
			expect((await auditRows(t.app, 'case.get')).at(-2)).toMatchObject({ outcome: 'denied', detail: 'NOT_FOUND', case_id: caseId });
			// A list cannot be narrowed to the consented cases either, so it shows none rather than all.
			const listError = await refusal(worker.case.list({}));
			expect(listError.code).toBe('INTERNAL_SERVER_ERROR');
		} finally {
			await t.db.schema.alterTable('consent_event_gone').renameTo('consent_event').execute();
		}
	});
});
