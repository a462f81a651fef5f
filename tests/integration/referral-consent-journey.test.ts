import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demo, idOf, openCase, referralFor } from './support/journeys';
import { fieldErrors, refusal } from './support/refusal';
import { countRows, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp({ demo: true });
});
afterEach(() => t.close());

describe('from referral to consent: each agency sees exactly what the family agreed to', () => {
	it('runs the whole journey through the API', async () => {
		const lmgId = await idOf(t, 'lmg', 'Te Awa North');
		const school = await (await t.signedIn(demo.school)).caller();
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();

		// The school refers; the coordinator is told, and sees it on their home page and in the queue.
		const waitingBefore = (await coordinator.home.today()).coordinator!.referralsToAssess;
		const { id: referralId } = await school.referral.create(referralFor(lmgId));
		expect((await coordinator.home.today()).coordinator!.referralsToAssess).toBe(waitingBefore + 1);
		expect((await school.home.today()).agencyWorker!.openReferrals).toBe(1);
		const notifications = await coordinator.notification.list();
		expect(notifications.items[0]).toMatchObject({ title: 'New referral: Tane whānau', link: `/referrals/${referralId}` });
		const queue = await coordinator.referral.list({ view: 'queue' });
		expect(queue.referrals.map((r) => r.familyLabel)).toContain('Tane whānau');
		const queued = queue.referrals.find((r) => r.id === referralId)!;
		expect(queued.deadline).toMatchObject({ target: { amount: 5, unit: 'working_days' }, waiting: 0, state: 'on_track' });
		expect((await school.referral.list({ view: 'mine' })).referrals[0]).toMatchObject({ id: referralId, status: 'submitted' });

		// Assessment against Te Awa North's pinned protocol (version 2, with its optional kaupapa Māori criterion).
		const referral = await coordinator.referral.get({ referralId });
		expect(referral.protocolVersion).toBe(2);
		expect(referral.criteria.map((c) => [c.key, c.required])).toEqual([
			['several_needs', true],
			['family_agrees', true],
			['not_statutory', true],
			['kaupapa_maori_offered', false]
		]);
		await coordinator.referral.assess({
			referralId,
			answers: [
				{ criterionKey: 'several_needs', met: 'yes' },
				{ criterionKey: 'family_agrees', met: 'yes' },
				{ criterionKey: 'not_statutory', met: 'unsure', note: 'Checking with the school' }
			]
		});
		const tooEarly = await refusal(coordinator.referral.decide({ referralId, decision: 'accept' }));
		expect(tooEarly.code).toBe('BAD_REQUEST');
		expect(tooEarly.message).toMatch(/answer “yes” to every required criterion.*statutory/);
		await coordinator.referral.assess({ referralId, answers: [{ criterionKey: 'not_statutory', met: 'yes' }] });
		const decision = await coordinator.referral.decide({ referralId, decision: 'accept' });
		if (decision.decision !== 'accepted') throw new Error('expected acceptance');
		expect(decision.reference).toMatch(/^TAN-2026-\d{4}$/);
		expect((await school.notification.list()).items[0]).toMatchObject({ title: 'Referral accepted: Tane whānau' });

		const { caseId } = decision;
		const opened = await coordinator.case.get({ caseId });
		expect(opened).toMatchObject({ status: 'awaiting_conference', needsLeadAgency: true, deadline: { what: 'first conference', state: 'on_track' } });
		const hine = opened.members.find((m) => m.name === 'Hine Tane')!;

		// Consent: the NGO for everything, health for health only. The school (the referrer) has none yet.
		const ngoId = await idOf(t, 'agency', 'Whānau Tautoko Trust');
		const healthId = await idOf(t, 'agency', 'Awa Health Services');
		await coordinator.consent.record({ caseId, agencyId: ngoId, decision: 'granted', scope: 'all', givenByMemberId: hine.id, method: 'signed_form' });
		await coordinator.consent.record({ caseId, agencyId: healthId, decision: 'granted', scope: ['health'], givenByMemberId: hine.id, method: 'verbal' });
		await coordinator.case.addNote({ caseId, category: 'health', body: 'Hine has an appointment with her GP on Tuesday.' });
		await coordinator.case.addNote({ caseId, category: 'education', body: 'Ari attended 40% of half-days this term.' });

		const ngo = await (await t.signedIn(demo.ngo)).caller();
		const health = await (await t.signedIn(demo.health)).caller();
		const ngoView = await ngo.case.get({ caseId });
		expect(ngoView.notes.map((n) => n.categoryLabel).sort()).toEqual(['Education', 'Health']);
		expect(ngoView.referral.summary).toMatch(/missed most of this term/);
		const healthView = await health.case.get({ caseId });
		expect(healthView.notes.map((n) => n.body)).toEqual(['Hine has an appointment with her GP on Tuesday.']);
		expect(healthView.access).toEqual({ via: 'agency', scope: ['health'] });
		expect(healthView.referral.summary).toBeNull();
		expect((await health.case.timeline({ caseId })).map((e) => e.summary)).not.toContain('Education note added');

		// The health worker cannot write where they cannot read.
		const outOfScope = await refusal(health.case.addNote({ caseId, category: 'education', body: 'Should not be allowed' }));
		expect(fieldErrors(outOfScope).category[0]).toMatch(/has not shared this kind of information/);

		// The school has no consent: the case does not exist for it, in lists and search alike.
		expect((await refusal(school.case.get({ caseId }))).code).toBe('NOT_FOUND');
		expect((await school.case.list({ search: 'Tane' })).total).toBe(0);
		expect((await ngo.case.list({ search: 'tane' })).cases.map((c) => c.id)).toEqual([caseId]);

		// The coordinator's audit view shows each read, allowed or denied, with who and which agency.
		const audit = await coordinator.audit.forCase({ caseId });
		const reads = audit.entries.filter((e) => e.procedure === 'case.get');
		expect(reads).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ who: 'Losa Faleolo', agency: 'Whānau Tautoko Trust', outcome: 'allowed' }),
				expect.objectContaining({ who: 'Priya Sharma', agency: 'Awa Health Services', outcome: 'allowed', detail: 'case record; notes: health' }),
				expect.objectContaining({ who: 'Anna Fraser', agency: 'Te Awa Primary School', outcome: 'denied' })
			])
		);
	});

	it('declines with a reason the referrer reads, and a withdrawn referral leaves the queue', async () => {
		const lmgId = await idOf(t, 'lmg', 'Te Awa North');
		const school = await (await t.signedIn(demo.school)).caller();
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const first = await school.referral.create(referralFor(lmgId, { family: { ...referralFor(lmgId).family, label: 'First whānau' } }));
		const second = await school.referral.create(referralFor(lmgId, { family: { ...referralFor(lmgId).family, label: 'Second whānau' } }));

		expect((await refusal(coordinator.referral.decide({ referralId: first.id, decision: 'decline', reason: '' }))).code).toBe('BAD_REQUEST');
		await coordinator.referral.decide({ referralId: first.id, decision: 'decline', reason: 'The needs call for a statutory response.' });
		expect((await school.notification.list()).items[0].body).toMatch(/Reason: The needs call for a statutory response\./);
		expect((await refusal(coordinator.referral.decide({ referralId: first.id, decision: 'decline', reason: 'again' }))).code).toBe('CONFLICT');

		await school.referral.withdraw({ referralId: second.id });
		const queue = await coordinator.referral.list({ view: 'queue' });
		expect(queue.referrals.map((r) => r.familyLabel)).not.toContain('Second whānau');
		expect((await school.referral.list({ view: 'mine' })).referrals.map((r) => [r.familyLabel, r.status])).toEqual(
			expect.arrayContaining([
				['First whānau', 'declined'],
				['Second whānau', 'withdrawn']
			])
		);
		expect((await refusal(school.referral.withdraw({ referralId: second.id }))).code).toBe('CONFLICT');
	});
});

