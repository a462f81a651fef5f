import { DEMO_PASSWORD } from '../../../src/lib/server/seed/demo';
import { demo, idOf, referralFor } from './journeys';
import type { TestApp } from './test-app';

/**
 * The people of the authorization matrix, each by their relationship to one case: the Parata
 * whānau's (TAN-2026-0001, active, Te Awa North), as the demo data and `buildMatrixWorld` leave it.
 * Some people hold two relationships at once; each column says which, and the rows expect both.
 */
export const columns = {
	anonymous: { email: null, is: 'no session at all' },
	admin: { email: demo.admin, is: 'system administrator' },
	lmgAdminHere: { email: demo.lmgNorth, is: 'LMG member of Te Awa North, the case’s LMG' },
	lmgAdminElsewhere: { email: 'lmg.south@demo.tautoko.nz', is: 'LMG member of Southern Lakes' },
	coordinatorHere: { email: demo.coordinatorNorth, is: 'coordinator of Te Awa North' },
	coordinatorElsewhere: { email: demo.coordinatorSouth, is: 'coordinator of Southern Lakes' },
	leadWorker: { email: demo.ngo, is: 'lead worker; the lead agency (Whānau Tautoko Trust) holds consent to all information' },
	fullConsent: { email: 'colleague.ngo@matrix.test', is: 'another worker of the lead agency: consent to all information, not the lead worker' },
	partialConsent: { email: demo.health, is: 'Awa Health Services: consent to health only; responsible for the physiotherapy action' },
	withdrawnConsent: { email: demo.police, is: 'Police: consent granted, then withdrawn' },
	expiredConsent: { email: 'worker.income@demo.tautoko.nz', is: 'Income Support: consent that ended three days ago' },
	noConsent: { email: 'worker.maori@demo.tautoko.nz', is: 'Te Rūnanga Hauora Māori: a member agency of the LMG that never had consent' },
	handoverRecipient: { email: demo.housing, is: 'Kāinga Housing Support: consent to housing and income; the proposed new lead agency' },
	referrer: { email: demo.school, is: 'Te Awa Primary School: consent to education only; made the case’s referral and the open one' },
	facilitator: { email: 'facilitator.north@demo.tautoko.nz', is: 'Pasifika Family Services: consent to all information; facilitates the scheduled conference' },
	familyHere: { email: demo.family, is: 'Aroha Parata, the family’s portal account' },
	familyElsewhere: { email: 'aimee@matrix.test', is: 'Aimee McDonald, portal account of a Southern Lakes case' }
} as const;

export type Column = keyof typeof columns;
export const columnNames = Object.keys(columns) as Column[];

export type World = Awaited<ReturnType<typeof buildMatrixWorld>>['world'];

