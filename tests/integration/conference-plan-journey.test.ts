import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demo, idOf } from './support/journeys';
import { fieldErrors, refusal } from './support/refusal';
import { countRows, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp({ demo: true }); // the clock reads 2026-11-22T00:00Z: 13:00 on 22 November in Auckland
});
afterEach(() => t.close());

/** The demo's Ngata whānau: awaiting its first conference; consent for the NGO (all), health (health) and the school (education). */
async function ngata() {
	const row = await t.db
		.selectFrom('family_case')
		.innerJoin('family', 'family.id', 'family_case.family_id')
		.select('family_case.id')
		.where('family.label', '=', 'Ngata whānau')
		.executeTakeFirstOrThrow();
	const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
	const options = await coordinator.conference.options({ caseId: row.id });
	const user = (name: string) => [...options.facilitators, ...options.workers].find((p) => p.name === name)!.id;
	return {
		caseId: row.id,
		coordinator,
		options,
		ngo: await idOf(t, 'agency', 'Whānau Tautoko Trust'),
		health: await idOf(t, 'agency', 'Awa Health Services'),
		school: await idOf(t, 'agency', 'Te Awa Primary School'),
		police: await idOf(t, 'agency', 'Police – Awa and Lakes Area'),
		kiri: options.members.find((m) => m.name === 'Kiri Ngata')!.id,
		user
	};
}

function planInput(caseId: string, a: { ngo: string; health: string; school: string; kiri: string }, baseVersion: number, ratings = [3, 4, 2]) {
	return {
		caseId,
		baseVersion,
		goals: [
			{ key: 'g-school', text: 'Manaia feels safe and happy at school', domain: 'learning', category: 'education', rating: ratings[0] },
			{ key: 'g-health', text: 'Ihaia is up to date with his vaccinations', domain: 'health_wellbeing', category: 'health', rating: ratings[1] },
			{ key: 'g-home', text: 'We have a warm, safe home', domain: 'home', category: 'housing', rating: ratings[2] }
		],
		actions: [
			{ key: 'a-quiet', goalKey: 'g-school', description: 'Keep a quiet space for Manaia at lunchtime', category: 'education', responsibleAgencyId: a.school, dueOn: '2026-12-10' },
			{ key: 'a-vacc', goalKey: 'g-health', description: 'Book Ihaia’s catch-up vaccinations', category: 'health', responsibleAgencyId: a.health, dueOn: '2026-12-01' },
			{ key: 'a-gp', goalKey: 'g-health', description: 'Arrange a GP visit for Kiri', category: 'health', responsibleAgencyId: a.health, dueOn: '2026-12-15' },
			{ key: 'a-house', goalKey: 'g-home', description: 'Apply for a healthy-homes assessment', category: 'housing', responsibleAgencyId: a.ngo, dueOn: '2026-12-20' },
			{ key: 'a-kiri', goalKey: 'g-home', description: 'Bring the tenancy papers to the next meeting', category: 'housing', responsibleMemberId: a.kiri, dueOn: '2026-12-20' }
		]
	};
}