describe('withdrawal takes effect on the very next request', () => {
	it('refuses a worker who is signed in with the case open, and flags a case whose lead agency lost consent', async () => {
		const { caseId, coordinator, adultId } = await openCase(t);
		const ngoId = await idOf(t, 'agency', 'Whānau Tautoko Trust');
		await coordinator.consent.record({ caseId, agencyId: ngoId, decision: 'granted', scope: 'all', givenByMemberId: adultId, method: 'signed_form' });
		await t.db.updateTable('family_case').set({ lead_agency_id: ngoId, needs_lead_agency: 0 }).where('id', '=', caseId).execute();

		const ngoBrowser = await t.signedIn(demo.ngo);
		expect((await (await ngoBrowser.caller()).case.get({ caseId })).id).toBe(caseId);

		await coordinator.consent.withdraw({ caseId, agencyId: ngoId });
		expect((await refusal((await ngoBrowser.caller()).case.get({ caseId }))).code).toBe('NOT_FOUND');
		expect((await coordinator.case.get({ caseId })).needsLeadAgency).toBe(true);

		const history = await coordinator.consent.list({ caseId });
		expect(history.history.filter((h) => h.agency === 'Whānau Tautoko Trust').map((h) => h.state)).toEqual(['granted', 'withdrawn']);
	});

	it('a partial withdrawal keeps the rest', async () => {
		const { caseId, coordinator, adultId } = await openCase(t);
		const healthId = await idOf(t, 'agency', 'Awa Health Services');
		await coordinator.consent.record({ caseId, agencyId: healthId, decision: 'granted', scope: ['health', 'housing'], givenByMemberId: adultId, method: 'verbal' });
		await coordinator.case.addNote({ caseId, category: 'housing', body: 'Mould in the bedrooms.' });
		await coordinator.case.addNote({ caseId, category: 'health', body: 'Asthma plan in place.' });
		const health = await t.signedIn(demo.health);
		expect((await (await health.caller()).case.get({ caseId })).notes).toHaveLength(2);

		await coordinator.consent.withdraw({ caseId, agencyId: healthId, categories: ['housing'] });
		const after = await (await health.caller()).case.get({ caseId });
		expect(after.notes.map((n) => n.body)).toEqual(['Asthma plan in place.']);
		expect(after.access).toEqual({ via: 'agency', scope: ['health'] });
	});

	it('expired consent closes the case to the agency', async () => {
		const { caseId, coordinator, adultId } = await openCase(t);
		const healthId = await idOf(t, 'agency', 'Awa Health Services');
		await coordinator.consent.record({ caseId, agencyId: healthId, decision: 'granted', scope: 'all', givenByMemberId: adultId, method: 'verbal', validUntil: '2026-12-31' });
		const health = await t.signedIn(demo.health);
		await (await health.caller()).case.get({ caseId });
		t.clock.set('2027-01-01T00:00:00Z'); // 13:00 on 1 January in Auckland
		await health.signIn(demo.health);
		expect((await refusal((await health.caller()).case.get({ caseId }))).code).toBe('NOT_FOUND');
		const states = await coordinator.consent.list({ caseId });
		expect(states.current.find((c) => c.agency === 'Awa Health Services')?.state).toBe('expired');
	});
});

