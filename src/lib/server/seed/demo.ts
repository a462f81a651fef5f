import type { App } from '../app';
import type { Db, Executor } from '../db';
import type { AgencyKind, AgencySector, Role } from '../db/schema';
import { insertAgency, insertLmg, insertLmgAgency, insertRegion } from '../domain/organisation/organisation.repository';
import { insertPublishedProtocolVersion } from '../domain/protocol/protocol.repository';
import { defaultProtocol, type ProtocolDocument } from '../domain/protocol/protocol.schema';
import { insertUser } from '../domain/users/users.repository';
import { seedCasework } from './demo-casework';

/** Every demo account's password (DESIGN.md); the README lists the accounts. */
export const DEMO_PASSWORD = 'tautoko-demo-2026';

export async function databaseIsEmpty(db: Db): Promise<boolean> {
	const anyone = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
	return anyone === undefined;
}

/** Te Awa North: the default protocol, then a second version with a kaupapa Māori criterion and six-weekly reviews. */
function teAwaNorthProtocol(): ProtocolDocument {
	const base = defaultProtocol();
	return {
		...base,
		referralCriteria: [
			...base.referralCriteria,
			{ key: 'kaupapa_maori_offered', text: 'The whānau has been offered a kaupapa Māori provider', required: false }
		],
		reviewIntervalWeeks: 6,
		closureReasons: [
			...base.closureReasons,
			{ key: 'transferred_to_iwi_service', label: 'Support continues through an iwi service' }
		],
		accessLogShowsStaffNames: true
	};
}

/** Southern Lakes: calendar-day targets, ten-weekly reviews, its own criteria and closure reasons. */
function southernLakesProtocol(): ProtocolDocument {
	const base = defaultProtocol();
	return {
		...base,
		referralCriteria: [
			{ key: 'two_or_more_agencies', text: 'At least two agencies are needed to meet the family’s needs', required: true },
			{ key: 'family_agrees', text: 'The family agrees to the referral', required: true },
			{ key: 'not_statutory', text: 'No statutory care-and-protection response is needed', required: true },
			{ key: 'school_age_child', text: 'There is a child of school age in the family', required: false }
		],
		targets: {
			referralToDecision: { amount: 10, unit: 'days' },
			acceptanceToFirstConference: { amount: 28, unit: 'days' }
		},
		reviewIntervalWeeks: 10,
		maxCaseLengthMonths: 9,
		facilitatorMustBeIndependent: false,
		closureReasons: [
			{ key: 'plan_completed', label: 'The plan was completed' },
			{ key: 'family_withdrew', label: 'The family chose to stop' },
			{ key: 'no_longer_eligible', label: 'The family no longer meets the criteria' }
		]
	};
}

type AgencySeed = { key: string; name: string; kind: AgencyKind; sector: AgencySector; lmgs: string[] };

const agencies: AgencySeed[] = [
	{ key: 'health', name: 'Awa Health Services', kind: 'health', sector: 'government', lmgs: ['north', 'south'] },
	{ key: 'school', name: 'Te Awa Primary School', kind: 'education', sector: 'government', lmgs: ['north'] },
	{ key: 'police', name: 'Police – Awa and Lakes Area', kind: 'police', sector: 'government', lmgs: ['north', 'south'] },
	{ key: 'ngo', name: 'Whānau Tautoko Trust', kind: 'ngo', sector: 'non_government', lmgs: ['north'] },
	{ key: 'housing_north', name: 'Kāinga Housing Support', kind: 'housing', sector: 'non_government', lmgs: ['north'] },
	{ key: 'income', name: 'Income Support – Te Awa Service Centre', kind: 'income', sector: 'government', lmgs: ['north', 'south'] },
	{ key: 'cp', name: 'Care and Protection Services', kind: 'care_and_protection', sector: 'government', lmgs: ['north', 'south'] },
	{ key: 'maori', name: 'Te Rūnanga Hauora Māori', kind: 'maori_provider', sector: 'non_government', lmgs: ['north'] },
	{ key: 'pacific', name: 'Pasifika Family Services', kind: 'pacific_provider', sector: 'non_government', lmgs: ['north', 'south'] },
	{ key: 'lakes_school', name: 'Lakes High School', kind: 'education', sector: 'government', lmgs: ['south'] },
	{ key: 'lakes_housing', name: 'Lakes Housing Trust', kind: 'housing', sector: 'non_government', lmgs: ['south'] },
	{ key: 'lakes_ngo', name: 'Southern Family Support', kind: 'ngo', sector: 'non_government', lmgs: ['south'] },
	{ key: 'chatham_health', name: 'Chatham Islands Health Centre', kind: 'health', sector: 'government', lmgs: ['chatham'] }
];