describe('from the first conference to closure, through the API', () => {
	it('schedules, invites, plans, holds, updates, reviews and closes', async () => {
		const n = await ngata();
		const { coordinator, caseId } = n;

		// Scheduling: local time in the LMG's zone; an independent facilitator; a warning past the target.
		const referrer = await refusal(coordinator.conference.schedule({ caseId, kind: 'initial', date: '2026-11-25', time: '10:00', location: 'Kaitāia hub', facilitatorId: n.user('Anna Fraser') }));
		expect(fieldErrors(referrer).facilitatorId[0]).toMatch(/requires an independent facilitator.*Te Awa Primary School, the referring agency/);
		// Only this LMG's coordinators and its agencies' workers facilitate: not the administrator,
		// not another LMG's worker, not a family member.
		for (const outsider of ['Mere Administrator', 'Fiona Grant', 'Aroha Parata']) {
			const refused = await refusal(coordinator.conference.schedule({ caseId, kind: 'initial', date: '2026-11-25', time: '10:00', location: 'Kaitāia hub', facilitatorId: (await t.db.selectFrom('app_user').select('id').where('name', '=', outsider).executeTakeFirstOrThrow()).id }));
			expect(fieldErrors(refused).facilitatorId, outsider).toEqual(['Choose a facilitator from the list']);
		}
		const late = await coordinator.conference.schedule({ caseId, kind: 'initial', date: '2026-12-20', time: '10:00', location: 'Kaitāia hub', facilitatorId: n.user('Tania Rewi') });
		expect(late.warning).toMatch(/after the protocol’s target/);
		await coordinator.conference.cancel({ conferenceId: late.id, reason: 'Kiri asked for an earlier date' });
		const initial = await coordinator.conference.schedule({ caseId, kind: 'initial', date: '2026-11-25', time: '10:00', location: 'Kaitāia hub', facilitatorId: n.user('Tania Rewi') });
		expect(initial.warning).toBeNull();
		expect(initial.startsAt.toISOString()).toBe('2026-11-24T21:00:00.000Z');

		// Invitations: only agencies holding consent; not a worker the family declined.
		const police = await refusal(coordinator.conference.invite({ conferenceId: initial.id, agencyIds: [n.police] }));
		expect(fieldErrors(police).agencyIds[0]).toMatch(/holds no consent/);
		await coordinator.conference.declineWorker({ caseId, userId: n.user('Priya Sharma'), reason: 'Kiri would rather see someone else' });
		const declined = await refusal(coordinator.conference.invite({ conferenceId: initial.id, workerIds: [n.user('Priya Sharma')] }));
		expect(fieldErrors(declined).workerIds).toEqual(['The family has asked that Priya Sharma not be invited']);
		await coordinator.conference.invite({ conferenceId: initial.id, agencyIds: [n.ngo, n.health, n.school], familyMemberIds: [n.kiri], supportPeople: ['Aunty Huia'] });

		// The plan, and a lead agency that holds consent.
		expect((await coordinator.plan.save(planInput(caseId, n, 0))).version).toBe(1);
		const noConsentLead = await refusal(coordinator.case.setLeadAgency({ caseId, agencyId: n.police, leadWorkerId: n.user('Wiremu Hohaia'), reason: 'x' }));
		expect(fieldErrors(noConsentLead).agencyId).toEqual(['The lead agency must hold the family’s consent on this case']);
		const early = await refusal(coordinator.conference.hold({ conferenceId: initial.id, planVersion: 1 }));
		expect(early.message).toMatch(/Record everyone’s attendance/);
		const list = await coordinator.conference.list({ caseId });
		const invitees = list.conferences.find((c) => c.id === initial.id)!.invitees;
		await coordinator.conference.recordAttendance({
			conferenceId: initial.id,
			attendance: invitees.map((i) => ({ inviteeId: i.id, attendance: 'present' as const })),
			minutes: 'Kiri led the conversation about what matters most.',
			decisions: 'Whānau Tautoko Trust to lead.'
		});
		const noLead = await refusal(coordinator.conference.hold({ conferenceId: initial.id, planVersion: 1 }));
		expect(noLead.message).toMatch(/Appoint a lead agency/);
		await coordinator.case.setLeadAgency({ caseId, agencyId: n.ngo, leadWorkerId: n.user('Losa Faleolo'), reason: 'Kiri already trusts Losa' });
		const held = await coordinator.conference.hold({ conferenceId: initial.id, planVersion: 1 });
		// Te Awa North reviews every six weeks: from Sunday 22 November (local) to Sunday 3 January.
		expect(held.nextReviewOn).toBe('2027-01-03');
		expect(await coordinator.case.get({ caseId })).toMatchObject({ status: 'active', needsLeadAgency: false, leadAgency: 'Whānau Tautoko Trust' });
		const ngo = await (await t.signedIn(demo.ngo)).caller();
		expect((await ngo.notification.list()).items.map((i) => i.title)).toContain('Plan agreed for ' + (await coordinator.case.get({ caseId })).reference);

		// Each agency updates its own actions, and sees only what its consent covers.
		const health = await (await t.signedIn(demo.health)).caller();
		const school = await (await t.signedIn(demo.school)).caller();
		const healthPlan = await health.plan.get({ caseId });
		expect(healthPlan.goals.map((g) => g.key)).toEqual(['g-health']);
		expect(healthPlan.actions.map((a) => a.key)).toEqual(['a-vacc', 'a-gp']);
		await health.action.update({ actionId: healthPlan.actions[0].id, status: 'done', note: 'Vaccinations given on Monday.' });
		const schoolPlan = await school.plan.get({ caseId });
		await school.action.update({ actionId: schoolPlan.actions[0].id, status: 'in_progress', note: 'The library is open for Manaia every lunchtime.' });
		const ngoPlan = await ngo.plan.get({ caseId });
		expect(ngoPlan.actions).toHaveLength(5);
		const schoolsAction = ngoPlan.actions.find((a) => a.key === 'a-quiet')!;
		expect(schoolsAction.canUpdate).toBe(true); // the lead worker may update any action
		const notHers = await refusal(health.action.update({ actionId: schoolsAction.id, status: 'done', note: 'Not mine' }));
		expect(notHers.code).toBe('NOT_FOUND');
		await ngo.action.update({ actionId: ngoPlan.actions.find((a) => a.key === 'a-house')!.id, status: 'in_progress', note: 'Assessment booked' });

		// Two people editing the same version: the second is told, and nothing of theirs is written.
		const before = await countRows(t.app);
		await ngo.plan.save({ ...planInput(caseId, n, 1, [4, 6, 3]), actions: planInput(caseId, n, 1).actions });
		const stale = await refusal(coordinator.plan.save(planInput(caseId, n, 1, [5, 5, 5])));
		expect(stale.code).toBe('CONFLICT');
		expect(stale.message).toMatch(/Someone else saved this plan \(now version 2\) after you opened version 1/);
		const after = await countRows(t.app);
		expect(after.action_plan).toBe(before.action_plan + 1);

		// A review conference: new ratings, their history, and what changed.
		t.clock.set('2026-12-30T20:00:00Z');
		const review = await coordinator.conference.schedule({ caseId, kind: 'review', date: '2027-01-04', time: '09:30', location: 'Whānau Tautoko Trust', facilitatorId: n.user('Tania Rewi') });
		await coordinator.conference.invite({ conferenceId: review.id, agencyIds: [n.ngo], familyMemberIds: [n.kiri] });
		const reviewInvitees = (await coordinator.conference.list({ caseId })).conferences.find((c) => c.id === review.id)!.invitees;
		await coordinator.conference.recordAttendance({
			conferenceId: review.id,
			attendance: reviewInvitees.map((i) => ({ inviteeId: i.id, attendance: i.kind === 'family_member' ? ('present' as const) : ('apologies' as const), apologyUpdate: i.kind === 'family_member' ? undefined : 'Losa is away; the assessment is done.' }))
		});
		expect((await coordinator.plan.save(planInput(caseId, n, 2, [6, 8, 5]))).version).toBe(3);
		t.clock.set('2027-01-03T21:00:00Z'); // 10:00 on 4 January in Auckland
		const reviewHeld = await coordinator.conference.hold({ conferenceId: review.id, planVersion: 3 });
		expect(reviewHeld.nextReviewOn).toBe('2027-02-15');
		const plan = await coordinator.plan.get({ caseId });
		expect(plan.goals.find((g) => g.key === 'g-school')!.ratingHistory.map((r) => [r.version, r.rating])).toEqual([
			[1, 3],
			[3, 6]
		]);
		expect(plan.changesSincePreviousAgreed).toEqual(expect.arrayContaining(['“Manaia feels safe and happy at school”: rating 3 → 6']));

		// Closure: the lead worker's report, a protocol reason, the family's feedback; then read-only.
		const noReport = await refusal(coordinator.case.close({ caseId, reason: 'goals_met', feedback: [] }));
		expect(noReport.message).toMatch(/closing report/);
		await ngo.case.writeClosingReport({ caseId, report: 'Manaia is settled at school, the vaccinations are done and the home is warmer.' });
		const badReason = await refusal(coordinator.case.close({ caseId, reason: 'plan_completed', feedback: [] }));
		expect(fieldErrors(badReason)).toEqual({ reason: ['Choose one of the protocol’s closure reasons'] });
		await coordinator.case.close({ caseId, reason: 'goals_met', feedback: [{ questionKey: 'listened_to', answer: 'Yes, every time.' }] });
		const closed = await coordinator.case.get({ caseId });
		expect(closed.status).toBe('closed');
		expect(closed.closure).toMatchObject({ reason: 'The plan’s goals were met', feedback: [{ question: 'Did you feel listened to?', answer: 'Yes, every time.' }] });
		const firstAction = (await ngo.plan.get({ caseId })).actions[0].id;
		// One at a time: each call starts only when the loop reaches it, so no refusal goes unawaited.
		for (const change of [
			() => coordinator.case.addNote({ caseId, category: 'health', body: 'Too late' }),
			() => coordinator.plan.save(planInput(caseId, n, 3)),
			() => ngo.action.update({ actionId: firstAction, status: 'done', note: 'Too late' }),
			() => coordinator.conference.schedule({ caseId, kind: 'review', date: '2027-02-01', time: '10:00', location: 'x', facilitatorId: n.user('Tania Rewi') })
		]) {
			expect((await refusal(change())).code).toBe('CONFLICT');
		}
	});
});

