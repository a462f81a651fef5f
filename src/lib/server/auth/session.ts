import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Executor } from '../db';
import { preparedLookup } from '../db/prepared';
import type { Actor } from '../domain/actor';
import { actorFromUser } from '../domain/users/users.repository';

/**
 * Sessions to Lucia's design: the browser holds a random token, the database only its SHA-256,
 * so a leaked database row cannot be replayed as a cookie.
 */
export const SESSION_COOKIE = 'tautoko_session';

export type SessionLifetimes = { idleMs: number; absoluteMs: number };

export type Session = {
	id: string;
	userId: string;
	createdAt: Date;
	lastActiveAt: Date;
	/** When the cookie should stop being sent at the latest (the absolute limit). */
	expiresAt: Date;
};

export type SessionValidation = { session: Session; user: Actor } | { session: null; user: null };

/** 20 random bytes: 160 bits of entropy, above the 128 that makes guessing hopeless. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: Executor,
	now: Date,
	lifetimes: SessionLifetimes,
	userId: string,
	userAgent: string | null
): Promise<{ token: string; session: Session }> {
	const token = generateSessionToken();
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		createdAt: now,
		lastActiveAt: now,
		expiresAt: new Date(now.getTime() + lifetimes.absoluteMs)
	};
	await db
		.insertInto('session')
		.values({
			id: session.id,
			user_id: userId,
			created_at: now.toISOString(),
			last_active_at: now.toISOString(),
			user_agent: userAgent?.slice(0, 300) ?? null
		})
		.execute();
	return { token, session };
}

/** Refreshing last-activity on every request would write on every read; once a minute is enough. */
const ACTIVITY_REFRESH_MS = 60_000;

/** Every request asks this, so it is prepared once; the person comes with the session, in one query rather than two. */
const findSessionWithUser = preparedLookup((db, p: { sessionId: string }) =>
	db
		.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.select([
			'session.id',
			'session.user_id',
			'session.created_at',
			'session.last_active_at',
			'app_user.disabled_at',
			'app_user.email',
			'app_user.name',
			'app_user.agency_id',
			'app_user.family_member_id'
		])
		.where('session.id', '=', p.sessionId)
);

export async function validateSessionToken(
	db: Executor,
	now: Date,
	lifetimes: SessionLifetimes,
	token: string
): Promise<SessionValidation> {
	const none = { session: null, user: null } as const;
	const sessionId = sessionIdFromToken(token);
	const row = await findSessionWithUser(db, { sessionId });
	if (!row) return none;

	const createdAt = new Date(row.created_at);
	const lastActiveAt = new Date(row.last_active_at);
	const expiresAt = new Date(createdAt.getTime() + lifetimes.absoluteMs);
	const idleUntil = new Date(lastActiveAt.getTime() + lifetimes.idleMs);
	if (row.disabled_at !== null || now >= expiresAt || now >= idleUntil) {
		await invalidateSession(db, sessionId);
		return none;
	}

	const user = await actorFromUser(db, { id: row.user_id, email: row.email, name: row.name, agency_id: row.agency_id, family_member_id: row.family_member_id });

	let activeAt = lastActiveAt;
	if (now.getTime() - lastActiveAt.getTime() >= ACTIVITY_REFRESH_MS) {
		activeAt = now;
		await db.updateTable('session').set({ last_active_at: now.toISOString() }).where('id', '=', sessionId).execute();
	}
	return { session: { id: sessionId, userId: row.user_id, createdAt, lastActiveAt: activeAt, expiresAt }, user };
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Executor, userId: string): Promise<void> {
	await db.deleteFrom('session').where('user_id', '=', userId).execute();
}