type UserSeed = { email: string; name: string; roles: { role: Role; lmg?: string }[]; agency?: string };

const users: UserSeed[] = [
	{ email: 'admin@demo.tautoko.nz', name: 'Mere Administrator', roles: [{ role: 'admin' }] },
	{ email: 'coordinator.north@demo.tautoko.nz', name: 'Hemi Walker', roles: [{ role: 'coordinator', lmg: 'north' }] },
	{ email: 'coordinator.south@demo.tautoko.nz', name: 'Sarah McKenzie', roles: [{ role: 'coordinator', lmg: 'south' }] },
	{ email: 'coordinator.chatham@demo.tautoko.nz', name: 'Tom Tuuta', roles: [{ role: 'coordinator', lmg: 'chatham' }] },
	{ email: 'lmg.north@demo.tautoko.nz', name: 'Ruth Kingi', roles: [{ role: 'lmg_admin', lmg: 'north' }] },
	{ email: 'lmg.south@demo.tautoko.nz', name: 'Graham Duncan', roles: [{ role: 'lmg_admin', lmg: 'south' }] },
	{ email: 'worker.health@demo.tautoko.nz', name: 'Priya Sharma', roles: [{ role: 'agency_worker' }], agency: 'health' },
	{ email: 'worker.school@demo.tautoko.nz', name: 'Anna Fraser', roles: [{ role: 'agency_worker' }], agency: 'school' },
	{ email: 'worker.police@demo.tautoko.nz', name: 'Wiremu Hohaia', roles: [{ role: 'agency_worker' }], agency: 'police' },
	{ email: 'worker.ngo@demo.tautoko.nz', name: 'Losa Faleolo', roles: [{ role: 'agency_worker' }], agency: 'ngo' },
	{ email: 'worker.housing@demo.tautoko.nz', name: 'Ben Carter', roles: [{ role: 'agency_worker' }], agency: 'housing_north' },
	{ email: 'worker.maori@demo.tautoko.nz', name: 'Kiri Te Rangi', roles: [{ role: 'agency_worker' }], agency: 'maori' },
	{ email: 'worker.income@demo.tautoko.nz', name: 'Daniel Ng', roles: [{ role: 'agency_worker' }], agency: 'income' },
	{ email: 'worker.lakes@demo.tautoko.nz', name: 'Fiona Grant', roles: [{ role: 'agency_worker' }], agency: 'lakes_ngo' },
	{
		email: 'facilitator.north@demo.tautoko.nz',
		name: 'Tania Rewi',
		// A Pacific provider's worker who also facilitates conferences for the LMG.
		roles: [{ role: 'agency_worker' }],
		agency: 'pacific'
	}
];

/**
 * Demo data for trying every role at once. Written through the repositories in one
 * transaction; passwords are hashed first, outside it (argon2 must not hold the write lock).
 */
