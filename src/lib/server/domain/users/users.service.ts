import type { App } from '../../app';
import { invalidateUserSessions } from '../../auth/session';
import type { Actor, Role } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { agencyExists, findLmgIds } from '../organisation/organisation.repository';
import * as repo from './users.repository';
import { listUsersInput, type CreateUserInput, type DisableUserInput, type ListUsersInput } from './users.schema';

export async function createUser(app: App, actor: Actor, input: CreateUserInput) {
	const id = crypto.randomUUID();
	const agencyId = input.roles.some((g) => g.role === 'agency_worker') ? (input.agencyId ?? null) : null;
	const roles = input.roles.map((g) => ({
		role: g.role,
		lmgId: g.role === 'coordinator' || g.role === 'lmg_admin' ? (g.lmgId ?? null) : null
	}));
	// Hash before the transaction: SQLite serialises transactions, and argon2 takes ~10 ms.
	const passwordHash = await app.passwords.hash(input.password);
	const at = app.clock.now();
	await app.db.transaction().execute(async (trx) => {
		if (await repo.emailIsTaken(trx, input.email)) throw ValidationError.field('email', 'Someone already has an account with this email');
		if (agencyId && !(await agencyExists(trx, agencyId))) throw ValidationError.field('agencyId', 'Choose an agency from the list');
		const lmgIds = [...new Set(roles.flatMap((g) => (g.lmgId ? [g.lmgId] : [])))];
		if ((await findLmgIds(trx, lmgIds)).length !== lmgIds.length) throw ValidationError.field('roles', 'Choose LMGs from the list');
		await repo.insertUser(trx, { id, email: input.email, name: input.name, passwordHash, agencyId, roles, createdAt: at });
		await recordAudit(trx, { at, actor, role: 'admin', procedure: 'admin.createUser', outcome: 'allowed', detail: 'user' });
	});
	return { id };
}

/** Disabling ends every session the person has, at once; the account and its history stay. */
export async function disableUser(app: App, actor: Actor, input: DisableUserInput) {
	if (input.userId === actor.userId) throw ValidationError.field('userId', 'You cannot disable your own account');
	const at = app.clock.now();
	await app.db.transaction().execute(async (trx) => {
		const user = await repo.findUserStatus(trx, input.userId);
		if (!user) throw new NotFoundError('user');
		if (user.disabled_at !== null) throw new ConflictError('That account is already disabled.');
		await repo.markUserDisabled(trx, input.userId, at);
		await invalidateUserSessions(trx, input.userId);
		await recordAudit(trx, { at, actor, role: 'admin', procedure: 'admin.disableUser', outcome: 'allowed', detail: 'user' });
	});
}

/** Lets a disabled person sign in again; their old sessions stay ended. */
export async function enableUser(app: App, actor: Actor, input: DisableUserInput) {
	const at = app.clock.now();
	await app.db.transaction().execute(async (trx) => {
		const user = await repo.findUserStatus(trx, input.userId);
		if (!user) throw new NotFoundError('user');
		if (user.disabled_at === null) throw new ConflictError('That account is already active.');
		await repo.markUserEnabled(trx, input.userId);
		await recordAudit(trx, { at, actor, role: 'admin', procedure: 'admin.enableUser', outcome: 'allowed', detail: 'user' });
	});
}

export async function listUsers(app: App, input: ListUsersInput) {
	const { search, role, page, pageSize } = listUsersInput.parse(input);
	const { total, rows, grants } = await repo.listUsers(app.db, { search, role, limit: pageSize, offset: (page - 1) * pageSize });
	return {
		total,
		page,
		pageSize,
		users: rows.map((u) => ({
			id: u.id,
			name: u.name,
			email: u.email,
			agency: u.agency_name,
			disabled: u.disabled_at !== null,
			roles: grants.filter((g) => g.user_id === u.id).map((g) => ({ role: g.role as Role, lmg: g.lmg_name }))
		}))
	};
}

/** The administrator named by ADMIN_EMAIL / ADMIN_PASSWORD, created once if missing: how a real deployment starts. */
export async function ensureInitialAdmin(app: App, admin: { email: string; password: string }) {
	if (await repo.emailIsTaken(app.db, admin.email)) return;
	const at = app.clock.now();
	await repo.insertUser(app.db, {
		id: crypto.randomUUID(),
		email: admin.email,
		name: 'Administrator',
		passwordHash: await app.passwords.hash(admin.password),
		agencyId: null,
		roles: [{ role: 'admin', lmgId: null }],
		createdAt: at
	});
	await recordAudit(app.db, { at, procedure: 'system.createInitialAdmin', outcome: 'allowed', detail: 'user' });
	app.log.info('created the initial administrator from ADMIN_EMAIL');
}