describe('bad input gets a clear message and changes nothing but the audit log', () => {
	it('refuses each invalid referral and consent', async () => {
		const { caseId, coordinator, adultId } = await openCase(t);
		const lmgId = await idOf(t, 'lmg', 'Te Awa North');
		const southId = await idOf(t, 'lmg', 'Southern Lakes');
		const school = await (await t.signedIn(demo.school)).caller();
		const before = await countRows(t.app);

		const noDate = await refusal(school.referral.create({ ...referralFor(lmgId), agreement: { date: '', method: 'verbal' } }));
		expect(fieldErrors(noDate)['agreement.date']).toEqual(['Enter the date the family agreed, like 2026-11-20']);
		const future = await refusal(school.referral.create({ ...referralFor(lmgId), agreement: { date: '2027-01-01', method: 'verbal' } }));
		expect(fieldErrors(future)['agreement.date']).toEqual(['The family’s agreement cannot be dated in the future']);
		const unknownNeed = await refusal(school.referral.create({ ...referralFor(lmgId), needs: ['astrology'] }));
		expect(fieldErrors(unknownNeed).needs[0]).toMatch(/astrology is not a kind of need in Te Awa North’s protocol/);
		const otherLmg = await refusal(school.referral.create(referralFor(southId)));
		expect(otherLmg.code).toBe('FORBIDDEN');
		expect(otherLmg.message).toMatch(/not a member of that LMG/);

		const unknownAgency = await refusal(coordinator.consent.record({ caseId, agencyId: 'no-such-agency', decision: 'granted', scope: 'all', givenByMemberId: adultId, method: 'verbal' }));
		expect(fieldErrors(unknownAgency)).toEqual({ agencyId: ['Choose an agency that belongs to this LMG'] });
		const healthId = await idOf(t, 'agency', 'Awa Health Services');
		const badCategory = await refusal(coordinator.consent.record({ caseId, agencyId: healthId, decision: 'granted', scope: ['astrology'], givenByMemberId: adultId, method: 'verbal' }));
		expect(fieldErrors(badCategory).scope[0]).toMatch(/Not a kind of information in this case’s protocol: astrology/);
		const backwards = await refusal(
			coordinator.consent.record({ caseId, agencyId: healthId, decision: 'granted', scope: 'all', givenByMemberId: adultId, method: 'verbal', validFrom: '2026-12-01', validUntil: '2026-11-30' })
		);
		expect(fieldErrors(backwards)).toEqual({ validUntil: ['Consent must end after it starts'] });

		expect(await countRows(t.app)).toEqual(before);
	});
});

