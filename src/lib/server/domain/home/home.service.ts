import type { App } from '../../app';
import { hasRole, lmgIdsWhere, type Actor } from '../actor';
import { findAgencyWithLmgs, findLmgsByIds } from '../organisation/organisation.repository';
import { findCurrentProtocolVersions } from '../protocol/protocol.repository';
import { countUnreadNotifications } from '../notification/notification.service';

/**
 * What each person sees first: the places they work in and what is waiting for them.
 * Each part is present only for a role the person holds.
 */
export async function homeFor(app: App, actor: Actor) {
	const db = app.db;
	const lmgsFor = async (role: 'coordinator' | 'lmg_admin') => {
		const ids = lmgIdsWhere(actor, role);
		const [lmgs, protocols] = await Promise.all([findLmgsByIds(db, ids), findCurrentProtocolVersions(db, ids)]);
		return lmgs.map((l) => ({
			id: l.id,
			name: l.name,
			timezone: l.timezone,
			protocolVersion: protocols.find((p) => p.lmg_id === l.id)?.version ?? null
		}));
	};

	return {
		unreadNotifications: await countUnreadNotifications(app, actor),
		coordinator: hasRole(actor, 'coordinator')
			? { lmgs: await lmgsFor('coordinator'), referralsToAssess: await countReferrals(app, { lmgIds: lmgIdsWhere(actor, 'coordinator') }) }
			: null,
		lmgAdmin: hasRole(actor, 'lmg_admin') ? { lmgs: await lmgsFor('lmg_admin') } : null,
		agencyWorker:
			hasRole(actor, 'agency_worker') && actor.agencyId
				? { agency: (await findAgencyWithLmgs(db, actor.agencyId)) ?? null, openReferrals: await countReferrals(app, { referrerId: actor.userId }) }
				: null,
		admin: hasRole(actor, 'admin') ? await adminCounts(app) : null,
		family: hasRole(actor, 'family') && actor.familyMemberId ? await familySummary(app, actor.familyMemberId) : null
	};
}

/** Referrals not yet decided: in the coordinator's LMGs, or made by this worker. */
async function countReferrals(app: App, scope: { lmgIds: string[] } | { referrerId: string }) {
	if ('lmgIds' in scope && scope.lmgIds.length === 0) return 0;
	const open = app.db
		.selectFrom('referral')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('status', 'in', ['submitted', 'under_assessment']);
	const scoped = 'lmgIds' in scope ? open.where('lmg_id', 'in', scope.lmgIds) : open.where('referring_user_id', '=', scope.referrerId);
	return Number((await scoped.executeTakeFirstOrThrow()).n);
}

async function adminCounts(app: App) {
	const count = async (table: 'region' | 'lmg' | 'agency') =>
		Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const activeUsers = await app.db
		.selectFrom('app_user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('disabled_at', 'is', null)
		.executeTakeFirstOrThrow();
	return { regions: await count('region'), lmgs: await count('lmg'), agencies: await count('agency'), activeUsers: Number(activeUsers.n) };
}

/** The family's own case: who they are to Tautoko and who coordinates for them. */
async function familySummary(app: App, familyMemberId: string) {
	const row = await app.db
		.selectFrom('family_member')
		.innerJoin('family', 'family.id', 'family_member.family_id')
		.innerJoin('family_case', 'family_case.family_id', 'family.id')
		.innerJoin('lmg', 'lmg.id', 'family_case.lmg_id')
		.leftJoin('app_user as coordinator', 'coordinator.id', 'family_case.coordinator_id')
		.select([
			'family_member.name as member_name',
			'family.label as family_label',
			'family_case.status',
			'lmg.name as lmg_name',
			'coordinator.name as coordinator_name',
			'coordinator.email as coordinator_email'
		])
		.where('family_member.id', '=', familyMemberId)
		.orderBy('family_case.opened_at', 'desc')
		.executeTakeFirst();
	if (!row) return null;
	return {
		memberName: row.member_name,
		familyLabel: row.family_label,
		caseStatus: row.status,
		lmgName: row.lmg_name,
		coordinator: row.coordinator_name ? { name: row.coordinator_name, email: row.coordinator_email } : null
	};
}
