import type { Db, Executor } from '../db';
import { lockFor } from '../db/locks';

/**
 * Login throttling, checked before any password hashing so that a flood of guesses costs us
 * a database read each, not 19 MiB of argon2 each.
 *
 * Per account (whether or not the email exists, so the answer reveals nothing): the first 10
 * failures in an hour are free; after that each attempt must wait 30 s, doubling with every
 * further failure up to an hour; at 100 failures in an hour the account waits out the hour.
 * Per client address: 100 failures in an hour. Failures are kept in the database so several
 * app servers share one count.
 */
export const loginLimits = {
	windowMs: 60 * 60_000,
	freeFailures: 10,
	firstDelayMs: 30_000,
	maxDelayMs: 60 * 60_000,
	accountFailuresPerWindow: 100,
	addressFailuresPerWindow: 100
} as const;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type FailureStats = { count: number; first: string | null; last: string | null };

async function failureStats(db: Executor, column: 'account_key' | 'address', value: string, since: Date): Promise<FailureStats> {
	const row = await db
		.selectFrom('login_failure')
		.select((eb) => [
			eb.fn.countAll<number>().as('count'),
			eb.fn.min('created_at').as('first'),
			eb.fn.max('created_at').as('last')
		])
		.where(column, '=', value)
		.where('created_at', '>', since.toISOString())
		.executeTakeFirstOrThrow();
	return { count: Number(row.count), first: row.first, last: row.last };
}

function waitUntil(now: Date, until: number): ThrottleDecision {
	const ms = until - now.getTime();
	return ms > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(ms / 1000) } : { allowed: true };
}

export async function checkLoginThrottle(db: Executor, now: Date, accountKey: string, address: string): Promise<ThrottleDecision> {
	const since = new Date(now.getTime() - loginLimits.windowMs);

	const byAddress = await failureStats(db, 'address', address, since);
	if (byAddress.count >= loginLimits.addressFailuresPerWindow) {
		return waitUntil(now, new Date(byAddress.first!).getTime() + loginLimits.windowMs);
	}

	const byAccount = await failureStats(db, 'account_key', accountKey, since);
	if (byAccount.count >= loginLimits.accountFailuresPerWindow) {
		return waitUntil(now, new Date(byAccount.first!).getTime() + loginLimits.windowMs);
	}
	if (byAccount.count >= loginLimits.freeFailures) {
		const doublings = byAccount.count - loginLimits.freeFailures;
		const delay = Math.min(loginLimits.firstDelayMs * 2 ** doublings, loginLimits.maxDelayMs);
		return waitUntil(now, new Date(byAccount.last!).getTime() + delay);
	}
	return { allowed: true };
}

export type Reservation = { allowed: true; attemptId: string } | { allowed: false; retryAfterSeconds: number };

/**
 * Checks the limits and, when the attempt may go ahead, counts it as a failure straight away,
 * in one transaction. Concurrent attempts therefore each see the ones before them: a burst of
 * simultaneous guesses cannot all pass the check before the first failure is written (they
 * would, with a check now and a failure written after the 50 ms of hashing). The caller forgives
 * the attempt if it succeeds (`forgiveAttempt`, or `clearAccountFailures` at sign-in).
 * SQLite runs one transaction at a time; on PostgreSQL the locks on the account and the address
 * (always in that order, so two attempts never wait for each other in a circle) do the same.
 */
export async function reserveLoginAttempt(db: Db, now: Date, accountKey: string, address: string): Promise<Reservation> {
	return db.transaction().execute(async (trx) => {
		await lockFor(trx, `sign-in account ${accountKey}`);
		await lockFor(trx, `sign-in address ${address}`);
		const decision = await checkLoginThrottle(trx, now, accountKey, address);
		if (!decision.allowed) return decision;
		const attemptId = await recordLoginFailure(trx, now, accountKey, address);
		return { allowed: true, attemptId };
	});
}

export async function forgiveAttempt(db: Executor, attemptId: string): Promise<void> {
	await db.deleteFrom('login_failure').where('id', '=', attemptId).execute();
}

export async function recordLoginFailure(db: Executor, now: Date, accountKey: string, address: string): Promise<string> {
	const id = crypto.randomUUID();
	await db.insertInto('login_failure').values({ id, account_key: accountKey, address, created_at: now.toISOString() }).execute();
	return id;
}

/** A successful sign-in forgives the account's earlier failures (not the address's). */
export async function clearAccountFailures(db: Executor, accountKey: string): Promise<void> {
	await db.deleteFrom('login_failure').where('account_key', '=', accountKey).execute();
}
