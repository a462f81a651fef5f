import type { Role } from '../db/schema';

export type { Role };

/** One role a user holds; coordinators and LMG admins hold theirs for a particular LMG. */
export type RoleGrant = { role: Role; lmgId: string | null };

/** The signed-in person a service acts for. Built from the session, never from client input. */
export type Actor = {
	userId: string;
	email: string;
	name: string;
	agencyId: string | null;
	familyMemberId: string | null;
	roles: RoleGrant[];
	/**
	 * The network address of the request they act through (adapter-node's, behind the proxies it is
	 * told to trust), for the audit rows the services write. Absent outside a request (the seed).
	 */
	address?: string;
};

export function hasRole(actor: Actor, role: Role): boolean {
	return actor.roles.some((grant) => grant.role === role);
}

/** The LMGs in which the actor holds `role` (coordinator, lmg_admin). */
export function lmgIdsWhere(actor: Actor, role: Role): string[] {
	return actor.roles.filter((g) => g.role === role && g.lmgId !== null).map((g) => g.lmgId!);
}

/** Which home a person lands on when they hold several roles: the most specific work first. */
const homePrecedence: Role[] = ['coordinator', 'agency_worker', 'lmg_admin', 'admin', 'family'];

export function primaryRole(actor: Actor): Role | null {
	return homePrecedence.find((role) => hasRole(actor, role)) ?? null;
}

export const roleLabels: Record<Role, string> = {
	admin: 'System administrator',
	lmg_admin: 'LMG member',
	coordinator: 'Coordinator',
	agency_worker: 'Agency worker',
	family: 'Family member'
};
