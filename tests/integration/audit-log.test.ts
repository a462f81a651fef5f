import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/lib/server/domain/audit/audit.service';
import { demo, openCase } from './support/journeys';
import { refusal } from './support/refusal';
import { auditRows, createTestApp, onPostgres, type TestApp } from './support/test-app';

describe('the audit log is append-only at the database level', () => {
	let t: TestApp;
	beforeAll(async () => {
		t = await createTestApp();
		await recordAudit(t.db, { at: t.clock.now(), procedure: 'case.get', outcome: 'allowed', detail: 'case' });
	});
	afterAll(() => t.close());

	it('accepts new rows', async () => {
		await recordAudit(t.db, { at: t.clock.now(), procedure: 'case.get', outcome: 'denied', detail: 'NOT_FOUND' });
		const rows = await t.db.selectFrom('audit_log').select('outcome').execute();
		expect(rows.map((r) => r.outcome)).toEqual(['allowed', 'denied']);
	});

	it('refuses UPDATE, even through raw SQL', async () => {
		await expect(sql`update audit_log set outcome = 'denied'`.execute(t.db)).rejects.toThrow(/append-only/);
		await expect(t.db.updateTable('audit_log').set({ detail: 'rewritten' }).execute()).rejects.toThrow(/append-only/);
		const rows = await t.db.selectFrom('audit_log').select(['outcome', 'detail']).orderBy('id').execute();
		expect(rows[0]).toEqual({ outcome: 'allowed', detail: 'case' });
	});

	// SQLite has no TRUNCATE (DELETE without WHERE is refused above); PostgreSQL's needs its own trigger.
	it.runIf(onPostgres)('refuses TRUNCATE on PostgreSQL', async () => {
		await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
		const { n } = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(n).toBe(2);
	});

	it('refuses DELETE, even through raw SQL', async () => {
		await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
		await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
		const { n } = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(n)).toBe(2);
	});
});

describe('each row says where the call came from', () => {
	let t: TestApp;
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
	});
	afterAll(() => t.close());

	it('for reads, changes and sign-out, allowed or refused by the consent gate', async () => {
		const { caseId } = await openCase(t);
		const coordinator = await (await t.browser('198.51.100.20').signIn(demo.coordinatorNorth)).caller();
		const school = await (await t.browser('198.51.100.21').signIn(demo.school)).caller();

		await coordinator.case.get({ caseId });
		await coordinator.case.addNote({ caseId, category: 'education', body: 'Ari was at school every day this week.' });
		// The school referred the family but holds no consent: the gate refuses, and audits the refusal.
		expect((await refusal(school.case.get({ caseId }))).code).toBe('NOT_FOUND');

		const rows = (await auditRows(t.app)).filter((row) => row.case_id === caseId);
		expect(rows.filter((row) => row.address === '198.51.100.20').map((row) => [row.procedure, row.outcome])).toEqual([
			['case.get', 'allowed'],
			['case.addNote', 'allowed']
		]);
		expect(rows.filter((row) => row.address === '198.51.100.21').map((row) => [row.procedure, row.outcome])).toEqual([['case.get', 'denied']]);

		await coordinator.auth.logout();
		expect((await auditRows(t.app, 'auth.logout')).map((row) => row.address)).toEqual(['198.51.100.20']);
	});
});
