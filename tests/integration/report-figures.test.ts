import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { ManualClock } from '../../src/lib/server/clock';
import type { Actor } from '../../src/lib/server/domain/actor';
import { instantFromLocal } from '../../src/lib/server/domain/deadlines/deadlines';
import { insertAgency, insertLmg, insertLmgAgency, insertRegion } from '../../src/lib/server/domain/organisation/organisation.repository';
import { insertPublishedProtocolVersion } from '../../src/lib/server/domain/protocol/protocol.repository';
import { defaultProtocol } from '../../src/lib/server/domain/protocol/protocol.schema';
import { closeCase, setLeadAgency } from '../../src/lib/server/domain/case/case-lifecycle.service';
import { holdConference, inviteToConference, listConferences, recordAttendance, scheduleConference } from '../../src/lib/server/domain/conference/conference.service';
import { getPlan, savePlan, updateAction } from '../../src/lib/server/domain/plan/plan.service';
import { recordConsent, withdrawConsent } from '../../src/lib/server/domain/consent/consent.service';
import { assessReferral, createReferral, decideReferral } from '../../src/lib/server/domain/referral/referral.service';
import { reportCsv, reportSeries, reportSummary } from '../../src/lib/server/domain/report/report.service';
import { findActorById, insertUser } from '../../src/lib/server/domain/users/users.repository';
import { createTestApp, type TestApp } from './support/test-app';

/*
 * A small LMG whose figures are worked out by hand. The default protocol applies: a decision
 * within 5 WORKING days of the referral. Every referral is made and decided at 10:00 Auckland time.
 *
 *   month  agency  submitted → decided          calendar days  working days  decision
 *   Jan    Alpha   Mon 5 → Wed 7                 2              2             accepted
 *   Jan    Alpha   Mon 12 → Thu 15               3              3             accepted
 *   Jan    Alpha   Mon 19 → Fri 23               4              4             accepted
 *   Feb    Alpha   Mon 2 → Thu 5                 3              3             accepted
 *   Feb    Alpha   Mon 9 → Fri 13                4              4             accepted
 *   Feb    Alpha   Fri 13 → Fri 20               7              5 (within!)   accepted
 *   Mar    Alpha   Mon 2 → Wed 4                 2              2             accepted
 *   Mar    Alpha   Mon 9 → Thu 12                3              3             accepted
 *   Mar    Alpha   Mon 16 → Fri 20               4              4             accepted
 *   Apr    Beta    Mon 6 → Thu 9 (after DST)     3              3             accepted
 *   Apr    Beta    Mon 13 → Fri 17               4              4             accepted
 *   Apr    Beta    Mon 20 → Mon 27               7              5 (within)    accepted
 *   May    Beta    Mon 4 → Thu 7                 3              3             accepted
 *   May    Beta    Mon 11 → Thu 14               3              3             accepted
 *   May    Beta    Mon 18 → Thu 21               3              3             accepted
 *   Jun    Gamma   Mon 1 → Mon 22               21             15 (late)      declined: "Needs a statutory response"
 *   Jun    Gamma   Tue 2 → Tue 23               21             15 (late)      declined: same
 *   Jun    Gamma   Mon 8 → Mon 29               21             15 (late)      declined: same
 *   Jun    Delta   Wed 10, still waiting          –              –             –
 *
 * Received: Alpha 9, Beta 6, Gamma 3, Delta 1 = 19. Delta's 1 is hidden, and so is Gamma's 3,
 * the next smallest, or the total would give Delta away.
 * Decided: 18 — accepted 15, declined 3 (the reason used 3 times is named).
 * Days to decision, sorted: 2 2 3 3 3 3 3 3 3 4 4 4 4 7 7 21 21 21 → median (3+4)/2 = 3.5;
 * 90th percentile at rank 17×0.9 = 15.3 → 21; within target 15 of 18.
 * Monthly medians Jan–Jun: 3 4 3 4 3 21 → centre 38/6 = 6.333…; moving ranges 1 1 1 1 18 →
 * mean 4.4; upper limit 6.333… + 2.66×4.4 = 18.037…; lower limit max(0, −5.37…) = 0;
 * June (21) is above the upper limit.
 *
 * Then, on the cases those referrals opened (all at 10:00 Auckland time):
 *   closed  Jan 7 → Jun 15 (159 days), Jan 15 → Jun 16 (152), Jan 23 → Jun 17 (145): "goals met";
 *           Feb 5 → Jun 18 (133): "moved away".
 *   Closed 4, open at the end 15 − 4 = 11. Length sorted 133 145 152 159 → median 148.5,
 *   90th percentile at rank 2.7 → 152 + 0.7×7 = 156.9. Closure reasons: 3 and 1 — the 1 is
 *   hidden, and so is the 3 (the closed total of 4 would give it away).
 *   Feedback: "Did you feel listened to?" answered by 3 families; "Did the plan help?" by 1 → "<3".
 *   Consent for Alpha granted on three open cases on 4 May and withdrawn on 25 May: 3 withdrawals.
 *
 * And on the three March cases (opened Wed 4, Thu 12, Fri 20 March), led by Beta:
 *   first conference held Wed 25 Mar (21 days, 15 working days: within 15), Thu 2 Apr (21, 15:
 *   within), Tue 14 Apr (25 days, 17 working days: late). Median 21; 90th percentile at rank
 *   1.8 → 21 + 0.8×4 = 24.2; within target 2 of 3 → not shown (the 1 late would show).
 *   Reviews due 8 weeks after: 20 May and 28 May held on the day (on time), 16 June for one due
 *   9 June (late): held 3, on time 2 → "<3", share not shown.
 *   Beta's three actions, due 30 April: done 28 April, 5 May (late), 29 April → due 3, done on
 *   time 2 → "<3", share not shown.
 */