describe('handover, escalation and withdrawal around the lead agency', () => {
	it('a handover takes effect only when the receiving agency accepts; a concern reaches the coordinator at once', async () => {
		const parata = (await t.db.selectFrom('family_case').select('id').where('reference', '=', 'TAN-2026-0001').executeTakeFirstOrThrow()).id;
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const healthId = await idOf(t, 'agency', 'Awa Health Services');
		expect((await refusal(coordinator.case.setLeadAgency({ caseId: parata, agencyId: healthId, leadWorkerId: 'x', reason: 'x' }))).message).toMatch(/propose a handover instead/);
		// The demo has proposed handing the lead to Kāinga Housing; until it accepts, nothing changes.
		const proposed = await coordinator.case.get({ caseId: parata });
		expect(proposed.leadAgency).toBe('Whānau Tautoko Trust');
		const handoverId = proposed.handovers.find((h) => h.status === 'proposed')!.id;
		const another = await refusal(coordinator.case.proposeHandover({ caseId: parata, toAgencyId: healthId, reason: 'A second proposal' }));
		expect(another.message).toBe('A handover is already waiting for an answer on this case.');

		const health = await (await t.signedIn(demo.health)).caller();
		expect((await refusal(health.case.acceptHandover({ handoverId }))).code).toBe('FORBIDDEN');
		const housing = await (await t.signedIn(demo.housing)).caller();
		expect((await housing.queue.mine()).worker!.handovers.map((h) => h.title)).toEqual(['Parata whānau (TAN-2026-0001)']);
		await housing.case.acceptHandover({ handoverId });
		const after = await coordinator.case.get({ caseId: parata });
		expect(after).toMatchObject({ leadAgency: 'Kāinga Housing Support', leadWorker: 'Ben Carter' });
		expect(after.handovers[0]).toMatchObject({ status: 'accepted', reason: expect.stringMatching(/Housing is now the whānau’s main need/), note: expect.stringMatching(/Losa will stay involved/) });

		// The new lead worker records a safety concern; the coordinator is told and the case shows it.
		t.clock.advance(60_000);
		await housing.case.raiseConcern({ caseId: parata, description: 'The children described threats from a visitor.', statutoryReferralTo: 'Oranga Tamariki', statutoryReferralOn: '2026-11-22' });
		expect((await coordinator.notification.list()).items[0]).toMatchObject({ kind: 'concern_raised', title: 'Safety concern on TAN-2026-0001' });
		const seenByHealth = await health.case.get({ caseId: parata });
		expect(seenByHealth.concerns).toEqual([expect.objectContaining({ referredTo: 'Oranga Tamariki', description: null })]);
		const school = await (await t.signedIn(demo.school)).caller();
		expect((await refusal(school.case.raiseConcern({ caseId: parata, description: 'Not the lead worker here.', statutoryReferralTo: 'x', statutoryReferralOn: '2026-11-22' }))).code).toBe('FORBIDDEN');
	});

	it('withdrawing the lead agency’s consent marks its open actions for reassignment and flags the case', async () => {
		const n = await ngata();
		await n.coordinator.plan.save(planInput(n.caseId, n, 0));
		await n.coordinator.case.setLeadAgency({ caseId: n.caseId, agencyId: n.ngo, leadWorkerId: n.user('Losa Faleolo'), reason: 'Agreed at conference' });
		await n.coordinator.consent.withdraw({ caseId: n.caseId, agencyId: n.ngo });
		const plan = await n.coordinator.plan.get({ caseId: n.caseId });
		expect(plan.actions.filter((a) => a.needsReassignment).map((a) => a.key)).toEqual(['a-house']);
		expect((await n.coordinator.case.get({ caseId: n.caseId })).needsLeadAgency).toBe(true);
		const queue = await n.coordinator.queue.mine();
		expect(queue.coordinator!.awaitingConference.map((i) => i.title)).toContain(`Ngata whānau (${(await n.coordinator.case.get({ caseId: n.caseId })).reference})`);
	});
});

