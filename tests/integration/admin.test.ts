import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, countRows, createTestApp, type TestApp } from './support/test-app';

const ADMIN = 'admin@demo.tautoko.nz';

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof TRPCError) return error;
		throw error;
	}
	throw new Error('expected the call to be refused');
}

function fieldErrors(error: TRPCError): Record<string, string[]> {
	const cause = error.cause as { issues?: { path: PropertyKey[]; message: string }[]; fieldErrors?: Record<string, string[]> };
	if (cause.fieldErrors) return cause.fieldErrors;
	const fields: Record<string, string[]> = {};
	for (const issue of cause.issues ?? []) (fields[issue.path.join('.')] ??= []).push(issue.message);
	return fields;
}

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp({ demo: true });
});
afterEach(() => t.close());

async function idOf(table: 'region' | 'lmg' | 'agency', name: string) {
	return (await t.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

describe('administration', () => {
	it('creates an LMG with the default protocol, an agency in it, and a worker who can then sign in', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const region = await admin.admin.createRegion({ name: 'Central' });
		const lmg = await admin.admin.createLmg({ name: 'Awatea Valley', regionId: region.id, timezone: 'Pacific/Auckland' });
		const agency = await admin.admin.createAgency({ name: 'Awatea Whānau Services', kind: 'ngo', sector: 'non_government', lmgIds: [lmg.id] });
		await admin.admin.createUser({
			name: 'Rangi Moana',
			email: 'Rangi.Moana@Awatea.example.nz',
			password: 'a-long-first-password',
			agencyId: agency.id,
			roles: [{ role: 'agency_worker' }]
		});

		const protocol = await t.db.selectFrom('protocol_version').select(['version', 'status']).where('lmg_id', '=', lmg.id).execute();
		expect(protocol).toEqual([{ version: 1, status: 'published' }]);

		const worker = await t.signedIn('rangi.moana@awatea.example.nz', 'a-long-first-password');
		const home = await (await worker.caller()).home.today();
		expect(home.agencyWorker?.agency?.name).toBe('Awatea Whānau Services');
		expect(home.agencyWorker?.agency?.lmgs.map((l) => l.name)).toEqual(['Awatea Valley']);

		const org = await admin.admin.organisation();
		expect(org.lmgs.find((l) => l.name === 'Awatea Valley')?.agencies).toEqual(['Awatea Whānau Services']);
		expect((await auditRows(t.app)).filter((r) => r.procedure.startsWith('admin.')).map((r) => r.procedure)).toEqual([
			'admin.createRegion',
			'admin.createLmg',
			'admin.createAgency',
			'admin.createUser'
		]);
	});

	it('adds an existing agency to another LMG, once', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const input = { agencyId: await idOf('agency', 'Te Awa Primary School'), lmgId: await idOf('lmg', 'Southern Lakes') };
		await admin.admin.addAgencyToLmg(input);
		const again = await refusal(admin.admin.addAgencyToLmg(input));
		expect(again.code).toBe('BAD_REQUEST');
		expect(fieldErrors(again).agencyId).toEqual(['That agency is already a member of this LMG']);
	});

	it('lists users with their roles and never their password hashes', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const list = await admin.admin.listUsers({ search: 'coordinator.north' });
		expect(list.total).toBe(1);
		expect(list.users[0]).toMatchObject({ name: 'Hemi Walker', roles: [{ role: 'coordinator', lmg: 'Te Awa North' }], disabled: false });
		expect(JSON.stringify(await admin.admin.listUsers({ pageSize: 100 }))).not.toMatch(/argon2|password/i);
	});

	it('disables and re-enables a user', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const { users } = await admin.admin.listUsers({ search: 'worker.ngo' });
		await admin.admin.disableUser({ userId: users[0].id });
		expect((await admin.admin.listUsers({ search: 'worker.ngo' })).users[0].disabled).toBe(true);
		expect((await refusal(admin.admin.disableUser({ userId: users[0].id }))).code).toBe('CONFLICT');
		await admin.admin.enableUser({ userId: users[0].id });
		await t.signedIn('worker.ngo@demo.tautoko.nz');
	});
});