describe('consent and audit rows are only ever added', () => {
	it('a change of consent is a new row; earlier rows are untouched', async () => {
		const { caseId, coordinator, adultId } = await openCase(t);
		const healthId = await idOf(t, 'agency', 'Awa Health Services');
		await coordinator.consent.record({ caseId, agencyId: healthId, decision: 'granted', scope: ['health'], givenByMemberId: adultId, method: 'verbal' });
		const first = await t.db.selectFrom('consent_event').selectAll().where('case_id', '=', caseId).execute();
		await coordinator.consent.withdraw({ caseId, agencyId: healthId });
		await coordinator.consent.record({ caseId, agencyId: healthId, decision: 'granted', scope: 'all', givenByMemberId: adultId, method: 'signed_form' });
		const all = await t.db.selectFrom('consent_event').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
		expect(all).toHaveLength(3);
		expect(all[0]).toEqual(first[0]);
		expect(all.map((r) => r.state)).toEqual(['granted', 'withdrawn', 'granted']);
	});
});

describe('the case list', () => {
	it('filters by an agency in the case’s network, offering the agencies of the viewer’s LMGs', async () => {
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const { agencies } = await coordinator.case.filterOptions();
		expect(agencies.map((a) => a.name)).toContain('Kāinga Housing Support');
		expect(agencies.map((a) => a.name)).not.toContain('Lakes Housing Trust');
		const housing = agencies.find((a) => a.name === 'Kāinga Housing Support')!;
		expect((await coordinator.case.list({ agencyId: housing.id })).cases.map((c) => c.familyLabel)).toEqual(['Parata whānau']);
		const overdue = await coordinator.case.list({ overdue: true });
		expect(overdue.cases.map((c) => c.familyLabel)).toEqual([]);
	});
});

describe('the same order on SQLite and PostgreSQL', () => {
	it('lists a family caregivers first, then the children, each group oldest first and an unknown birth date first', async () => {
		const lmgId = await idOf(t, 'lmg', 'Te Awa North');
		const school = await (await t.signedIn(demo.school)).caller();
		const member = (name: string, kind: 'caregiver' | 'child', dateOfBirth: string | null) => ({ name, relationship: kind === 'child' ? 'Child' : 'Parent', kind, dateOfBirth, gender: null, school: null });
		const { id: referralId } = await school.referral.create(
			referralFor(lmgId, {
				members: [member('Ari', 'child', '2017-08-12'), member('Hine', 'caregiver', '1990-05-01'), member('Mere', 'child', null), member('Tama', 'child', '2015-02-03'), member('Koro', 'caregiver', null)]
			})
		);
		const referral = await school.referral.get({ referralId });
		expect(referral.members.map((m) => m.name)).toEqual(['Koro', 'Hine', 'Mere', 'Tama', 'Ari']);
	});
});
