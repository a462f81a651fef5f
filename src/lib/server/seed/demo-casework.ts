import type { App } from '../app';
import { ManualClock } from '../clock';
import type { Actor } from '../domain/actor';
import { closeCase, proposeHandover, raiseConcern, setLeadAgency, writeClosingReport } from '../domain/case/case-lifecycle.service';
import { addNote } from '../domain/case/case.service';
import { holdConference, inviteToConference, listConferences, recordAttendance, scheduleConference } from '../domain/conference/conference.service';
import { savePlan, updateAction, getPlan } from '../domain/plan/plan.service';
import type { SavePlanInput } from '../domain/plan/plan.schema';
import { recordConsent, recordDisclosure, withdrawConsent } from '../domain/consent/consent.service';
import { localDate } from '../domain/deadlines/deadlines';
import { assessReferral, createReferral, decideReferral, withdrawReferral } from '../domain/referral/referral.service';
import type { CreateReferralInput } from '../domain/referral/referral.schema';
import { findActorById } from '../domain/users/users.repository';

const DAY = 86_400_000;

/**
 * Referrals in every state and cases with granted, partial, withdrawn and expired consent,
 * made through the same services people use — each step on a clock set back to when it
 * "happened", so waiting times, due dates, timelines and the audit log all read true.
 */