describe('who may administer', () => {
	const nonAdmins = [
		'coordinator.north@demo.tautoko.nz',
		'lmg.north@demo.tautoko.nz',
		'worker.health@demo.tautoko.nz',
		'family@demo.tautoko.nz'
	];

	it.each(nonAdmins)('%s calling admin.createUser gets FORBIDDEN, an audit row, and no new user', async (email) => {
		const caller = await (await t.signedIn(email)).caller();
		const before = await countRows(t.app);
		const error = await refusal(
			caller.admin.createUser({ name: 'Sneaky', email: 'sneaky@example.org', password: 'a-long-password-here', roles: [{ role: 'admin' }] })
		);
		expect(error.code).toBe('FORBIDDEN');
		expect(await countRows(t.app)).toEqual(before);
		const denied = (await auditRows(t.app, 'admin.createUser')).at(-1);
		expect(denied).toMatchObject({ outcome: 'denied', detail: 'FORBIDDEN' });
		expect(denied?.user_id).not.toBeNull();
	});

	it('someone not signed in gets UNAUTHORIZED', async () => {
		const error = await refusal((await t.browser().caller()).admin.listUsers({}));
		expect(error.code).toBe('UNAUTHORIZED');
	});
});

describe('bad input gets field messages and changes nothing but the audit log', () => {
	it('an empty name and an unknown timezone for a new LMG', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const regionId = await idOf('region', 'Northern');
		const before = await countRows(t.app);
		const error = await refusal(admin.admin.createLmg({ name: '  ', regionId, timezone: 'Middle/Earth' }));
		expect(error.code).toBe('BAD_REQUEST');
		expect(fieldErrors(error)).toEqual({
			name: ['Enter the LMG’s name'],
			timezone: ['Choose a timezone from the list, such as Pacific/Auckland']
		});
		expect(await countRows(t.app)).toEqual(before);
		expect((await auditRows(t.app, 'admin.createLmg')).at(-1)).toMatchObject({ outcome: 'denied', detail: 'BAD_REQUEST' });
	});

	it('a malformed email, a short password and a coordinator with no LMG for a new user', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const before = await countRows(t.app);
		const error = await refusal(
			admin.admin.createUser({ name: '', email: 'not-an-email', password: 'short', roles: [{ role: 'coordinator' }] })
		);
		expect(error.code).toBe('BAD_REQUEST');
		expect(fieldErrors(error)).toMatchObject({
			name: ['Enter the person’s name'],
			email: ['Enter an email address like name@agency.govt.nz'],
			password: ['Choose a first password of at least 12 characters'],
			'roles.0.lmgId': ['Choose the LMG for this role']
		});
		expect(await countRows(t.app)).toEqual(before);
	});

	it('an email someone already has, and an agency worker with no agency', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const before = await countRows(t.app);
		const taken = await refusal(
			admin.admin.createUser({ name: 'Twin', email: 'WORKER.SCHOOL@demo.tautoko.nz', password: 'a-long-password-here', roles: [{ role: 'admin' }] })
		);
		expect(fieldErrors(taken)).toEqual({ email: ['Someone already has an account with this email'] });
		const noAgency = await refusal(
			admin.admin.createUser({ name: 'Floating', email: 'floating@example.org', password: 'a-long-password-here', roles: [{ role: 'agency_worker' }] })
		);
		expect(fieldErrors(noAgency)).toEqual({ agencyId: ['Choose the agency this worker belongs to'] });
		expect(await countRows(t.app)).toEqual(before);
	});

	it('a duplicate LMG name and an agency in an unknown LMG', async () => {
		const admin = await (await t.signedIn(ADMIN)).caller();
		const before = await countRows(t.app);
		const regionId = await idOf('region', 'Northern');
		const dup = await refusal(admin.admin.createLmg({ name: 'te awa north', regionId, timezone: 'Pacific/Auckland' }));
		expect(fieldErrors(dup)).toEqual({ name: ['An LMG with this name already exists'] });
		const unknown = await refusal(admin.admin.createAgency({ name: 'Orphan Agency', kind: 'health', sector: 'government', lmgIds: ['no-such-lmg'] }));
		expect(fieldErrors(unknown)).toEqual({ lmgIds: ['Choose LMGs from the list'] });
		expect(await countRows(t.app)).toEqual(before);
	});
});