describe('work queues', () => {
	it('show each person what is due, from the pinned protocol, most urgent first', async () => {
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const queue = (await coordinator.queue.mine()).coordinator!;
		expect(queue.referrals.map((r) => [r.title, r.state])).toEqual([
			['Brown family', 'overdue'],
			['Henare whānau', 'on_track']
		]);
		expect(queue.reviews.map((r) => [r.title, r.state])).toEqual([['Parata whānau (TAN-2026-0001)', 'due_soon']]);
		expect(queue.consentsExpiring).toEqual([]);
		const ngo = await (await t.signedIn(demo.ngo)).caller();
		expect((await ngo.queue.mine()).worker!.actions.map((a) => [a.title, a.state])).toEqual([['Fit thermal curtains and a dehumidifier', 'overdue']]);
		const closed = await coordinator.case.list({ status: 'closed' });
		expect(closed.cases.map((c) => c.familyLabel)).toEqual(['Tipene whānau']);
		const family = await (await t.signedIn(demo.family)).caller();
		expect((await refusal(family.queue.mine())).code).toBe('FORBIDDEN');
	});

	it('give an agency worker the latest plan’s actions their consent covers, and nothing once it is withdrawn', async () => {
		const n = await ngata();
		const ngo = await (await t.signedIn(demo.ngo)).caller();
		const health = await (await t.signedIn(demo.health)).caller();
		const ngataActions = async (caller: typeof ngo) =>
			(await caller.queue.mine()).worker!.actions.filter((a) => a.caseId === n.caseId).map((a) => [a.title, a.state]);
		// The clock starts at 13:00 on 22 November in Auckland.
		const first = planInput(n.caseId, n, 0);
		first.actions = [
			{ key: 'a-house', goalKey: 'g-home', description: 'Apply for a healthy-homes assessment', category: 'housing', responsibleAgencyId: n.ngo, dueOn: '2026-11-23' },
			{ key: 'a-vacc', goalKey: 'g-health', description: 'Book Ihaia’s catch-up vaccinations', category: 'health', responsibleAgencyId: n.health, dueOn: '2026-11-20' },
			// Health's consent covers health only: an action about Manaia's schooling stays out of its queue.
			{ key: 'a-class', goalKey: 'g-school', description: 'Talk to Manaia’s class about her anxiety', category: 'education', responsibleAgencyId: n.health, dueOn: '2026-11-21' },
			{ key: 'a-later', goalKey: 'g-home', description: 'Check the house is warm in winter', category: 'housing', responsibleAgencyId: n.ngo, dueOn: '2027-05-01' }
		];
		await n.coordinator.plan.save(first);
		expect(await ngataActions(ngo)).toEqual([['Apply for a healthy-homes assessment', 'due_soon']]);
		expect(await ngataActions(health)).toEqual([['Book Ihaia’s catch-up vaccinations', 'overdue']]);

		// A revised plan replaces the old one: the old version's open actions leave the queue.
		const revised = planInput(n.caseId, n, 1);
		revised.actions = [
			{ key: 'a-house', goalKey: 'g-home', description: 'Book the healthy-homes assessment visit', category: 'housing', responsibleAgencyId: n.ngo, dueOn: '2026-11-24' },
			{ key: 'a-vacc', goalKey: 'g-health', description: 'Book Ihaia’s catch-up vaccinations', category: 'health', responsibleAgencyId: n.health, dueOn: '2026-12-20' }
		];
		await n.coordinator.plan.save(revised);
		expect(await ngataActions(ngo)).toEqual([['Book the healthy-homes assessment visit', 'due_soon']]);
		expect(await ngataActions(health)).toEqual([]);

		await n.coordinator.consent.withdraw({ caseId: n.caseId, agencyId: n.ngo });
		expect(await ngataActions(ngo)).toEqual([]);
	});

	it('show a coordinator the consents ending within 30 days, until they are renewed or withdrawn', async () => {
		const n = await ngata();
		const reference = (await n.coordinator.case.get({ caseId: n.caseId })).reference;
		const grant = (agencyId: string, validUntil: string) =>
			n.coordinator.consent.record({ caseId: n.caseId, agencyId, decision: 'granted', scope: 'all', givenByMemberId: n.kiri, method: 'verbal', validUntil });
		const expiring = async () => (await n.coordinator.queue.mine()).coordinator!.consentsExpiring.map((i) => [i.title, i.detail, i.dueOn, i.state]);
		// The clock reads 22 November in Auckland: 30 days ahead is 22 December.
		await grant(n.police, '2026-12-10');
		await grant(n.school, '2026-11-24');
		await grant(n.health, '2027-01-10');
		expect(await expiring()).toEqual([
			[`Ngata whānau (${reference})`, 'Te Awa Primary School’s consent ends', '2026-11-24', 'due_soon'],
			[`Ngata whānau (${reference})`, 'Police – Awa and Lakes Area’s consent ends', '2026-12-10', 'on_track']
		]);

		// Only the newest decision counts: a renewal and a withdrawal each take a consent off.
		await grant(n.school, '2027-11-22');
		await n.coordinator.consent.withdraw({ caseId: n.caseId, agencyId: n.police });
		expect(await expiring()).toEqual([]);
	});
});