const plan: [string, string, string, 'accept' | 'decline' | null][] = [
	['Alpha', '2026-01-05', '2026-01-07', 'accept'],
	['Alpha', '2026-01-12', '2026-01-15', 'accept'],
	['Alpha', '2026-01-19', '2026-01-23', 'accept'],
	['Alpha', '2026-02-02', '2026-02-05', 'accept'],
	['Alpha', '2026-02-09', '2026-02-13', 'accept'],
	['Alpha', '2026-02-13', '2026-02-20', 'accept'],
	['Alpha', '2026-03-02', '2026-03-04', 'accept'],
	['Alpha', '2026-03-09', '2026-03-12', 'accept'],
	['Alpha', '2026-03-16', '2026-03-20', 'accept'],
	['Beta', '2026-04-06', '2026-04-09', 'accept'],
	['Beta', '2026-04-13', '2026-04-17', 'accept'],
	['Beta', '2026-04-20', '2026-04-27', 'accept'],
	['Beta', '2026-05-04', '2026-05-07', 'accept'],
	['Beta', '2026-05-11', '2026-05-14', 'accept'],
	['Beta', '2026-05-18', '2026-05-21', 'accept'],
	['Gamma', '2026-06-01', '2026-06-22', 'decline'],
	['Gamma', '2026-06-02', '2026-06-23', 'decline'],
	['Gamma', '2026-06-08', '2026-06-29', 'decline'],
	['Delta', '2026-06-10', '', null]
];
const period = { from: '2026-01-01', to: '2026-06-30' };

let t: TestApp;
let lmgId: string;
let coordinator: Actor;

