import { readTogether, type Executor } from '../../db';
import { holdInTransaction } from '../../db/locks';
import { containsIgnoringCase } from '../../db/portable';
import { preparedQuery } from '../../db/prepared';
import type { Role } from '../../db/schema';
import type { Actor, RoleGrant } from '../actor';

/** Emails are compared and stored lowercased; one spelling per person. */
export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Read on every signed-in request, with the session: prepared once (db/prepared.ts). */
const findRoleRows = preparedQuery((db, p: { userId: string }) => db.selectFrom('user_role').select(['role', 'lmg_id']).where('user_id', '=', p.userId));

async function findRoleGrants(db: Executor, userId: string): Promise<RoleGrant[]> {
	const rows = await findRoleRows(db, { userId });
	return rows.map((r) => ({ role: r.role, lmgId: r.lmg_id }));
}

/** The signed-in view of a user; disabled users have none. */
export async function findActorById(db: Executor, userId: string): Promise<Actor | undefined> {
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'email', 'name', 'agency_id', 'family_member_id'])
		.where('id', '=', userId)
		.where('disabled_at', 'is', null)
		.executeTakeFirst();
	if (!user) return undefined;
	return actorFromUser(db, user);
}

/** The signed-in view of a user row already read (and known not to be disabled): adds the roles. */
export async function actorFromUser(db: Executor, user: { id: string; email: string; name: string; agency_id: string | null; family_member_id: string | null }): Promise<Actor> {
	return {
		userId: user.id,
		email: user.email,
		name: user.name,
		agencyId: user.agency_id,
		familyMemberId: user.family_member_id,
		roles: await findRoleGrants(db, user.id)
	};
}

export async function findCredentialsByEmail(db: Executor, email: string) {
	return db
		.selectFrom('app_user')
		.select(['id', 'password_hash', 'disabled_at'])
		.where('email', '=', normaliseEmail(email))
		.executeTakeFirst();
}

/** Inside a transaction the answer holds until it ends (db/locks.ts), so an insert can follow a "no". */
export async function emailIsTaken(db: Executor, email: string): Promise<boolean> {
	await holdInTransaction(db, `email:${normaliseEmail(email)}`);
	const row = await db.selectFrom('app_user').select('id').where('email', '=', normaliseEmail(email)).executeTakeFirst();
	return row !== undefined;
}

export type NewUser = {
	id: string;
	email: string;
	name: string;
	passwordHash: string | null;
	agencyId: string | null;
	familyMemberId?: string | null;
	roles: RoleGrant[];
	createdAt: Date;
};

export async function insertUser(db: Executor, user: NewUser): Promise<void> {
	await db
		.insertInto('app_user')
		.values({
			id: user.id,
			email: normaliseEmail(user.email),
			name: user.name,
			password_hash: user.passwordHash,
			agency_id: user.agencyId,
			family_member_id: user.familyMemberId ?? null,
			disabled_at: null,
			password_changed_at: user.passwordHash ? user.createdAt.toISOString() : null,
			created_at: user.createdAt.toISOString()
		})
		.execute();
	if (user.roles.length > 0) {
		await db
			.insertInto('user_role')
			.values(
				user.roles.map((grant) => ({
					id: crypto.randomUUID(),
					user_id: user.id,
					role: grant.role,
					lmg_id: grant.lmgId,
					created_at: user.createdAt.toISOString()
				}))
			)
			.execute();
	}
}

export async function markUserDisabled(db: Executor, userId: string, at: Date): Promise<void> {
	await db.updateTable('app_user').set({ disabled_at: at.toISOString() }).where('id', '=', userId).execute();
}

export async function markUserEnabled(db: Executor, userId: string): Promise<void> {
	await db.updateTable('app_user').set({ disabled_at: null }).where('id', '=', userId).execute();
}

/** Inside a transaction the status holds until it ends (db/locks.ts): two administrators cannot both disable. */
export async function findUserStatus(db: Executor, userId: string) {
	await holdInTransaction(db, `user:${userId}`);
	return db.selectFrom('app_user').select(['id', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
}

export type UserListFilter = { search?: string; role?: Role; limit: number; offset: number };

/** Users for the admin list: no password hashes, ever. The page and its total come from one snapshot. */
export async function listUsers(db: Executor, filter: UserListFilter) {
	return readTogether(db, (db) => listUsersAsOfNow(db, filter));
}

async function listUsersAsOfNow(db: Executor, filter: UserListFilter) {
	let query = db.selectFrom('app_user').leftJoin('agency', 'agency.id', 'app_user.agency_id');
	if (filter.search) {
		const search = filter.search;
		query = query.where((eb) => eb.or([containsIgnoringCase('app_user.name', search), containsIgnoringCase('app_user.email', search)]));
	}
	if (filter.role) {
		const role = filter.role;
		query = query.where((eb) =>
			eb.exists(eb.selectFrom('user_role').select('user_role.id').where('user_role.user_id', '=', eb.ref('app_user.id')).where('user_role.role', '=', role))
		);
	}
	const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const rows = await query
		.select(['app_user.id', 'app_user.email', 'app_user.name', 'app_user.disabled_at', 'agency.name as agency_name'])
		.orderBy('app_user.name')
		.orderBy('app_user.id')
		.limit(filter.limit)
		.offset(filter.offset)
		.execute();
	const grants =
		rows.length === 0
			? []
			: await db
					.selectFrom('user_role')
					.leftJoin('lmg', 'lmg.id', 'user_role.lmg_id')
					.select(['user_role.user_id', 'user_role.role', 'lmg.name as lmg_name'])
					.where(
						'user_role.user_id',
						'in',
						rows.map((r) => r.id)
					)
					.execute();
	return { total: Number(total.n), rows, grants };
}
