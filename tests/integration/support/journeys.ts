import type { CreateReferralInput } from '../../../src/lib/server/domain/referral/referral.schema';
import type { TestApp } from './test-app';

export const demo = {
	admin: 'admin@demo.tautoko.nz',
	coordinatorNorth: 'coordinator.north@demo.tautoko.nz',
	coordinatorSouth: 'coordinator.south@demo.tautoko.nz',
	lmgNorth: 'lmg.north@demo.tautoko.nz',
	health: 'worker.health@demo.tautoko.nz',
	school: 'worker.school@demo.tautoko.nz',
	police: 'worker.police@demo.tautoko.nz',
	ngo: 'worker.ngo@demo.tautoko.nz',
	housing: 'worker.housing@demo.tautoko.nz',
	family: 'family@demo.tautoko.nz'
};

export async function idOf(t: TestApp, table: 'lmg' | 'agency', name: string) {
	return (await t.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

export function referralFor(lmgId: string, overrides: Partial<CreateReferralInput> = {}): CreateReferralInput {
	return {
		lmgId,
		family: { label: 'Tane whānau', area: 'Kaitāia', languages: ['English', 'te reo Māori'], interpreterNeeded: false, culturalIdentity: 'Māori', iwi: 'Te Rarawa' },
		members: [
			{ name: 'Hine Tane', relationship: 'Mother', kind: 'caregiver', dateOfBirth: '1990-05-01', gender: 'female', school: null },
			{ name: 'Ari Tane', relationship: 'Son', kind: 'child', dateOfBirth: '2017-08-12', gender: 'male', school: 'Te Awa Primary School' }
		],
		needs: ['education', 'health', 'housing'],
		summary: 'Ari has missed most of this term; Hine is unwell and the house is cold and damp.',
		agreement: { date: '2026-11-20', method: 'signed_form' },
		...overrides
	};
}

/** Refer, assess every criterion "yes", accept: an open case in Te Awa North, as the coordinator. */
export async function openCase(t: TestApp, options: { referrer?: string } = {}) {
	const lmgId = await idOf(t, 'lmg', 'Te Awa North');
	const referrer = await (await t.signedIn(options.referrer ?? demo.school)).caller();
	const { id: referralId } = await referrer.referral.create(referralFor(lmgId));
	const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
	const referral = await coordinator.referral.get({ referralId });
	await coordinator.referral.assess({ referralId, answers: referral.criteria.map((c) => ({ criterionKey: c.key, met: 'yes' as const })) });
	const decision = await coordinator.referral.decide({ referralId, decision: 'accept' });
	if (decision.decision !== 'accepted') throw new Error('expected acceptance');
	const caseRow = await coordinator.case.get({ caseId: decision.caseId });
	const adult = caseRow.members.find((m) => m.kind === 'caregiver')!;
	return { lmgId, referralId, caseId: decision.caseId, reference: decision.reference, coordinator, adultId: adult.id };
}