beforeAll(async () => {
	t = await createTestApp();
	const at = new Date('2025-12-01T00:00:00Z');
	const regionId = crypto.randomUUID();
	lmgId = crypto.randomUUID();
	await insertRegion(t.db, { id: regionId, name: 'Fixture region', at });
	await insertLmg(t.db, { id: lmgId, regionId, name: 'Fixture LMG', timezone: 'Pacific/Auckland', at });
	await insertPublishedProtocolVersion(t.db, { id: crypto.randomUUID(), lmgId, version: 1, document: defaultProtocol(), changeNote: 'default', publishedBy: null, at });
	const workers: Record<string, Actor> = {};
	for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta']) {
		const agencyId = crypto.randomUUID();
		await insertAgency(t.db, { id: agencyId, name, kind: 'ngo', sector: 'non_government', at });
		await insertLmgAgency(t.db, { lmgId, agencyId, at });
		const userId = crypto.randomUUID();
		await insertUser(t.db, { id: userId, email: `${name.toLowerCase()}@fixture.nz`, name: `${name} worker`, passwordHash: null, agencyId, roles: [{ role: 'agency_worker', lmgId: null }], createdAt: at });
		workers[name] = (await findActorById(t.db, userId))!;
	}
	const coordinatorId = crypto.randomUUID();
	await insertUser(t.db, { id: coordinatorId, email: 'coordinator@fixture.nz', name: 'Fixture coordinator', passwordHash: null, agencyId: null, roles: [{ role: 'coordinator', lmgId }], createdAt: at });
	coordinator = (await findActorById(t.db, coordinatorId))!;

	const on = (date: string): App => ({ ...t.app, clock: new ManualClock(instantFromLocal(date, '10:00', 'Pacific/Auckland')!) });
	const criteria = defaultProtocol().referralCriteria.map((c) => ({ criterionKey: c.key, met: 'yes' as const, note: null }));
	for (const [i, [agency, submitted, decided, decision]] of plan.entries()) {
		const { id: referralId } = await createReferral(on(submitted), workers[agency], {
			lmgId,
			family: { label: `Fixture family ${i}`, area: 'x', languages: ['English'], interpreterNeeded: false, culturalIdentity: null, iwi: null },
			members: [{ name: `Person ${i}`, relationship: 'Parent', kind: 'caregiver', dateOfBirth: null, gender: null, school: null }],
			needs: ['health', 'housing'],
			summary: 'Fixture',
			agreement: { date: submitted, method: 'verbal' }
		});
		if (!decision) continue;
		await assessReferral(on(decided), coordinator, { referralId, answers: criteria });
		await decideReferral(on(decided), coordinator, decision === 'accept' ? { referralId, decision } : { referralId, decision, reason: 'Needs a statutory response' });
	}

	const caseOf = async (i: number) => {
		const row = await t.db
			.selectFrom('family_case')
			.innerJoin('family', 'family.id', 'family_case.family_id')
			.innerJoin('family_member', 'family_member.family_id', 'family.id')
			.select(['family_case.id', 'family_member.id as member_id'])
			.where('family.label', '=', `Fixture family ${i}`)
			.executeTakeFirstOrThrow();
		return row;
	};
	const closures: [number, string, string, { questionKey: string; answer: string }[]][] = [
		[0, '2026-06-15', 'goals_met', [{ questionKey: 'listened_to', answer: 'Yes' }, { questionKey: 'plan_helped', answer: 'Yes' }]],
		[1, '2026-06-16', 'goals_met', [{ questionKey: 'listened_to', answer: 'Mostly' }]],
		[2, '2026-06-17', 'goals_met', [{ questionKey: 'listened_to', answer: 'Yes' }]],
		[3, '2026-06-18', 'moved_away', []]
	];
	for (const [i, date, reason, feedback] of closures) await closeCase(on(date), coordinator, { caseId: (await caseOf(i)).id, reason, feedback });
	const alpha = (await t.db.selectFrom('agency').select('id').where('name', '=', 'Alpha').executeTakeFirstOrThrow()).id;
	const beta = (await t.db.selectFrom('agency').select('id').where('name', '=', 'Beta').executeTakeFirstOrThrow()).id;
	const betaWorker = (await t.db.selectFrom('app_user').select('id').where('agency_id', '=', beta).executeTakeFirstOrThrow()).id;
	const conference = async (caseId: string, kind: 'initial' | 'review', date: string, baseVersion: number) => {
		const { id } = await scheduleConference(on('2026-03-24'), coordinator, { caseId, kind, date, time: '10:00', location: 'Hub', facilitatorId: coordinator.userId });
		await inviteToConference(on('2026-03-24'), coordinator, { conferenceId: id, agencyIds: [beta], workerIds: [], familyMemberIds: [], supportPeople: [] });
		const { version } = await savePlan(on('2026-03-24'), coordinator, {
			caseId,
			baseVersion,
			goals: [{ key: 'g', text: 'A goal', domain: 'home', category: 'housing', rating: 3 }],
			actions: [{ key: 'a', goalKey: 'g', description: 'Beta’s action', category: 'housing', responsibleAgencyId: beta, dueOn: '2026-04-30' }]
		});
		const invitees = (await listConferences(on(date), coordinator, caseId)).conferences.find((c) => c.id === id)!.invitees;
		await recordAttendance(on(date), coordinator, { conferenceId: id, attendance: invitees.map((i) => ({ inviteeId: i.id, attendance: 'present' as const })) });
		await holdConference(on(date), coordinator, { conferenceId: id, planVersion: version });
	};
	const led: [number, string, string, string][] = [
		[6, '2026-03-25', '2026-05-20', '2026-04-28'],
		[7, '2026-04-02', '2026-05-28', '2026-05-05'],
		[8, '2026-04-14', '2026-06-16', '2026-04-29']
	];
	for (const [i, initial, review, done] of led) {
		const c = await caseOf(i);
		await recordConsent(on('2026-03-23'), coordinator, { caseId: c.id, agencyId: beta, decision: 'granted', scope: 'all', givenByMemberId: c.member_id, method: 'verbal' });
		await setLeadAgency(on('2026-03-23'), coordinator, { caseId: c.id, agencyId: beta, leadWorkerId: betaWorker, reason: 'Fixture' });
		await conference(c.id, 'initial', initial, 0);
		const action = (await getPlan(on(done), coordinator, { caseId: c.id })).actions[0];
		await updateAction(on(done), coordinator, { actionId: action.id, status: 'done', note: 'Done' });
		await conference(c.id, 'review', review, 1);
	}
	for (const i of [4, 5, 9]) {
		const c = await caseOf(i);
		await recordConsent(on('2026-05-04'), coordinator, { caseId: c.id, agencyId: alpha, decision: 'granted', scope: 'all', givenByMemberId: c.member_id, method: 'verbal' });
		await withdrawConsent(on('2026-05-25'), coordinator, { caseId: c.id, agencyId: alpha });
	}
});
afterAll(() => t.close());

