import type { App } from '../app';
import type { Actor } from '../domain/actor';
import { recordAudit } from '../domain/audit/audit.service';
import { findActorById, findCredentialsByEmail, normaliseEmail } from '../domain/users/users.repository';
import { clearAccountFailures, forgiveAttempt, reserveLoginAttempt } from './throttle';
import { TooManyAttemptsError, ValidationError } from '../domain/errors';
import { createSession, invalidateSession, invalidateUserSessions, type Session } from './session';

/** One answer for an unknown email, a wrong password and a disabled account: a refusal reveals nothing. */
export const INVALID_LOGIN_MESSAGE = 'That email and password do not match an account we can sign in. Check both and try again.';

export function throttledMessage(retryAfterSeconds: number): string {
	const minutes = Math.ceil(retryAfterSeconds / 60);
	const wait = retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${minutes} minutes`;
	return `Too many unsuccessful sign-in attempts. For your security, please wait ${wait} before trying again.`;
}

export type LoginRequest = { email: string; password: string; address: string; userAgent: string | null };

export type LoginOutcome =
	| { kind: 'signed-in'; token: string; session: Session; user: Actor }
	| { kind: 'invalid' }
	| { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Verifying against a real hash when the email is unknown keeps the two refusals alike in timing
 * as well as in words. Made once, lazily, with the same parameters as real hashes.
 */
let decoyHash: Promise<string> | undefined;

export async function login(app: App, request: LoginRequest): Promise<LoginOutcome> {
	const now = app.clock.now();
	const accountKey = normaliseEmail(request.email);

	// Counted as a failure until it succeeds, so simultaneous guesses cannot slip past the limits.
	const attempt = await reserveLoginAttempt(app.db, now, accountKey, request.address);
	if (!attempt.allowed) {
		await recordAudit(app.db, { at: now, procedure: 'auth.login', outcome: 'denied', detail: 'throttled', address: request.address });
		return { kind: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
	}

	const credentials = await findCredentialsByEmail(app.db, accountKey);
	const usable = credentials && credentials.password_hash !== null && credentials.disabled_at === null;
	decoyHash ??= app.passwords.hash('decoy password that never matches');
	const hashToCheck = usable ? credentials.password_hash! : await decoyHash;
	const passwordMatches = (await app.passwords.verify(hashToCheck, request.password)) && usable;

	const actor = passwordMatches ? await findActorById(app.db, credentials!.id) : undefined;
	if (!actor) {
		await recordAudit(app.db, {
			at: now,
			userId: credentials?.id ?? null,
			procedure: 'auth.login',
			outcome: 'denied',
			detail: 'invalid credentials',
			address: request.address
		});
		return { kind: 'invalid' };
	}

	// A new token at every sign-in: a cookie planted before login can never become signed in.
	const { token, session } = await createSession(app.db, now, app.config.session, actor.userId, request.userAgent);
	await clearAccountFailures(app.db, accountKey);
	await recordAudit(app.db, { at: now, actor, procedure: 'auth.login', outcome: 'allowed', address: request.address });
	return { kind: 'signed-in', token, session, user: actor };
}

/** The audit row's address is the one the actor acts through (see protectedProcedure). */
export async function logout(app: App, actor: Actor, sessionId: string): Promise<void> {
	await invalidateSession(app.db, sessionId);
	await recordAudit(app.db, { at: app.clock.now(), actor, procedure: 'auth.logout', outcome: 'allowed' });
}

export type ChangePasswordRequest = { currentPassword: string; newPassword: string; address: string; userAgent: string | null };

/**
 * A new password ends every session the person has — a thief holding an old cookie is out —
 * and signs this browser in again with a fresh token. The current password is checked through
 * the same throttle as sign-in, so this form cannot be used to guess it.
 */
export async function changePassword(app: App, actor: Actor, request: ChangePasswordRequest) {
	const now = app.clock.now();
	// Comparing the two typed passwords says nothing about the real one, so it needs no attempt.
	if (request.newPassword === request.currentPassword) throw ValidationError.field('newPassword', 'Choose a password different from your current one');
	const attempt = await reserveLoginAttempt(app.db, now, actor.email, request.address);
	if (!attempt.allowed) {
		await recordAudit(app.db, { at: now, actor, procedure: 'auth.changePassword', outcome: 'denied', detail: 'throttled', address: request.address });
		throw new TooManyAttemptsError(throttledMessage(attempt.retryAfterSeconds), attempt.retryAfterSeconds).markAudited();
	}
	const credentials = await findCredentialsByEmail(app.db, actor.email);
	if (!credentials?.password_hash || !(await app.passwords.verify(credentials.password_hash, request.currentPassword))) {
		await recordAudit(app.db, { at: now, actor, procedure: 'auth.changePassword', outcome: 'denied', detail: 'wrong current password', address: request.address });
		throw ValidationError.field('currentPassword', 'That is not your current password').markAudited();
	}
	await forgiveAttempt(app.db, attempt.attemptId);
	const hash = await app.passwords.hash(request.newPassword);
	await app.db.transaction().execute(async (trx) => {
		await trx.updateTable('app_user').set({ password_hash: hash, password_changed_at: now.toISOString() }).where('id', '=', actor.userId).execute();
		await invalidateUserSessions(trx, actor.userId);
		await recordAudit(trx, { at: now, actor, procedure: 'auth.changePassword', outcome: 'allowed', address: request.address });
	});
	return createSession(app.db, now, app.config.session, actor.userId, request.userAgent);
}
