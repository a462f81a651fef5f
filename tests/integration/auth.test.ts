import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_LOGIN_MESSAGE } from '../../src/lib/server/auth/login';
import { sessionIdFromToken } from '../../src/lib/server/auth/session';
import { loginLimits } from '../../src/lib/server/auth/throttle';
import { auditRows, createTestApp, type TestApp } from './support/test-app';

const ADMIN = 'admin@demo.tautoko.nz';
const WORKER = 'worker.school@demo.tautoko.nz';

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof TRPCError) return error;
		throw error;
	}
	throw new Error('expected the call to be refused');
}

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp({ demo: true });
});
afterEach(() => t.close());

describe('signing in', () => {
	it('V3.2.2 gives a random token of at least 128 bits, and keeps only its SHA-256', async () => {
		const browser = await t.signedIn(WORKER);
		const token = browser.token!;
		// base32 carries 5 bits per character
		expect(token.length * 5).toBeGreaterThanOrEqual(128);
		const sessions = await t.db.selectFrom('session').select('id').execute();
		expect(sessions).toHaveLength(1);
		expect(sessions[0].id).toBe(sessionIdFromToken(token));
		expect(sessions[0].id).not.toContain(token);

		const me = await (await browser.caller()).auth.me();
		expect(me.email).toBe(WORKER);
	});

	it('V2.4.1 hashes passwords with argon2id, 19 MiB and 2 passes', async () => {
		const row = await t.db.selectFrom('app_user').select('password_hash').where('email', '=', WORKER).executeTakeFirstOrThrow();
		expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});

	it('V3.2.1 issues a new token at every sign-in, so a planted cookie never becomes signed in', async () => {
		const browser = t.browser();
		browser.token = 'planted-by-an-attacker-0000000000';
		await browser.signIn(WORKER);
		const first = browser.token;
		expect(first).not.toBe('planted-by-an-attacker-0000000000');
		await browser.signIn(WORKER);
		expect(browser.token).not.toBe(first);
	});

	it('V2.2.1 answers an unknown email and a wrong password identically, with the same hashing work', async () => {
		const before = t.passwords.verifies;
		const unknown = await refusal(t.browser().signIn('nobody@example.org', 'whatever-password'));
		const afterUnknown = t.passwords.verifies;
		const wrong = await refusal(t.browser().signIn(WORKER, 'not-the-password'));

		expect(unknown.code).toBe('UNAUTHORIZED');
		expect(wrong.code).toBe(unknown.code);
		expect(wrong.message).toBe(unknown.message);
		expect(wrong.message).toBe(INVALID_LOGIN_MESSAGE);
		// One argon2 verification each: the unknown email is checked against a decoy hash.
		expect(afterUnknown - before).toBe(1);
		expect(t.passwords.verifies - afterUnknown).toBe(1);
	});

	it('V2.2.1 refuses a disabled account with the same answer as a wrong password', async () => {
		const admin = await t.signedIn(ADMIN);
		const worker = await t.db.selectFrom('app_user').select('id').where('email', '=', WORKER).executeTakeFirstOrThrow();
		await (await admin.caller()).admin.disableUser({ userId: worker.id });
		const error = await refusal(t.browser().signIn(WORKER));
		expect(error.message).toBe(INVALID_LOGIN_MESSAGE);
	});

	it('V7.1.1 V7.2.1 audits every success and every failure, without the password', async () => {
		await t.signedIn(WORKER);
		await refusal(t.browser().signIn(WORKER, 'wrong-password-1'));
		await refusal(t.browser().signIn('nobody@example.org', 'wrong-password-2'));
		const rows = await auditRows(t.app, 'auth.login');
		expect(rows.map((r) => r.outcome)).toEqual(['allowed', 'denied', 'denied']);
		expect(rows[0].user_id).not.toBeNull();
		expect(rows.every((r) => r.address === '203.0.113.7')).toBe(true);
		expect(JSON.stringify(rows)).not.toMatch(/wrong-password/);
	});
});