export async function seedCasework(app: App): Promise<void> {
	const now = app.clock.now();
	const at = (daysAgo: number) => ({ ...app, clock: new ManualClock(new Date(now.getTime() - daysAgo * DAY)) });
	const dateDaysAgo = (days: number) => localDate(new Date(now.getTime() - days * DAY), 'Pacific/Auckland');

	const actor = async (email: string): Promise<Actor> => {
		const row = await app.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
		return (await findActorById(app.db, row.id))!;
	};
	const id = async (table: 'lmg' | 'agency', name: string) =>
		(await app.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

	const north = await id('lmg', 'Te Awa North');
	const south = await id('lmg', 'Southern Lakes');
	const coordinatorNorth = await actor('coordinator.north@demo.tautoko.nz');
	const coordinatorSouth = await actor('coordinator.south@demo.tautoko.nz');
	const workers = {
		health: await actor('worker.health@demo.tautoko.nz'),
		school: await actor('worker.school@demo.tautoko.nz'),
		police: await actor('worker.police@demo.tautoko.nz'),
		ngo: await actor('worker.ngo@demo.tautoko.nz'),
		lakes: await actor('worker.lakes@demo.tautoko.nz')
	};

	const family = (label: string, area: string, members: CreateReferralInput['members'], extra: Partial<CreateReferralInput['family']> = {}) => ({
		family: { label, area, languages: ['English'], interpreterNeeded: false, culturalIdentity: null, iwi: null, ...extra },
		members
	});
	const refer = async (daysAgo: number, who: Actor, lmgId: string, input: Omit<CreateReferralInput, 'lmgId' | 'agreement'>) =>
		(await createReferral(at(daysAgo), who, { ...input, lmgId, agreement: { date: dateDaysAgo(daysAgo + 1), method: 'signed_form' } })).id;
	const acceptAll = async (daysAgo: number, coordinator: Actor, referralId: string, criteria: string[]) => {
		await assessReferral(at(daysAgo), coordinator, { referralId, answers: criteria.map((criterionKey) => ({ criterionKey, met: 'yes' as const, note: null })) });
		const decision = await decideReferral(at(daysAgo), coordinator, { referralId, decision: 'accept' });
		if (decision.decision !== 'accepted') throw new Error('demo referral was not accepted');
		return decision.caseId;
	};
	const northCriteria = ['several_needs', 'family_agrees', 'not_statutory', 'kaupapa_maori_offered'];
	const southCriteria = ['two_or_more_agencies', 'family_agrees', 'not_statutory'];

	// ── Te Awa North: one referral in each state ──────────────────────────
	await refer(1, workers.health, north, {
		...family('Henare whānau', 'Ahipara', [
			{ name: 'Mereana Henare', relationship: 'Grandmother', kind: 'caregiver', dateOfBirth: '1961-07-14', gender: 'female', school: null },
			{ name: 'Tama Henare', relationship: 'Grandson', kind: 'child', dateOfBirth: '2014-02-02', gender: 'male', school: 'Te Awa Primary School' }
		]),
		needs: ['health', 'education', 'housing'],
		summary: 'Mereana is raising her grandson and her own health is failing; Tama’s attendance has dropped and the house needs repairs.'
	});
	const slow = await refer(9, workers.police, north, {
		...family('Brown family', 'Kaitāia', [
			{ name: 'Jess Brown', relationship: 'Mother', kind: 'caregiver', dateOfBirth: '1994-10-30', gender: 'female', school: null },
			{ name: 'Kayden Brown', relationship: 'Son', kind: 'child', dateOfBirth: '2012-06-18', gender: 'male', school: 'Kaitāia College' }
		]),
		needs: ['justice', 'income', 'education'],
		summary: 'Police attended two noise complaints; Jess has lost her job and Kayden has been stood down from school.'
	});
	await assessReferral(at(7), coordinatorNorth, {
		referralId: slow,
		answers: [
			{ criterionKey: 'several_needs', met: 'yes', note: null },
			{ criterionKey: 'not_statutory', met: 'unsure', note: 'Waiting to hear back from Care and Protection' }
		]
	});
	const declined = await refer(30, workers.school, north, {
		...family('Wilson family', 'Awanui', [{ name: 'Paul Wilson', relationship: 'Father', kind: 'caregiver', dateOfBirth: '1985-01-09', gender: 'male', school: null }]),
		needs: ['education'],
		summary: 'Attendance concerns for the Wilson children.'
	});
	await decideReferral(at(27), coordinatorNorth, { referralId: declined, decision: 'decline', reason: 'A single need that the school and the attendance service can meet without a conference.' });
	const withdrawn = await refer(20, workers.ngo, north, {
		...family('Kingi whānau', 'Pukenui', [{ name: 'Rawiri Kingi', relationship: 'Father', kind: 'caregiver', dateOfBirth: '1988-03-03', gender: 'male', school: null }]),
		needs: ['housing', 'income'],
		summary: 'Housing and income needs after a move.'
	});
	await withdrawReferral(at(18), workers.ngo, withdrawn);

	// ── A Te Awa North case waiting for its first conference, consents partly given ──
	const ngataReferral = await refer(12, workers.school, north, {
		...family(
			'Ngata whānau',
			'Kaitāia',
			[
				{ name: 'Kiri Ngata', relationship: 'Mother', kind: 'caregiver', dateOfBirth: '1992-12-01', gender: 'female', school: null },
				{ name: 'Manaia Ngata', relationship: 'Daughter', kind: 'child', dateOfBirth: '2015-04-22', gender: 'female', school: 'Te Awa Primary School' },
				{ name: 'Ihaia Ngata', relationship: 'Son', kind: 'child', dateOfBirth: '2020-09-09', gender: 'male', school: null }
			],
			{ languages: ['te reo Māori', 'English'], culturalIdentity: 'Māori', iwi: 'Ngāti Kahu' }
		),
		needs: ['education', 'health', 'care_and_protection'],
		summary: 'Manaia is anxious about school; Kiri asked for help after her partner left. Ihaia has missed his vaccinations.'
	});
	const ngata = await acceptAll(10, coordinatorNorth, ngataReferral, northCriteria);
	const kiri = await memberId(app, ngata, 'Kiri Ngata');
	await recordConsent(at(9), coordinatorNorth, { caseId: ngata, agencyId: await id('agency', 'Whānau Tautoko Trust'), decision: 'granted', scope: 'all', givenByMemberId: kiri, method: 'signed_form' });
	await recordConsent(at(9), coordinatorNorth, { caseId: ngata, agencyId: await id('agency', 'Awa Health Services'), decision: 'granted', scope: ['health'], givenByMemberId: kiri, method: 'signed_form' });
	await recordConsent(at(9), coordinatorNorth, { caseId: ngata, agencyId: await id('agency', 'Te Awa Primary School'), decision: 'granted', scope: ['education'], givenByMemberId: kiri, method: 'signed_form' });
	await recordConsent(at(9), coordinatorNorth, { caseId: ngata, agencyId: await id('agency', 'Police – Awa and Lakes Area'), decision: 'declined', scope: 'all', givenByMemberId: kiri, method: 'verbal', note: 'Kiri would rather the police were not involved.' });
	await addNote(at(8), coordinatorNorth, { caseId: ngata, category: 'health', body: 'Ihaia is booked for his catch-up vaccinations at the health centre.' });
	await addNote(at(8), coordinatorNorth, { caseId: ngata, category: 'education', body: 'Manaia’s teacher has set up a quiet space she can use at lunchtime.' });
	await addNote(at(6), workers.ngo, { caseId: ngata, category: 'care_and_protection', body: 'Kiri has a safety plan and knows who to call. No statutory concerns at present.' });

	// ── The Parata whānau (active, Te Awa North): notes in several kinds; police consent withdrawn, income expired ──
	const parata = (await app.db.selectFrom('family_case').select('id').where('reference', '=', 'TAN-2026-0001').executeTakeFirstOrThrow()).id;
	const aroha = await memberId(app, parata, 'Aroha Parata');
	await addNote(at(40), coordinatorNorth, { caseId: parata, category: 'housing', body: 'Kāinga Housing has the whānau on the priority list for a four-bedroom home.' });
	await addNote(at(35), workers.ngo, { caseId: parata, category: 'health', body: 'Aroha has started seeing a GP about her back pain.' });
	await addNote(at(21), coordinatorNorth, { caseId: parata, category: 'education', body: 'Nikau’s attendance is up to 82% this term.' });
	await recordConsent(at(50), coordinatorNorth, { caseId: parata, agencyId: await id('agency', 'Police – Awa and Lakes Area'), decision: 'granted', scope: ['justice'], givenByMemberId: aroha, method: 'verbal' });
	await withdrawConsent(at(15), coordinatorNorth, { caseId: parata, agencyId: await id('agency', 'Police – Awa and Lakes Area'), note: 'Aroha asked for police to be taken off after the burglary matter closed.' });
	await recordConsent(at(56), coordinatorNorth, {
		caseId: parata,
		agencyId: await id('agency', 'Income Support – Te Awa Service Centre'),
		decision: 'granted',
		scope: ['income'],
		givenByMemberId: aroha,
		method: 'signed_form',
		validFrom: dateDaysAgo(56),
		validUntil: dateDaysAgo(3)
	});
	await recordDisclosure(at(25), coordinatorNorth, {
		caseId: parata,
		agencyId: await id('agency', 'Care and Protection Services'),
		legalBasis: 'serious_threat',
		reason: 'A threat was made against the children by a former partner; Care and Protection were told the address so they could act the same day.'
	});

	// ── Southern Lakes: a case awaiting conference under its own protocol, and a new referral ──
	const mcdonaldReferral = await refer(15, workers.lakes, south, {
		...family('McDonald family', 'Queenstown', [
			{ name: 'Aimee McDonald', relationship: 'Mother', kind: 'caregiver', dateOfBirth: '1990-08-08', gender: 'female', school: null },
			{ name: 'Lachlan McDonald', relationship: 'Son', kind: 'child', dateOfBirth: '2011-11-11', gender: 'male', school: 'Lakes High School' }
		]),
		needs: ['housing', 'education', 'income'],
		summary: 'The family is living in a campervan after losing their rental; Lachlan is missing school.'
	});
	const mcdonald = await acceptAll(12, coordinatorSouth, mcdonaldReferral, southCriteria);
	const aimee = await memberId(app, mcdonald, 'Aimee McDonald');
	await recordConsent(at(11), coordinatorSouth, { caseId: mcdonald, agencyId: await id('agency', 'Southern Family Support'), decision: 'granted', scope: 'all', givenByMemberId: aimee, method: 'signed_form' });
	await recordConsent(at(11), coordinatorSouth, { caseId: mcdonald, agencyId: await id('agency', 'Lakes Housing Trust'), decision: 'granted', scope: ['housing', 'income'], givenByMemberId: aimee, method: 'signed_form' });
	await addNote(at(10), coordinatorSouth, { caseId: mcdonald, category: 'housing', body: 'Emergency accommodation arranged at a motel for four weeks.' });
	await raiseConcern(at(5), coordinatorSouth, {
		caseId: mcdonald,
		description: 'Lachlan told his teacher that a man staying at the campground threatened him. The school and the coordinator agreed this needs a statutory response.',
		statutoryReferralTo: 'Oranga Tamariki',
		statutoryReferralOn: dateDaysAgo(5)
	});
	await refer(3, workers.lakes, south, {
		...family('Tupou family', 'Frankton', [{ name: 'Sione Tupou', relationship: 'Father', kind: 'caregiver', dateOfBirth: '1983-05-05', gender: 'male', school: null }], {
			languages: ['Tongan', 'English'],
			interpreterNeeded: true,
			culturalIdentity: 'Tongan'
		}),
		needs: ['income', 'health', 'housing'],
		summary: 'Sione was injured at work; the family’s income has stopped and the rent is overdue.'
	});

	await seedConferencesAndClosure(app, { at, dateDaysAgo, id, actor, coordinatorNorth, workers, north, northCriteria, parata, aroha, refer, acceptAll, family });
}

type Stage = {
	at: (daysAgo: number) => App;
	dateDaysAgo: (days: number) => string;
	id: (table: 'lmg' | 'agency', name: string) => Promise<string>;
	actor: (email: string) => Promise<Actor>;
	coordinatorNorth: Actor;
	workers: Record<'health' | 'school' | 'police' | 'ngo' | 'lakes', Actor>;
	north: string;
	northCriteria: string[];
	parata: string;
	aroha: string;
	refer: (daysAgo: number, who: Actor, lmgId: string, input: Omit<CreateReferralInput, 'lmgId' | 'agreement'>) => Promise<string>;
	acceptAll: (daysAgo: number, coordinator: Actor, referralId: string, criteria: string[]) => Promise<string>;
	family: (label: string, area: string, members: CreateReferralInput['members'], extra?: Partial<CreateReferralInput['family']>) => Pick<CreateReferralInput, 'family' | 'members'>;
};

/**
 * Cases at every later stage: the Parata whānau active with an agreed plan, some actions overdue,
 * and a handover waiting; the Tipene whānau through two conferences to closure with feedback.
 */
async function seedConferencesAndClosure(app: App, s: Stage) {
	const { at, dateDaysAgo, id, coordinatorNorth, workers } = s;
	const facilitator = (await s.actor('facilitator.north@demo.tautoko.nz')).userId;
	const ngo = await id('agency', 'Whānau Tautoko Trust');
	const health = await id('agency', 'Awa Health Services');
	const school = await id('agency', 'Te Awa Primary School');
	const housing = await id('agency', 'Kāinga Housing Support');

	// ── Parata whānau: a review conference agreed a plan 40 days ago; two actions are now overdue ──
	await runConference(app, at, dateDaysAgo, coordinatorNorth, {
		caseId: s.parata,
		kind: 'review',
		daysAgo: 40,
		facilitatorId: facilitator,
		agencyIds: [ngo, school, health, housing],
		memberIds: [s.aroha],
		minutes: 'Aroha said the biggest worry is the house. Nikau is enjoying kapa haka.',
		plan: {
			caseId: s.parata,
			baseVersion: 0,
			goals: [
				{ key: 'g-home', text: 'Our whānau has a warm, dry home big enough for all of us', domain: 'home', category: 'housing', rating: 3 },
				{ key: 'g-kura', text: 'Nikau goes to kura every day and enjoys it', domain: 'learning', category: 'education', rating: 5 },
				{ key: 'g-hauora', text: 'Aroha’s back pain is looked after so she can work again', domain: 'health_wellbeing', category: 'health', rating: 4 }
			],
			actions: [
				{ key: 'a-priority', goalKey: 'g-home', description: 'Confirm the whānau’s place on the priority housing list', category: 'housing', responsibleAgencyId: housing, dueOn: dateDaysAgo(10) },
				{ key: 'a-curtains', goalKey: 'g-home', description: 'Fit thermal curtains and a dehumidifier', category: 'housing', responsibleAgencyId: ngo, dueOn: dateDaysAgo(3) },
				{ key: 'a-attend', goalKey: 'g-kura', description: 'Weekly attendance check-in with Nikau and Aroha', category: 'education', responsibleAgencyId: school, dueOn: dateDaysAgo(-1) },
				{ key: 'a-physio', goalKey: 'g-hauora', description: 'Refer Aroha to physiotherapy', category: 'health', responsibleAgencyId: health, dueOn: dateDaysAgo(-14) },
				{ key: 'a-forms', goalKey: 'g-home', description: 'Bring the tenancy and income papers to the housing meeting', category: 'housing', responsibleMemberId: s.aroha, dueOn: dateDaysAgo(-7) }
			]
		}
	});
	const parataPlan = await getPlan(at(10), workers.school, { caseId: s.parata });
	await updateAction(at(10), workers.school, { actionId: parataPlan.actions.find((a) => a.key === 'a-attend')!.id, status: 'in_progress', note: 'Nikau was at school four days out of five this week.' });
	await proposeHandover(at(2), coordinatorNorth, {
		caseId: s.parata,
		toAgencyId: housing,
		reason: 'Housing is now the whānau’s main need, and Kāinga Housing is working with them every week.',
		note: 'Losa will stay involved for the curtains and the school contact.'
	});

	// ── Tipene whānau: referred 200 days ago, two conferences, closed with the family’s feedback ──
	const referralId = await s.refer(200, workers.ngo, s.north, {
		...s.family('Tipene whānau', 'Awanui', [
			{ name: 'Mere Tipene', relationship: 'Mother', kind: 'caregiver', dateOfBirth: '1987-02-14', gender: 'female', school: null },
			{ name: 'Rongo Tipene', relationship: 'Son', kind: 'child', dateOfBirth: '2013-10-01', gender: 'male', school: 'Te Awa Primary School' }
		]),
		needs: ['health', 'education', 'income'],
		summary: 'Mere has been unwell and out of work; Rongo has fallen behind at school.'
	});
	const tipene = await s.acceptAll(196, coordinatorNorth, referralId, s.northCriteria);
	const mere = await memberId(app, tipene, 'Mere Tipene');
	await recordConsent(at(195), coordinatorNorth, { caseId: tipene, agencyId: ngo, decision: 'granted', scope: 'all', givenByMemberId: mere, method: 'signed_form' });
	await recordConsent(at(195), coordinatorNorth, { caseId: tipene, agencyId: health, decision: 'granted', scope: ['health'], givenByMemberId: mere, method: 'signed_form' });
	await recordConsent(at(195), coordinatorNorth, { caseId: tipene, agencyId: school, decision: 'granted', scope: ['education'], givenByMemberId: mere, method: 'signed_form' });
	const tipenePlan = (ratings: [number, number], baseVersion: number): SavePlanInput => ({
		caseId: tipene,
		baseVersion,
		goals: [
			{ key: 'g-health', text: 'Mere is well enough to go back to work', domain: 'health_wellbeing', category: 'health', rating: ratings[0] },
			{ key: 'g-school', text: 'Rongo catches up with his reading', domain: 'learning', category: 'education', rating: ratings[1] }
		],
		actions: [
			{ key: 'a-gp', goalKey: 'g-health', description: 'Regular GP reviews for Mere', category: 'health', responsibleAgencyId: health, dueOn: dateDaysAgo(150), status: baseVersion > 0 ? 'done' : undefined },
			{ key: 'a-reading', goalKey: 'g-school', description: 'Reading recovery sessions for Rongo', category: 'education', responsibleAgencyId: school, dueOn: dateDaysAgo(120), status: baseVersion > 0 ? 'done' : undefined },
			{ key: 'a-work', goalKey: 'g-health', description: 'Help Mere plan her return to work', category: 'income', responsibleAgencyId: ngo, dueOn: dateDaysAgo(100), status: baseVersion > 0 ? 'done' : undefined }
		]
	});
	await setLeadAgency(at(186), coordinatorNorth, { caseId: tipene, agencyId: ngo, leadWorkerId: workers.ngo.userId, reason: 'Mere asked for Losa, who she already knows' });
	await runConference(app, at, dateDaysAgo, coordinatorNorth, {
		caseId: tipene,
		kind: 'initial',
		daysAgo: 185,
		facilitatorId: facilitator,
		agencyIds: [ngo, health, school],
		memberIds: [mere],
		minutes: 'Mere set two goals in her own words.',
		plan: tipenePlan([2, 3], 0)
	});
	await runConference(app, at, dateDaysAgo, coordinatorNorth, {
		caseId: tipene,
		kind: 'review',
		daysAgo: 140,
		facilitatorId: facilitator,
		agencyIds: [ngo],
		memberIds: [mere],
		minutes: 'Both goals well on the way.',
		plan: tipenePlan([7, 8], 1)
	});
	await writeClosingReport(at(60), workers.ngo, {
		caseId: tipene,
		report: 'Mere is back at work three days a week and Rongo reads at his age level. The whānau feel confident to carry on without coordinated support.'
	});
	await closeCase(at(59), coordinatorNorth, {
		caseId: tipene,
		reason: 'goals_met',
		feedback: [
			{ questionKey: 'listened_to', answer: 'Yes. Everyone listened to what we wanted.' },
			{ questionKey: 'plan_helped', answer: 'Yes, having one plan made it easier.' }
		]
	});
}

/** Schedules a conference for 10:00 local time `daysAgo` days ago, invites, records everyone present, holds it. */
async function runConference(
	app: App,
	at: (daysAgo: number) => App,
	dateDaysAgo: (days: number) => string,
	coordinator: Actor,
	s: { caseId: string; kind: 'initial' | 'review'; daysAgo: number; facilitatorId: string; agencyIds: string[]; memberIds: string[]; plan: SavePlanInput; minutes: string }
) {
	const { id } = await scheduleConference(at(s.daysAgo + 3), coordinator, {
		caseId: s.caseId,
		kind: s.kind,
		date: dateDaysAgo(s.daysAgo),
		time: '10:00',
		location: 'Whānau Tautoko Trust, Kaitāia',
		facilitatorId: s.facilitatorId
	});
	await inviteToConference(at(s.daysAgo + 2), coordinator, { conferenceId: id, agencyIds: s.agencyIds, workerIds: [], familyMemberIds: s.memberIds, supportPeople: [] });
	const { version } = await savePlan(at(s.daysAgo + 1), coordinator, s.plan);
	const invitees = (await listConferences(at(s.daysAgo), coordinator, s.caseId)).conferences.find((c) => c.id === id)!.invitees;
	await recordAttendance(at(s.daysAgo), coordinator, {
		conferenceId: id,
		attendance: invitees.map((i) => ({ inviteeId: i.id, attendance: 'present' as const })),
		minutes: s.minutes,
		decisions: 'The plan below was agreed by everyone present.'
	});
	await holdConference(at(s.daysAgo), coordinator, { conferenceId: id, planVersion: version });
	void app;
}

async function memberId(app: App, caseId: string, name: string): Promise<string> {
	const row = await app.db
		.selectFrom('family_case')
		.innerJoin('family_member', 'family_member.family_id', 'family_case.family_id')
		.select('family_member.id')
		.where('family_case.id', '=', caseId)
		.where('family_member.name', '=', name)
		.executeTakeFirstOrThrow();
	return row.id;
}
