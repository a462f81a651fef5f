import type { App } from '../app';
import { ManualClock } from '../clock';
import type { Actor } from '../domain/actor';
import { addNote } from '../domain/case/case.service';
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
	await refer(3, workers.lakes, south, {
		...family('Tupou family', 'Frankton', [{ name: 'Sione Tupou', relationship: 'Father', kind: 'caregiver', dateOfBirth: '1983-05-05', gender: 'male', school: null }], {
			languages: ['Tongan', 'English'],
			interpreterNeeded: true,
			culturalIdentity: 'Tongan'
		}),
		needs: ['income', 'health', 'housing'],
		summary: 'Sione was injured at work; the family’s income has stopped and the rent is overdue.'
	});
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
