import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demo, idOf, referralFor } from './support/journeys';
import { fieldErrors, refusal } from './support/refusal';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp({ demo: true });
});
afterEach(() => t.close());

async function versionCount(lmgId: string) {
	return (await t.db.selectFrom('protocol_version').select('id').where('lmg_id', '=', lmgId).execute()).length;
}

describe('each LMG runs its own protocol, pinned to its cases', () => {
	it('a published change applies to cases accepted afterwards in that LMG only', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const south = await idOf(t, 'lmg', 'Southern Lakes');
		const admin = await (await t.signedIn(demo.lmgNorth)).caller();
		const { current } = await admin.protocol.get({ lmgId: north });
		expect(current.version).toBe(2);

		const changed = {
			...current.document,
			reviewIntervalWeeks: 4,
			referralCriteria: [...current.document.referralCriteria, { key: 'school_contacted', text: 'The school has been told about the referral', required: true }]
		};
		await admin.protocol.saveDraft({ lmgId: north, document: changed });
		const withDraft = await admin.protocol.get({ lmgId: north });
		expect(withDraft.draft!.changes).toEqual([
			'Referral criterion added: “The school has been told about the referral” (required)',
			'Review interval: 6 weeks → 4 weeks'
		]);
		expect((await admin.protocol.publish({ lmgId: north, changeNote: 'Four-weekly reviews; tell the school first' })).version).toBe(3);
		expect((await admin.protocol.diff({ lmgId: north, from: 2, to: 3 })).changes).toContain('Review interval: 6 weeks → 4 weeks');

		// A referral made now is assessed against the new criteria; the case it opens is pinned to version 3.
		const school = await (await t.signedIn(demo.school)).caller();
		const { id: referralId } = await school.referral.create(referralFor(north));
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const referral = await coordinator.referral.get({ referralId });
		expect(referral.criteria.map((c) => c.key)).toContain('school_contacted');
		await coordinator.referral.assess({ referralId, answers: referral.criteria.map((c) => ({ criterionKey: c.key, met: 'yes' as const })) });
		const accepted = await coordinator.referral.decide({ referralId, decision: 'accept' });
		if (accepted.decision !== 'accepted') throw new Error('expected acceptance');
		expect((await coordinator.case.get({ caseId: accepted.caseId })).protocol.version).toBe(3);

		// A case accepted before keeps version 2 until the coordinator moves it, on the record.
		const ngata = (await coordinator.case.list({ search: 'Ngata' })).cases[0].id;
		expect((await coordinator.case.get({ caseId: ngata })).protocol.version).toBe(2);
		await coordinator.case.moveToNewestProtocol({ caseId: ngata, reason: 'The LMG asked that open cases follow the new reviews' });
		expect((await coordinator.case.get({ caseId: ngata })).protocol.version).toBe(3);
		expect((await coordinator.case.timeline({ caseId: ngata }))[0].summary).toMatch(/Moved to protocol version 3/);

		// Southern Lakes is untouched.
		const southAdmin = await (await t.signedIn('lmg.south@demo.tautoko.nz')).caller();
		const southProtocol = await southAdmin.protocol.get({ lmgId: south });
		expect(southProtocol.current).toMatchObject({ version: 1, document: { reviewIntervalWeeks: 10 } });
	});

	it('another LMG’s member is FORBIDDEN; a coordinator reads but cannot publish', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const south = await idOf(t, 'lmg', 'Southern Lakes');
		const northAdmin = await (await t.signedIn(demo.lmgNorth)).caller();
		expect((await refusal(northAdmin.protocol.publish({ lmgId: south, changeNote: 'x' }))).code).toBe('FORBIDDEN');
		expect((await refusal(northAdmin.protocol.get({ lmgId: south }))).code).toBe('FORBIDDEN');
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		expect((await coordinator.protocol.get({ lmgId: north })).canEdit).toBe(false);
		expect((await refusal(coordinator.protocol.publish({ lmgId: north, changeNote: 'x' }))).code).toBe('FORBIDDEN');
		const worker = await (await t.signedIn(demo.health)).caller();
		expect((await refusal(worker.protocol.get({ lmgId: north }))).code).toBe('FORBIDDEN');
	});
});

describe('a draft that breaks the rules is refused with field messages and makes no version', () => {
	it('refuses each invalid draft and a malformed import', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const admin = await (await t.signedIn(demo.lmgNorth)).caller();
		const { current } = await admin.protocol.get({ lmgId: north });
		const before = await versionCount(north);
		const cases: [object, string, RegExp][] = [
			[{ reviewIntervalWeeks: 0 }, 'document.reviewIntervalWeeks', /at least 1 week/],
			[{ consent: { ...current.document.consent, validityMonths: -3 } }, 'document.consent.validityMonths', /at least 1 month/],
			[{ closureReasons: [] }, 'document.closureReasons', /at least one closure reason/],
			[{ planDomains: [...current.document.planDomains, { key: 'home', label: 'Home again' }] }, 'document.planDomains.6.key', /used twice/]
		];
		for (const [change, field, message] of cases) {
			const error = await refusal(admin.protocol.saveDraft({ lmgId: north, document: { ...current.document, ...change } }));
			expect(error.code).toBe('BAD_REQUEST');
			expect(fieldErrors(error)[field]?.[0]).toMatch(message);
		}
		// The Parata whānau's consents name housing: it cannot leave the protocol.
		const withoutHousing = { ...current.document, informationCategories: current.document.informationCategories.filter((c) => c.key !== 'housing') };
		expect(fieldErrors(await refusal(admin.protocol.saveDraft({ lmgId: north, document: withoutHousing }))).informationCategories[0]).toMatch(/Existing consents use housing/);

		expect(fieldErrors(await refusal(admin.protocol.import({ lmgId: north, json: '{ not json' }))).json).toEqual(['That is not a protocol file: it is not valid JSON']);
		const badImport = await refusal(admin.protocol.import({ lmgId: north, json: JSON.stringify({ ...current.document, reviewIntervalWeeks: -1 }) }));
		expect(fieldErrors(badImport).reviewIntervalWeeks[0]).toMatch(/at least 1 week/);
		expect(await versionCount(north)).toBe(before);
	});

	it('exports a protocol that another LMG can import as its draft', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const south = await idOf(t, 'lmg', 'Southern Lakes');
		const exported = await (await (await t.signedIn(demo.lmgNorth)).caller()).protocol.export({ lmgId: north });
		expect(exported).toMatchObject({ format: 'tautoko-protocol', exportedFrom: 'Te Awa North, version 2' });
		const southAdmin = await (await t.signedIn('lmg.south@demo.tautoko.nz')).caller();
		// Southern Lakes' consents use categories Te Awa North also has, so the import is accepted as a draft.
		await southAdmin.protocol.import({ lmgId: south, json: JSON.stringify(exported) });
		const draft = (await southAdmin.protocol.get({ lmgId: south })).draft!;
		expect(draft.version).toBe(2);
		expect(draft.changes).toContain('Review interval: 10 weeks → 6 weeks');
		await southAdmin.protocol.discardDraft({ lmgId: south });
		expect((await southAdmin.protocol.get({ lmgId: south })).draft).toBeNull();
	});
});