export async function seedDemoData(app: App): Promise<void> {
	const at = app.clock.now();
	const hashes = new Map<string, string>();
	for (const user of [...users, familyUser]) hashes.set(user.email, await app.passwords.hash(DEMO_PASSWORD));

	await app.db.transaction().execute(async (trx) => {
		const regionIds = { north: crypto.randomUUID(), south: crypto.randomUUID() };
		await insertRegion(trx, { id: regionIds.north, name: 'Northern', at });
		await insertRegion(trx, { id: regionIds.south, name: 'Southern', at });

		const lmgIds: Record<string, string> = { north: crypto.randomUUID(), south: crypto.randomUUID(), chatham: crypto.randomUUID() };
		await insertLmg(trx, { id: lmgIds.north, regionId: regionIds.north, name: 'Te Awa North', timezone: 'Pacific/Auckland', at });
		await insertLmg(trx, { id: lmgIds.south, regionId: regionIds.south, name: 'Southern Lakes', timezone: 'Pacific/Auckland', at });
		await insertLmg(trx, { id: lmgIds.chatham, regionId: regionIds.south, name: 'Wharekauri Chatham Islands', timezone: 'Pacific/Chatham', at });

		const agencyIds: Record<string, string> = {};
		for (const agency of agencies) {
			agencyIds[agency.key] = crypto.randomUUID();
			await insertAgency(trx, { id: agencyIds[agency.key], name: agency.name, kind: agency.kind, sector: agency.sector, at });
			for (const lmg of agency.lmgs) await insertLmgAgency(trx, { lmgId: lmgIds[lmg], agencyId: agencyIds[agency.key], at });
		}

		const userIds: Record<string, string> = {};
		for (const user of users) {
			userIds[user.email] = crypto.randomUUID();
			await insertUser(trx, {
				id: userIds[user.email],
				email: user.email,
				name: user.name,
				passwordHash: hashes.get(user.email)!,
				agencyId: user.agency ? agencyIds[user.agency] : null,
				roles: user.roles.map((r) => ({ role: r.role, lmgId: r.lmg ? lmgIds[r.lmg] : null })),
				createdAt: at
			});
		}

		const protocols = await seedProtocols(trx, lmgIds, userIds, at);
		await seedFamilyCase(trx, { lmgIds, agencyIds, userIds, protocols, hashes, at });
	});
	await seedCasework(app);
}

async function seedProtocols(trx: Executor, lmgIds: Record<string, string>, userIds: Record<string, string>, at: Date) {
	const monthsAgo = (n: number) => new Date(at.getTime() - n * 30 * 86_400_000);
	const versions = {
		northV1: crypto.randomUUID(),
		northV2: crypto.randomUUID(),
		south: crypto.randomUUID(),
		chatham: crypto.randomUUID()
	};
	const northAdmin = userIds['lmg.north@demo.tautoko.nz'];
	const southAdmin = userIds['lmg.south@demo.tautoko.nz'];
	await insertPublishedProtocolVersion(trx, { id: versions.northV1, lmgId: lmgIds.north, version: 1, document: defaultProtocol(), changeNote: 'Started from the default protocol', publishedBy: northAdmin, at: monthsAgo(10) });
	await insertPublishedProtocolVersion(trx, { id: versions.northV2, lmgId: lmgIds.north, version: 2, document: teAwaNorthProtocol(), changeNote: 'Six-weekly reviews; offer of a kaupapa Māori provider recorded at referral', publishedBy: northAdmin, at: monthsAgo(4) });
	await insertPublishedProtocolVersion(trx, { id: versions.south, lmgId: lmgIds.south, version: 1, document: southernLakesProtocol(), changeNote: 'The Southern Lakes protocol agreed at the LMG’s first meeting', publishedBy: southAdmin, at: monthsAgo(9) });
	await insertPublishedProtocolVersion(trx, { id: versions.chatham, lmgId: lmgIds.chatham, version: 1, document: defaultProtocol(), changeNote: 'Started from the default protocol', publishedBy: null, at: monthsAgo(6) });
	return versions;
}

const familyUser = { email: 'family@demo.tautoko.nz', name: 'Aroha Parata' };