describe('throttling, before any hashing', () => {
	it('V2.2.1 refuses the 11th rapid failure for one account with 429 and computes no hash for it', async () => {
		for (let i = 0; i < loginLimits.freeFailures; i++) {
			expect((await refusal(t.browser().signIn(WORKER, `wrong-${i}`))).code).toBe('UNAUTHORIZED');
		}
		const verifiesBefore = t.passwords.verifies;
		const eleventh = await refusal(t.browser().signIn(WORKER, 'wrong-again'));
		expect(eleventh.code).toBe('TOO_MANY_REQUESTS');
		expect(eleventh.message).toMatch(/Too many unsuccessful sign-in attempts.*wait 30 seconds/);
		expect(t.passwords.verifies).toBe(verifiesBefore);

		// Even the right password waits: the lock is on the account, not on wrong guesses.
		expect((await refusal(t.browser().signIn(WORKER))).code).toBe('TOO_MANY_REQUESTS');
		expect((await auditRows(t.app, 'auth.login')).at(-1)).toMatchObject({ outcome: 'denied', detail: 'throttled' });
	});

	it('V2.2.1 lets the account try again after the delay, and doubles the delay after each further failure', async () => {
		for (let i = 0; i < loginLimits.freeFailures; i++) await refusal(t.browser().signIn(WORKER, `wrong-${i}`));
		t.clock.advance(30_000);
		expect((await refusal(t.browser().signIn(WORKER, 'wrong-11'))).code).toBe('UNAUTHORIZED');
		t.clock.advance(30_000);
		expect((await refusal(t.browser().signIn(WORKER, 'wrong-12'))).code).toBe('TOO_MANY_REQUESTS');
		t.clock.advance(30_000);
		await t.browser().signIn(WORKER);
		// A success forgives the account's failures.
		expect((await refusal(t.browser().signIn(WORKER, 'wrong-13'))).code).toBe('UNAUTHORIZED');
	});

	it('V2.2.1 limits failures per client address across accounts', async () => {
		const attacker = t.browser('198.51.100.9');
		for (let i = 0; i < loginLimits.addressFailuresPerWindow; i++) {
			await refusal(attacker.signIn(`guess-${i}@example.org`, 'password-guess'));
		}
		expect((await refusal(attacker.signIn('another@example.org', 'password-guess'))).code).toBe('TOO_MANY_REQUESTS');
		// Someone at another address is unaffected.
		await t.browser('203.0.113.50').signIn(WORKER);
	});

	it('V5.1.3 refuses malformed sign-in input before anything else', async () => {
		const error = await refusal((await t.browser().caller()).auth.login({ email: '', password: '' }));
		expect(error.code).toBe('BAD_REQUEST');
		expect(t.passwords.verifies).toBe(0);
		// Refused, so audited like any refusal: one row, denied, naming the reason and not the input.
		const rows = await auditRows(t.app, 'auth.login');
		expect(rows.map((r) => [r.outcome, r.detail])).toEqual([['denied', 'BAD_REQUEST']]);
	});
});

