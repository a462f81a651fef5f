import type { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demo, idOf, referralFor } from './support/journeys';
import { fieldErrors } from './support/refusal';
import { createTestApp, type TestApp } from './support/test-app';

/*
 * Writes that read first and then write on the strength of what they read, started at the same
 * moment. On SQLite one connection runs them one after another anyway; on PostgreSQL (npm run
 * test:pg) they really overlap, and these tests fail without the locks of db/locks.ts.
 */

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp({ demo: true });
});
afterEach(() => t.close());

/** Settles every call and sorts the outcomes: what succeeded, and the refusals' codes. */
async function together<T>(calls: (() => Promise<T>)[]) {
	const settled = await Promise.allSettled(calls.map((call) => call()));
	return {
		done: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
		refused: settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as TRPCError] : []))
	};
}

async function ngataCaseId() {
	return (
		await t.db
			.selectFrom('family_case')
			.innerJoin('family', 'family.id', 'family_case.family_id')
			.select('family_case.id')
			.where('family.label', '=', 'Ngata whānau')
			.executeTakeFirstOrThrow()
	).id;
}

describe('at the same moment', () => {
	it('five referrals accepted at once open five cases with consecutive references', async () => {
		const lmgId = await idOf(t, 'lmg', 'Te Awa North');
		const school = await (await t.signedIn(demo.school)).caller();
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const referralIds: string[] = [];
		for (let i = 0; i < 5; i++) {
			const { id } = await school.referral.create(referralFor(lmgId, { family: { ...referralFor(lmgId).family, label: `Whānau ${i}` } }));
			const referral = await coordinator.referral.get({ referralId: id });
			await coordinator.referral.assess({ referralId: id, answers: referral.criteria.map((c) => ({ criterionKey: c.key, met: 'yes' as const })) });
			referralIds.push(id);
		}
		const before = (await coordinator.case.list({ pageSize: 100 })).total;

		const { done, refused } = await together(referralIds.map((referralId) => () => coordinator.referral.decide({ referralId, decision: 'accept' })));
		expect(refused).toEqual([]);
		const references = done.map((d) => (d.decision === 'accepted' ? d.reference : '')).sort();
		const first = Number(references[0].slice(-4));
		expect(references).toEqual([0, 1, 2, 3, 4].map((i) => `TAN-2026-${String(first + i).padStart(4, '0')}`));
		expect((await coordinator.case.list({ pageSize: 100 })).total).toBe(before + 5);
	});

	it('of four saves from the same plan version, one is saved and three are told someone else saved first', async () => {
		const caseId = await ngataCaseId();
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const save = (rating: number) => () =>
			coordinator.plan.save({ caseId, baseVersion: 0, goals: [{ key: 'g-school', text: 'Manaia feels safe at school', domain: 'learning', category: 'education', rating }], actions: [] });

		const { done, refused } = await together([save(1), save(2), save(3), save(4)]);
		expect(done).toEqual([{ version: 1 }]);
		expect(refused.map((r) => [r.code, r.message.slice(0, 52)])).toEqual(Array(3).fill(['CONFLICT', 'Someone else saved this plan (now version 1) after y']));
		const plans = await t.db.selectFrom('action_plan').select('version').where('case_id', '=', caseId).execute();
		expect(plans).toEqual([{ version: 1 }]);
	});

	it('four partial withdrawals at once all hold, each a new consent row with its own time', async () => {
		const caseId = await ngataCaseId();
		const ngo = await idOf(t, 'agency', 'Whānau Tautoko Trust');
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const withdrawn = ['health', 'education', 'justice', 'income'];
		const { done, refused } = await together(withdrawn.map((category) => () => coordinator.consent.withdraw({ caseId, agencyId: ngo, categories: [category] })));
		expect(refused).toEqual([]);
		expect(done).toHaveLength(4);

		const current = (await coordinator.consent.list({ caseId })).current.find((c) => c.agencyId === ngo)!;
		expect(current.state).toBe('granted');
		expect(current.scope).toEqual(['housing', 'care_and_protection', 'other']);
		const times = (await t.db.selectFrom('consent_event').select('created_at').where('case_id', '=', caseId).where('agency_id', '=', ngo).execute()).map((r) => r.created_at);
		expect(new Set(times).size).toBe(times.length);
	});

	it('five drafts of one protocol saved at once make one draft', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const admin = await (await t.signedIn(demo.lmgNorth)).caller();
		const { current } = await admin.protocol.get({ lmgId: north });
		const draft = (weeks: number) => () => admin.protocol.saveDraft({ lmgId: north, document: { ...current.document, reviewIntervalWeeks: weeks } });

		const { refused } = await together([draft(3), draft(4), draft(5), draft(7), draft(8)]);
		expect(refused).toEqual([]);
		const drafts = await t.db.selectFrom('protocol_version').select('version').where('lmg_id', '=', north).where('status', '=', 'draft').execute();
		expect(drafts).toEqual([{ version: current.version + 1 }]);
	});

	it('of five accounts made at once with one email, one is made and four are told it is taken', async () => {
		const admin = await (await t.signedIn(demo.admin)).caller();
		const create = (name: string) => () => admin.admin.createUser({ name, email: 'Rangi@Example.nz', password: 'a-long-first-password', roles: [{ role: 'admin' }] });

		const { done, refused } = await together(['A', 'B', 'C', 'D', 'E'].map((initial) => create(`Rangi ${initial}`)));
		expect(done).toHaveLength(1);
		expect(refused.map((r) => fieldErrors(r).email)).toEqual(Array(4).fill(['Someone already has an account with this email']));
		expect(await t.db.selectFrom('app_user').select('email').where('email', '=', 'rangi@example.nz').execute()).toHaveLength(1);
	});

	it('of two answers to one handover at once, the second is told it was already answered', async () => {
		const caseId = await ngataCaseId();
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const options = await coordinator.conference.options({ caseId });
		const worker = (name: string) => options.workers.find((w) => w.name === name)!.id;
		await coordinator.case.setLeadAgency({ caseId, agencyId: await idOf(t, 'agency', 'Whānau Tautoko Trust'), leadWorkerId: worker('Losa Faleolo'), reason: 'Kiri trusts Losa' });
		const { id: handoverId } = await coordinator.case.proposeHandover({ caseId, toAgencyId: await idOf(t, 'agency', 'Awa Health Services'), reason: 'Health needs lead now' });
		const health = await (await t.signedIn(demo.health)).caller();

		const { done, refused } = await together([
			() => health.case.acceptHandover({ handoverId }),
			() => health.case.declineHandover({ handoverId, reason: 'We cannot take it on' })
		]);
		expect(done).toHaveLength(1);
		expect(refused.map((r) => r.code)).toEqual(['CONFLICT']);
		const handover = await t.db.selectFrom('handover').select('status').where('id', '=', handoverId).executeTakeFirstOrThrow();
		const lead = await t.db.selectFrom('family_case').innerJoin('agency', 'agency.id', 'family_case.lead_agency_id').select('agency.name').where('family_case.id', '=', caseId).executeTakeFirstOrThrow();
		expect(lead.name).toBe(handover.status === 'accepted' ? 'Awa Health Services' : 'Whānau Tautoko Trust');
	});
});