describe('illegal transitions are refused with a clear message and change nothing', () => {
	it('refuses each one', async () => {
		const n = await ngata();
		const { coordinator, caseId } = n;
		const review = await refusal(coordinator.conference.schedule({ caseId, kind: 'review', date: '2026-11-30', time: '10:00', location: 'x', facilitatorId: n.user('Tania Rewi') }));
		expect(review.message).toBe('Hold the initial conference before a review or closing conference.');
		const initial = await coordinator.conference.schedule({ caseId, kind: 'initial', date: '2026-11-30', time: '10:00', location: 'Hub', facilitatorId: n.user('Tania Rewi') });
		const second = await refusal(coordinator.conference.schedule({ caseId, kind: 'initial', date: '2026-12-01', time: '10:00', location: 'Hub', facilitatorId: n.user('Tania Rewi') }));
		expect(second.message).toMatch(/already has a conference scheduled/);
		await coordinator.conference.cancel({ conferenceId: initial.id, reason: 'Illness' });
		const gap = await refusal(coordinator.conference.schedule({ caseId, kind: 'initial', date: '2027-09-26', time: '02:30', location: 'Hub', facilitatorId: n.user('Tania Rewi') }));
		expect(fieldErrors(gap).time[0]).toMatch(/does not exist in Pacific\/Auckland on 2027-09-26/);

		const before = await countRows(t.app);
		for (const [call, message] of [
			[() => coordinator.conference.cancel({ conferenceId: initial.id, reason: 'again' }), 'This conference is already cancelled.'],
			[() => coordinator.conference.hold({ conferenceId: initial.id, planVersion: 1 }), 'This conference is already cancelled.'],
			[() => coordinator.case.proposeHandover({ caseId, toAgencyId: n.health, reason: 'x' }), 'This case has no lead agency yet: appoint one instead.']
		] as const) {
			const error = await refusal(call());
			expect([error.code, error.message]).toEqual(['CONFLICT', message]);
		}
		expect(await countRows(t.app)).toEqual(before);
	});
});