/** The Parata whānau: an active Te Awa North case, so the family account has its own case from the start. */
async function seedFamilyCase(
	trx: Executor,
	s: {
		lmgIds: Record<string, string>;
		agencyIds: Record<string, string>;
		userIds: Record<string, string>;
		protocols: { northV2: string };
		hashes: Map<string, string>;
		at: Date;
	}
) {
	const daysAgo = (n: number) => new Date(s.at.getTime() - n * 86_400_000);
	const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
	const familyId = crypto.randomUUID();
	await trx
		.insertInto('family')
		.values({
			id: familyId,
			lmg_id: s.lmgIds.north,
			label: 'Parata whānau',
			area: 'Awanui',
			languages_json: JSON.stringify(['English', 'te reo Māori']),
			interpreter_needed: 0,
			cultural_identity: 'Māori',
			iwi: 'Ngāti Kahu',
			created_at: daysAgo(60).toISOString()
		})
		.execute();
	const members = [
		{ id: crypto.randomUUID(), name: 'Aroha Parata', date_of_birth: '1989-04-12', gender: 'female', relationship: 'Mother', member_kind: 'caregiver' as const, school: null },
		{ id: crypto.randomUUID(), name: 'Nikau Parata', date_of_birth: '2016-09-03', gender: 'male', relationship: 'Son', member_kind: 'child' as const, school: 'Te Awa Primary School' },
		{ id: crypto.randomUUID(), name: 'Mareikura Parata', date_of_birth: '2019-02-21', gender: 'female', relationship: 'Daughter', member_kind: 'child' as const, school: 'Te Awa Kindergarten' }
	];
	for (const m of members) await trx.insertInto('family_member').values({ ...m, family_id: familyId, created_at: daysAgo(60).toISOString() }).execute();

	const referralId = crypto.randomUUID();
	await trx
		.insertInto('referral')
		.values({
			id: referralId,
			lmg_id: s.lmgIds.north,
			family_id: familyId,
			referring_agency_id: s.agencyIds.school,
			referring_user_id: s.userIds['worker.school@demo.tautoko.nz'],
			protocol_version_id: s.protocols.northV2,
			needs_json: JSON.stringify(['education', 'housing', 'health']),
			summary: 'Nikau is missing school often; the whānau is in overcrowded housing and Aroha has asked for help with her health.',
			agreement_on: dateOnly(daysAgo(62)),
			agreement_method: 'signed_form',
			status: 'accepted',
			decision_reason: null,
			decided_by: s.userIds['coordinator.north@demo.tautoko.nz'],
			decided_at: daysAgo(58).toISOString(),
			withdrawn_at: null,
			submitted_at: daysAgo(60).toISOString(),
			created_at: daysAgo(60).toISOString()
		})
		.execute();

	const caseId = crypto.randomUUID();
	await trx
		.insertInto('family_case')
		.values({
			id: caseId,
			reference: 'TAN-2026-0001',
			lmg_id: s.lmgIds.north,
			family_id: familyId,
			referral_id: referralId,
			protocol_version_id: s.protocols.northV2,
			status: 'active',
			needs_lead_agency: 0,
			coordinator_id: s.userIds['coordinator.north@demo.tautoko.nz'],
			lead_agency_id: s.agencyIds.ngo,
			lead_worker_id: s.userIds['worker.ngo@demo.tautoko.nz'],
			facilitator_id: s.userIds['facilitator.north@demo.tautoko.nz'],
			opened_at: daysAgo(58).toISOString(),
			next_review_on: dateOnly(daysAgo(-20)),
			first_conference_due_on: dateOnly(daysAgo(37)),
			closed_at: null,
			closure_reason: null,
			closing_report: null,
			updated_at: daysAgo(30).toISOString(),
			created_at: daysAgo(58).toISOString()
		})
		.execute();

	const consents = [
		{ agency: 'ngo', scopeAll: 1, categories: [] as string[] },
		{ agency: 'school', scopeAll: 0, categories: ['education'] },
		{ agency: 'health', scopeAll: 0, categories: ['health'] },
		{ agency: 'housing_north', scopeAll: 0, categories: ['housing', 'income'] }
	];
	for (const c of consents) {
		await trx.insertInto('case_agency').values({ case_id: caseId, agency_id: s.agencyIds[c.agency], added_by: s.userIds['coordinator.north@demo.tautoko.nz'], added_at: daysAgo(57).toISOString() }).execute();
		await trx
			.insertInto('consent_event')
			.values({
				id: crypto.randomUUID(),
				case_id: caseId,
				agency_id: s.agencyIds[c.agency],
				state: 'granted',
				scope_all: c.scopeAll,
				categories_json: JSON.stringify(c.categories),
				given_by_member_id: members[0].id,
				recorded_by: s.userIds['coordinator.north@demo.tautoko.nz'],
				method: 'signed_form',
				valid_from: daysAgo(57).toISOString(),
				valid_until: daysAgo(57 - 365).toISOString(),
				note: null,
				created_at: daysAgo(57).toISOString()
			})
			.execute();
	}

	await insertUser(trx, {
		id: crypto.randomUUID(),
		email: familyUser.email,
		name: familyUser.name,
		passwordHash: s.hashes.get(familyUser.email)!,
		agencyId: null,
		familyMemberId: members[0].id,
		roles: [{ role: 'family', lmgId: null }],
		createdAt: daysAgo(50)
	});
}