describe('the report proves every figure worked out by hand', () => {
	it('referrals, decisions and timeliness on the page', async () => {
		const r = await reportSummary(t.app, coordinator, { lmgId, ...period });
		expect(r.referrals.received).toEqual({ value: 19, suppressed: false });
		expect(r.referrals.byAgency).toEqual([
			{ label: 'Alpha', count: { value: 9, suppressed: false } },
			{ label: 'Beta', count: { value: 6, suppressed: false } },
			{ label: 'Gamma', count: { value: null, suppressed: true } },
			{ label: 'Delta', count: { value: null, suppressed: true } }
		]);
		expect(r.decisions).toEqual({
			accepted: { value: 15, suppressed: false },
			declined: { value: 3, suppressed: false },
			declinedByReason: [{ label: 'Needs a statutory response', count: { value: 3, suppressed: false } }]
		});
		expect(r.timeliness.referralToDecision).toEqual({ n: { value: 18, suppressed: false }, median: 3.5, p90: 21, withinTarget: 15 / 18 });
		expect(r.timeliness.acceptanceToFirstConference).toEqual({ n: { value: 3, suppressed: false }, median: 21, p90: expect.closeTo(24.2, 10), withinTarget: null });
		expect(r.timeliness.reviews).toEqual({ held: { value: 3, suppressed: false }, onTime: { value: null, suppressed: true }, share: null });
		expect(r.actions).toEqual([{ agency: 'Beta', due: { value: 3, suppressed: false }, onTime: { value: null, suppressed: true }, share: null }]);
	});

	it('cases, closures, length of involvement, withdrawals and feedback on the page', async () => {
		const r = await reportSummary(t.app, coordinator, { lmgId, ...period });
		expect(r.cases.openAtEnd).toEqual({ value: 11, suppressed: false });
		expect(r.cases.closed).toEqual({ value: 4, suppressed: false });
		expect(r.cases.lengthOfInvolvement).toEqual({ n: { value: 4, suppressed: false }, median: 148.5, p90: expect.closeTo(156.9, 10), withinTarget: 1 });
		expect(r.closureReasons).toEqual([
			{ label: 'The plan’s goals were met', count: { value: null, suppressed: true } },
			{ label: 'The family moved out of the area', count: { value: null, suppressed: true } }
		]);
		expect(r.consentWithdrawals).toEqual({ value: 3, suppressed: false });
		expect(r.feedback).toEqual([
			{ question: 'Did you feel listened to?', answered: { value: 3, suppressed: false } },
			{ question: 'Did the plan help your family?', answered: { value: null, suppressed: true } }
		]);
	});

	it('the run chart: centre, limits, and June above the upper limit', async () => {
		const { referralToDecision: chart } = await reportSeries(t.app, coordinator, { lmgId, ...period });
		expect(chart.points.map((p) => [p.period, p.value])).toEqual([
			['2026-01', 3],
			['2026-02', 4],
			['2026-03', 3],
			['2026-04', 4],
			['2026-05', 3],
			['2026-06', 21]
		]);
		expect(chart.points.map((p) => p.movingRange)).toEqual([null, 1, 1, 1, 1, 18]);
		expect(chart.centre).toBeCloseTo(38 / 6, 10);
		expect(chart.upper).toBeCloseTo(38 / 6 + 2.66 * 4.4, 10);
		expect(chart.lower).toBe(0);
		expect(chart.points.filter((p) => p.outside).map((p) => [p.period, p.outside])).toEqual([['2026-06', 'above']]);
	});

	it('the same figures in the CSV, with the same suppression', async () => {
		const referrals = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'referrals' });
		expect(referrals.csv).toBe('Referring agency,Referrals received\r\nAlpha,9\r\nBeta,6\r\nGamma,<3\r\nDelta,<3\r\nAll agencies,19\r\n');
		const timeliness = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'timeliness' });
		expect(timeliness.csv.split('\r\n').slice(1, 4)).toEqual([
			'Referral to decision,18,3.5,21,83%',
			'Acceptance to first conference,3,21,24.2,',
			'Reviews held on time,3,,,'
		]);
		const months = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'referralToDecisionByMonth' });
		expect(months.csv.split('\r\n')).toEqual([
			'Month,Records,Median days,Moving range,Outside the control limits',
			'2026-01,3,3,,',
			'2026-02,3,4,1,',
			'2026-03,3,3,1,',
			'2026-04,3,4,1,',
			'2026-05,3,3,1,',
			'2026-06,3,21,18,above',
			'Centre line,,6.3,,',
			'Upper control limit,,18,,',
			'Lower control limit,,0,,',
			''
		]);
		const actions = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'actions' });
		expect(actions.csv).toBe('Agency,Actions due,Done by their due date,Share done on time\r\nBeta,3,<3,\r\n');
		const decisions = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'decisions' });
		expect(decisions.csv).toBe('Decision,Reason,Referrals\r\nAccepted,,15\r\nDeclined,,3\r\nDeclined,Needs a statutory response,3\r\n');
		const cases = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'cases' });
		expect(cases.csv).toBe(
			'Measure,Number,Median days,90th percentile days\r\nCases open at the end of the period,11,,\r\nCases closed,4,148.5,156.9\r\nConsent withdrawals,3,,\r\n'
		);
		const closures = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'closures' });
		expect(closures.csv).toBe('Closure reason,Cases\r\nThe plan’s goals were met,<3\r\nThe family moved out of the area,<3\r\n');
		const feedback = await reportCsv(t.app, coordinator, { lmgId, ...period, table: 'feedback' });
		expect(feedback.csv).toBe('Feedback question,Families who answered\r\nDid you feel listened to?,3\r\nDid the plan help your family?,<3\r\n');
	});
});