async function userId(t: TestApp, email: string) {
	return (await t.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

async function memberOf(t: TestApp, caseId: string, name: string) {
	return (
		await t.db
			.selectFrom('family_case')
			.innerJoin('family_member', 'family_member.family_id', 'family_case.family_id')
			.select('family_member.id')
			.where('family_case.id', '=', caseId)
			.where('family_member.name', '=', name)
			.executeTakeFirstOrThrow()
	).id;
}

/**
 * Everything the matrix's calls point at, made through the procedures people use: the demo data,
 * plus two more accounts, Pasifika's consent, a conference ready to hold, a closing report, a newer
 * protocol and a draft, an open referral, an unused invitation, and the McDonald family's account.
 * Returns the ids and a session token for every column.
 */
export async function buildMatrixWorld(t: TestApp) {
	const as = async (email: string) => (await t.signedIn(email)).caller();
	const caseId = (await t.db.selectFrom('family_case').select('id').where('reference', '=', 'TAN-2026-0001').executeTakeFirstOrThrow()).id;
	const otherCaseId = (
		await t.db.selectFrom('family_case').innerJoin('family', 'family.id', 'family_case.family_id').select('family_case.id').where('family.label', '=', 'McDonald family').executeTakeFirstOrThrow()
	).id;
	const lmgId = await idOf(t, 'lmg', 'Te Awa North');
	const agencies = {
		ngo: await idOf(t, 'agency', 'Whānau Tautoko Trust'),
		health: await idOf(t, 'agency', 'Awa Health Services'),
		police: await idOf(t, 'agency', 'Police – Awa and Lakes Area'),
		maori: await idOf(t, 'agency', 'Te Rūnanga Hauora Māori'),
		pacific: await idOf(t, 'agency', 'Pasifika Family Services'),
		careAndProtection: await idOf(t, 'agency', 'Care and Protection Services'),
		lakesSchool: await idOf(t, 'agency', 'Lakes High School')
	};

	const admin = await as(demo.admin);
	const colleague = await admin.admin.createUser({ name: 'Hana Colleague', email: columns.fullConsent.email, password: DEMO_PASSWORD, agencyId: agencies.ngo, roles: [{ role: 'agency_worker' }] });
	const retired = await admin.admin.createUser({ name: 'Rua Retired', email: 'retired@matrix.test', password: DEMO_PASSWORD, agencyId: agencies.maori, roles: [{ role: 'agency_worker' }] });
	await admin.admin.disableUser({ userId: retired.id });

	const coordinator = await as(demo.coordinatorNorth);
	const arohaId = await memberOf(t, caseId, 'Aroha Parata');
	await coordinator.consent.record({ caseId, agencyId: agencies.pacific, decision: 'granted', scope: 'all', givenByMemberId: arohaId, method: 'signed_form' });
	const hemi = await coordinator.family.addMember({ caseId, member: { name: 'Hemi Parata', relationship: 'Father', kind: 'caregiver', dateOfBirth: '1986-01-30', gender: 'male', school: null } });
	const { code: joinCode } = await coordinator.family.invite({ caseId, familyMemberId: hemi.id });

	// The McDonald family joins the portal the way a family does: an invitation, then the code.
	const south = await as(demo.coordinatorSouth);
	const { code: aimeeCode } = await south.family.invite({ caseId: otherCaseId, familyMemberId: await memberOf(t, otherCaseId, 'Aimee McDonald') });
	await (await t.browser().caller()).family.join({ code: aimeeCode, email: columns.familyElsewhere.email, password: DEMO_PASSWORD });

	// A review conference ready to hold: scheduled, invitations sent, everyone's attendance recorded.
	const facilitatorId = await userId(t, columns.facilitator.email);
	const { id: conferenceId } = await coordinator.conference.schedule({ caseId, kind: 'review', date: '2026-12-10', time: '10:00', location: 'Awanui marae', facilitatorId });
	await coordinator.conference.invite({ conferenceId, agencyIds: [agencies.ngo, agencies.health, agencies.pacific], familyMemberIds: [arohaId] });
	const invitees = (await coordinator.conference.list({ caseId })).conferences.find((c) => c.id === conferenceId)!.invitees;
	await coordinator.conference.recordAttendance({ conferenceId, attendance: invitees.map((i) => ({ inviteeId: i.id, attendance: 'present' as const })) });

	// The lead worker's closing report, so that the coordinator may close the case.
	await (await as(demo.ngo)).case.writeClosingReport({ caseId, report: 'The whānau is settled and the plan’s goals are nearly met; they are ready to carry on without coordination.' });

	// A newer protocol (so the case can be moved onto it), then a draft to publish or discard.
	const lmgAdmin = await as(demo.lmgNorth);
	const protocolDocument = (await lmgAdmin.protocol.get({ lmgId })).current.document;
	await lmgAdmin.protocol.saveDraft({ lmgId, document: protocolDocument });
	await lmgAdmin.protocol.publish({ lmgId, changeNote: 'Version 3 for the authorization matrix' });
	await lmgAdmin.protocol.saveDraft({ lmgId, document: protocolDocument });
	const protocolFile = JSON.stringify(await lmgAdmin.protocol.export({ lmgId }));

	const { id: openReferralId } = await (await as(demo.school)).referral.create(referralFor(lmgId, { family: { ...referralFor(lmgId).family, label: 'Waiting whānau' } }));

	const handoverId = (await t.db.selectFrom('handover').select('id').where('case_id', '=', caseId).where('status', '=', 'proposed').executeTakeFirstOrThrow()).id;
	const physioActionId = (
		await t.db
			.selectFrom('plan_action as a')
			.innerJoin('action_plan as p', 'p.id', 'a.plan_id')
			.select('a.id')
			.where('p.case_id', '=', caseId)
			.where('a.action_key', '=', 'a-physio')
			.orderBy('p.version', 'desc')
			.executeTakeFirstOrThrow()
	).id;
	const coordinatorId = await userId(t, demo.coordinatorNorth);
	const notificationId = (
		await t.db.selectFrom('notification').select('id').where('user_id', '=', coordinatorId).where('read_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirstOrThrow()
	).id;

	const tokens = {} as Record<Column, string | null>;
	const userIds = {} as Record<Column, string | null>;
	for (const [column, { email }] of Object.entries(columns) as [Column, { email: string | null }][]) {
		tokens[column] = email ? (await t.signedIn(email)).token : null;
		userIds[column] = email ? await userId(t, email) : null;
	}

	const world = {
		caseId,
		otherCaseId,
		lmgId,
		regionId: (await t.db.selectFrom('lmg').select('region_id').where('id', '=', lmgId).executeTakeFirstOrThrow()).region_id,
		agencies,
		arohaId,
		hemiId: hemi.id,
		colleagueId: colleague.id,
		retiredId: retired.id,
		lakesWorkerId: await userId(t, 'worker.lakes@demo.tautoko.nz'),
		schoolWorkerId: await userId(t, demo.school),
		housingWorkerId: await userId(t, demo.housing),
		facilitatorId,
		conferenceId,
		handoverId,
		physioActionId,
		notificationId,
		openReferralId,
		caseReferralId: (await t.db.selectFrom('family_case').select('referral_id').where('id', '=', caseId).executeTakeFirstOrThrow()).referral_id,
		joinCode,
		protocolDocument,
		protocolFile
	};
	return { world, tokens, userIds };
}

/** The same world with every id replaced by one that exists nowhere: what "no such record" looks like. */
export function ghostOf(world: World): World {
	const ghost = (value: unknown): unknown => {
		if (typeof value === 'string') return `no-such-${value}`;
		if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ghost(v)]));
		return value;
	};
	return { ...(ghost(world) as World), protocolDocument: world.protocolDocument };
}