describe('sessions', () => {
	it('V3.3.1 ends at sign-out: replaying the old token is UNAUTHORIZED', async () => {
		const browser = await t.signedIn(WORKER);
		const oldToken = browser.token!;
		await (await browser.caller()).auth.logout();
		expect(browser.token).toBeNull();

		const replay = t.browser();
		replay.token = oldToken;
		expect((await refusal((await replay.caller()).auth.me())).code).toBe('UNAUTHORIZED');
		expect(await t.db.selectFrom('session').select('id').execute()).toHaveLength(0);
	});

	it('V3.3.2 expires after 30 idle minutes, and activity keeps it alive', async () => {
		const browser = await t.signedIn(WORKER);
		t.clock.advance(29 * 60_000);
		await (await browser.caller()).auth.me();
		t.clock.advance(29 * 60_000);
		await (await browser.caller()).auth.me();
		t.clock.advance(30 * 60_000);
		expect((await refusal((await browser.caller()).auth.me())).code).toBe('UNAUTHORIZED');
	});

	it('V3.3.2 expires 12 hours after sign-in however active the person is', async () => {
		const browser = await t.signedIn(WORKER);
		for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
			t.clock.advance(20 * 60_000);
			await (await browser.caller()).auth.me();
		}
		t.clock.advance(20 * 60_000);
		expect((await refusal((await browser.caller()).auth.me())).code).toBe('UNAUTHORIZED');
	});

	it('reads both lifetimes from configuration', async () => {
		const short = await createTestApp({ demo: true, env: { SESSION_IDLE_MINUTES: '5', SESSION_ABSOLUTE_MINUTES: '60' } });
		try {
			const browser = await short.signedIn(WORKER);
			short.clock.advance(5 * 60_000);
			expect((await refusal((await browser.caller()).auth.me())).code).toBe('UNAUTHORIZED');
		} finally {
			await short.close();
		}
	});

	it('V3.3.4 ends every session of a user who is disabled', async () => {
		const laptop = await t.signedIn(WORKER);
		const phone = await t.signedIn(WORKER);
		const admin = await t.signedIn(ADMIN);
		const worker = await t.db.selectFrom('app_user').select('id').where('email', '=', WORKER).executeTakeFirstOrThrow();
		await (await admin.caller()).admin.disableUser({ userId: worker.id });
		expect((await refusal((await laptop.caller()).auth.me())).code).toBe('UNAUTHORIZED');
		expect((await refusal((await phone.caller()).auth.me())).code).toBe('UNAUTHORIZED');
		await (await admin.caller()).auth.me();
	});
});

describe('changing a password', () => {
	it('V3.3.3 V2.1.5 ends every other session, keeps this browser signed in, and checks the current password', async () => {
		const laptop = await t.signedIn(WORKER);
		const phone = await t.signedIn(WORKER);
		const wrong = await refusal((await laptop.caller()).auth.changePassword({ currentPassword: 'not-it', newPassword: 'a-brand-new-password' }));
		expect(wrong.code).toBe('BAD_REQUEST');
		await (await laptop.caller()).auth.changePassword({ currentPassword: 'tautoko-demo-2026', newPassword: 'a-brand-new-password' });
		expect((await (await laptop.caller()).auth.me()).email).toBe(WORKER);
		expect((await refusal((await phone.caller()).auth.me())).code).toBe('UNAUTHORIZED');
		await t.browser().signIn(WORKER, 'a-brand-new-password');
		expect((await refusal(t.browser().signIn(WORKER))).code).toBe('UNAUTHORIZED');
		expect((await auditRows(t.app, 'auth.changePassword')).map((r) => r.outcome)).toEqual(['denied', 'allowed']);
	});
});

describe('throttling holds under simultaneous attempts', () => {
	it('V2.2.1 thirty guesses sent at once get the ten free attempts and no more', async () => {
		const verifiesBefore = t.passwords.verifies;
		const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => refusal(t.browser().signIn(WORKER, `guess-${i}`)).then((e) => e.code)));
		expect(outcomes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(loginLimits.freeFailures);
		expect(outcomes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(30 - loginLimits.freeFailures);
		expect(t.passwords.verifies - verifiesBefore).toBe(loginLimits.freeFailures);
	});

	it('V2.2.1 a successful sign-in is not counted against the address', async () => {
		const office = t.browser('198.51.100.77');
		for (let i = 0; i < loginLimits.addressFailuresPerWindow + 5; i++) await office.signIn(WORKER);
		expect(await t.db.selectFrom('login_failure').select('id').where('address', '=', '198.51.100.77').execute()).toEqual([]);
	});
});
