import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { demo, idOf, openCase, referralFor } from './support/journeys';
import { refusal } from './support/refusal';
import { auditRows, countRows, createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 3's procedures × who is calling, each cell the outcome a person would get.
 * Relationships to one Te Awa North case:
 */
const actors = {
	coordinatorHere: demo.coordinatorNorth, // coordinator of the case's LMG
	coordinatorElsewhere: demo.coordinatorSouth, // coordinator of another LMG
	fullConsent: demo.ngo, // Whānau Tautoko Trust: all information
	partialConsent: demo.health, // Awa Health Services: health only
	withdrawnConsent: demo.housing, // Kāinga Housing Support: granted, then withdrawn
	expiredConsent: demo.police, // Police: granted until a date now past
	noConsent: 'worker.maori@demo.tautoko.nz', // Te Rūnanga Hauora Māori: in the LMG, never consented
	lmgAdmin: demo.lmgNorth,
	family: demo.family
} as const;
type ActorKey = keyof typeof actors;
type Outcome = 'allowed' | 'NOT_FOUND' | 'FORBIDDEN';

type World = { caseId: string; referralId: string; openReferralId: string; adultId: string; familyLabel: string; pacificId: string };
type Call = (caller: Awaited<ReturnType<Awaited<ReturnType<TestApp['signedIn']>>['caller']>>, w: World) => Promise<unknown>;

const A = 'allowed',
	N = 'NOT_FOUND',
	F = 'FORBIDDEN';
//                                     coordHere coordElse full partial withdrawn expired none lmgAdmin family
const row = (...o: Outcome[]) => Object.fromEntries((Object.keys(actors) as ActorKey[]).map((k, i) => [k, o[i]])) as Record<ActorKey, Outcome>;

const matrix: { name: string; call: Call; mutates: boolean; expect: Record<ActorKey, Outcome> }[] = [
	{ name: 'case.get', mutates: false, call: (c, w) => c.case.get({ caseId: w.caseId }), expect: row(A, N, A, A, N, N, N, F, F) },
	{ name: 'case.timeline', mutates: false, call: (c, w) => c.case.timeline({ caseId: w.caseId }), expect: row(A, N, A, A, N, N, N, F, F) },
	{ name: 'consent.list', mutates: false, call: (c, w) => c.consent.list({ caseId: w.caseId }), expect: row(A, N, A, A, N, N, N, F, F) },
	{ name: 'audit.forCase', mutates: false, call: (c, w) => c.audit.forCase({ caseId: w.caseId }), expect: row(A, N, F, F, F, F, F, F, F) },
	{ name: 'referral.get', mutates: false, call: (c, w) => c.referral.get({ referralId: w.referralId }), expect: row(A, N, N, N, N, N, N, F, F) },
	{
		name: 'case.addNote',
		mutates: true,
		call: (c, w) => c.case.addNote({ caseId: w.caseId, category: 'health', body: 'A health note' }),
		expect: row(A, N, A, A, N, N, N, F, F)
	},
	{
		name: 'consent.record',
		mutates: true,
		call: (c, w) => c.consent.record({ caseId: w.caseId, agencyId: w.pacificId, decision: 'granted', scope: 'all', givenByMemberId: w.adultId, method: 'verbal' }),
		expect: row(A, N, F, F, F, F, F, F, F)
	},
	{
		name: 'consent.withdraw',
		mutates: true,
		call: async (c, w) => c.consent.withdraw({ caseId: w.caseId, agencyId: (await idOfAgency('Whānau Tautoko Trust'))! }),
		expect: row(A, N, F, F, F, F, F, F, F)
	},
	{
		name: 'consent.disclose',
		mutates: true,
		call: (c, w) => c.consent.disclose({ caseId: w.caseId, agencyId: w.pacificId, legalBasis: 'serious_threat', reason: 'A written reason that is long enough.' }),
		expect: row(A, N, F, F, F, F, F, F, F)
	},
	{
		name: 'referral.assess',
		mutates: true,
		call: (c, w) => c.referral.assess({ referralId: w.openReferralId, answers: [{ criterionKey: 'several_needs', met: 'yes' }] }),
		expect: row(A, N, F, F, F, F, F, F, F)
	},
	{
		name: 'referral.decide',
		mutates: true,
		call: (c, w) => c.referral.decide({ referralId: w.openReferralId, decision: 'decline', reason: 'Not for us' }),
		expect: row(A, N, F, F, F, F, F, F, F)
	},
	{
		name: 'referral.withdraw',
		mutates: true,
		call: (c, w) => c.referral.withdraw({ referralId: w.openReferralId }),
		// Only the worker who made it (worker.school, not in this table) may withdraw it.
		expect: row(F, F, N, N, N, N, N, F, F)
	}
];

let currentApp: TestApp;
async function idOfAgency(name: string) {
	return idOf(currentApp, 'agency', name);
}

/** One case with every relationship of the table, and one referral still waiting. */
async function buildWorld(t: TestApp): Promise<World> {
	currentApp = t;
	const { caseId, referralId, coordinator, adultId, lmgId } = await openCase(t);
	const grant = async (agency: string, scope: 'all' | string[], dates: { validFrom?: string; validUntil?: string } = {}) =>
		coordinator.consent.record({ caseId, agencyId: await idOf(t, 'agency', agency), decision: 'granted', scope, givenByMemberId: adultId, method: 'signed_form', ...dates });
	await grant('Whānau Tautoko Trust', 'all');
	await grant('Awa Health Services', ['health']);
	await grant('Kāinga Housing Support', ['housing']);
	await coordinator.consent.withdraw({ caseId, agencyId: await idOf(t, 'agency', 'Kāinga Housing Support') });
	await grant('Police – Awa and Lakes Area', 'all', { validFrom: '2026-01-01', validUntil: '2026-06-30' });
	const school = await (await t.signedIn(demo.school)).caller();
	const open = await school.referral.create(referralFor(lmgId, { family: { ...referralFor(lmgId).family, label: 'Waiting whānau' } }));
	return { caseId, referralId, openReferralId: open.id, adultId, familyLabel: 'Tane whānau', pacificId: await idOf(t, 'agency', 'Pasifika Family Services') };
}

describe('who may call each case, consent and referral procedure', () => {
	let t: TestApp;
	let world: World;
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
		world = await buildWorld(t);
	});
	afterAll(() => t.close());

	const refusals = matrix.flatMap((m) => (Object.keys(actors) as ActorKey[]).filter((a) => m.expect[a] !== 'allowed').map((a) => ({ ...m, actor: a })));
	it.each(refusals.map((r) => [r.name, r.actor, r.expect[r.actor], r] as const))('%s by %s → %s, audited, nothing changed', async (_n, actor, outcome, r) => {
		currentApp = t;
		const caller = await (await t.signedIn(actors[actor])).caller();
		const before = await countRows(t.app);
		const auditBefore = (await auditRows(t.app)).length;
		const error: TRPCError = await refusal(r.call(caller, world));
		expect(error.code).toBe(outcome);
		expect(await countRows(t.app)).toEqual(before);
		const added = (await auditRows(t.app)).slice(auditBefore);
		expect(added).toEqual([expect.objectContaining({ procedure: r.name, outcome: 'denied', detail: outcome })]);
	});

	it('a NOT_FOUND for a case that exists is word for word the one for a case that does not', async () => {
		const caller = await (await t.signedIn(actors.noConsent)).caller();
		const hidden = await refusal(caller.case.get({ caseId: world.caseId }));
		const missing = await refusal(caller.case.get({ caseId: 'no-such-case' }));
		expect([hidden.code, hidden.message]).toEqual([missing.code, missing.message]);
	});

	const reads = matrix.filter((m) => !m.mutates).flatMap((m) => (Object.keys(actors) as ActorKey[]).filter((a) => m.expect[a] === 'allowed').map((a) => [m.name, a, m] as const));
	it.each(reads)('%s by %s is allowed and audited with the case', async (name, actor, m) => {
		const caller = await (await t.signedIn(actors[actor])).caller();
		await m.call(caller, world);
		expect((await auditRows(t.app)).at(-1)).toMatchObject({ procedure: name, outcome: 'allowed', case_id: world.caseId });
	});

	it.each([
		['coordinatorHere', true],
		['fullConsent', true],
		['partialConsent', true],
		['coordinatorElsewhere', false],
		['withdrawnConsent', false],
		['expiredConsent', false],
		['noConsent', false]
	] as const)('case.list and search by %s shows the case: %s', async (actor, shown) => {
		const caller = await (await t.signedIn(actors[actor])).caller();
		const all = await caller.case.list({ pageSize: 100 });
		const searched = await caller.case.list({ search: 'tane' });
		expect(all.cases.some((c) => c.id === world.caseId)).toBe(shown);
		expect(searched.cases.map((c) => c.id)).toEqual(shown ? [world.caseId] : []);
		expect(searched.total).toBe(shown ? 1 : 0);
	});

	it.each(['lmgAdmin', 'family'] as const)('case.list by %s is FORBIDDEN', async (actor) => {
		const caller = await (await t.signedIn(actors[actor])).caller();
		expect((await refusal(caller.case.list({}))).code).toBe('FORBIDDEN');
	});
});

describe('allowed changes, each on its own fresh case', () => {
	const writes = matrix.filter((m) => m.mutates).flatMap((m) => (Object.keys(actors) as ActorKey[]).filter((a) => m.expect[a] === 'allowed').map((a) => [m.name, a, m] as const));
	it.each(writes)('%s by %s succeeds and is audited', async (name, actor, m) => {
		const t = await createTestApp({ demo: true });
		try {
			const world = await buildWorld(t);
			const caller = await (await t.signedIn(actors[actor])).caller();
			await m.call(caller, world);
			expect((await auditRows(t.app, name)).at(-1)).toMatchObject({ outcome: 'allowed' });
		} finally {
			await t.close();
		}
	});

	it('referral.withdraw by the worker who made it succeeds', async () => {
		const t = await createTestApp({ demo: true });
		try {
			const world = await buildWorld(t);
			await (await (await t.signedIn(demo.school)).caller()).referral.withdraw({ referralId: world.openReferralId });
			expect((await auditRows(t.app, 'referral.withdraw')).at(-1)).toMatchObject({ outcome: 'allowed' });
		} finally {
			await t.close();
		}
	});
});
