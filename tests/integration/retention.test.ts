import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { runRetention } from '../../src/lib/server/domain/retention/retention.service';
import { demo, idOf, referralFor } from './support/journeys';
import { refusal } from './support/refusal';
import { createTestApp, type TestApp } from './support/test-app';

/** Every row of every table (the audit log too), as sorted JSON: "changes nothing" means this stays equal. */
async function snapshot(app: App): Promise<Record<string, string[]>> {
	const tables = (await app.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
	const out: Record<string, string[]> = {};
	for (const name of tables.sort()) {
		const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(app.db);
		out[name] = rows.map((r) => JSON.stringify(r)).sort();
	}
	return out;
}

/** Which of these strings still appear anywhere in the database, and in which tables. */
async function whereFound(app: App, needles: string[]): Promise<Record<string, string[]>> {
	const found: Record<string, string[]> = {};
	for (const [table, rows] of Object.entries(await snapshot(app))) {
		const text = rows.join('\n');
		for (const needle of needles) if (text.includes(needle)) (found[needle] ??= []).push(table);
	}
	return found;
}

const retentionAudit = (app: App) =>
	app.db.selectFrom('audit_log').select(['user_id', 'role', 'lmg_id', 'case_id', 'outcome', 'detail', 'address']).where('procedure', '=', 'retention.anonymise').orderBy('id').execute();

describe('retention: closed cases are anonymised once their protocol’s retention period has passed', () => {
	let t: TestApp;
	let north: string;
	let south: string;
	const period = { from: '2026-01-01', to: '2026-12-31' };
	type CaseRef = { caseId: string; referralId: string; reference: string };
	const cases = {} as Record<'a' | 'b' | 'c' | 'd' | 'open' | 'tipene' | 'parata' | 'mcdonald', CaseRef>;
	let familyAccountId: string;
	let reportsBefore: unknown;

	/** The LMG's member publishes a new protocol version that keeps closed cases this many months. */
	async function publishRetention(lmgAdmin: string, lmgId: string, months: number) {
		const caller = await (await t.signedIn(lmgAdmin)).caller();
		const { current } = await caller.protocol.get({ lmgId });
		await caller.protocol.saveDraft({ lmgId, document: { ...current.document, retentionMonthsAfterClosure: months } });
		await caller.protocol.publish({ lmgId, changeNote: `Closed cases are kept for ${months} months` });
	}

	async function openCaseIn(lmgId: string, referrer: string, coordinator: string, surname: string, label: string, born: string) {
		const referral = await (await t.signedIn(referrer)).caller();
		const { id: referralId } = await referral.referral.create(
			referralFor(lmgId, {
				family: { label, area: `${surname} Road`, languages: ['English'], interpreterNeeded: true, culturalIdentity: `${surname} heritage`, iwi: null },
				members: [
					{ name: `Huia ${surname}`, relationship: 'Mother', kind: 'caregiver', dateOfBirth: born, gender: 'female', school: null },
					{ name: `Tai ${surname}`, relationship: 'Son', kind: 'child', dateOfBirth: '2016-07-21', gender: 'male', school: `${surname} Bay School` }
				],
				summary: `Huia ${surname} asked for help with Tai’s schooling.`
			})
		);
		const c = await (await t.signedIn(coordinator)).caller();
		const { criteria } = await c.referral.get({ referralId });
		await c.referral.assess({ referralId, answers: criteria.map((k) => ({ criterionKey: k.key, met: 'yes' as const, note: `Talked it through with Huia ${surname}` })) });
		const decision = await c.referral.decide({ referralId, decision: 'accept' });
		if (decision.decision !== 'accepted') throw new Error('expected acceptance');
		return { caseId: decision.caseId, referralId, reference: decision.reference };
	}

	async function close(coordinator: string, caseId: string, reason: string, answer: string) {
		await (await (await t.signedIn(coordinator)).caller()).case.close({ caseId, reason, feedback: [{ questionKey: 'listened_to', answer }] });
	}

	async function reports() {
		const northReader = await (await t.signedIn(demo.lmgNorth)).caller();
		const southReader = await (await t.signedIn('lmg.south@demo.tautoko.nz')).caller();
		return {
			north: await northReader.report.summary({ lmgId: north, ...period }),
			northSeries: await northReader.report.series({ lmgId: north, ...period }),
			south: await southReader.report.summary({ lmgId: south, ...period }),
			southSeries: await southReader.report.series({ lmgId: south, ...period })
		};
	}

	const anonymisedAt = async (caseId: string) =>
		(await t.db.selectFrom('family_case').select('anonymised_at').where('id', '=', caseId).executeTakeFirstOrThrow()).anonymised_at;

	const caseOf = async (label: string) => {
		const row = await t.db
			.selectFrom('family_case as c')
			.innerJoin('family as f', 'f.id', 'c.family_id')
			.select(['c.id', 'c.referral_id', 'c.reference'])
			.where('f.label', '=', label)
			.executeTakeFirstOrThrow();
		return { caseId: row.id, referralId: row.referral_id, reference: row.reference };
	};

	beforeAll(async () => {
		t = await createTestApp({ demo: true }); // the clock reads 2026-11-22T00:00Z
		north = await idOf(t, 'lmg', 'Te Awa North');
		south = await idOf(t, 'lmg', 'Southern Lakes');
		cases.tipene = await caseOf('Tipene whānau');
		cases.parata = await caseOf('Parata whānau');
		cases.mcdonald = await caseOf('McDonald family');

		// Te Awa North now keeps closed cases 12 months, Southern Lakes 24; Tipene's case stays on the version it closed under (84).
		await publishRetention(demo.lmgNorth, north, 12);
		await publishRetention('lmg.south@demo.tautoko.nz', south, 24);
		cases.a = await openCaseIn(north, demo.school, demo.coordinatorNorth, 'Aperahama', 'Aperahama whānau', '1988-03-09');
		cases.b = await openCaseIn(north, demo.school, demo.coordinatorNorth, 'Bennett', 'Bennett family', '1988-03-10');
		cases.d = await openCaseIn(north, demo.school, demo.coordinatorNorth, 'Dalziel', 'Dalziel family', '1988-03-11');
		cases.open = await openCaseIn(north, demo.school, demo.coordinatorNorth, 'Ormsby', 'Ormsby family', '1988-03-12');
		cases.c = await openCaseIn(south, 'worker.lakes@demo.tautoko.nz', demo.coordinatorSouth, 'Cameron', 'Cameron family', '1988-03-13');

		// Case A gets a note, and an adult who joined the portal (a session, a failed sign-in on record).
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		await coordinator.case.addNote({ caseId: cases.a.caseId, category: 'education', body: 'Tai Aperahama has started at the homework club.' });
		const huia = (await coordinator.case.get({ caseId: cases.a.caseId })).members.find((m) => m.kind === 'caregiver')!;
		const { code } = await coordinator.family.invite({ caseId: cases.a.caseId, familyMemberId: huia.id });
		await (await t.browser('198.51.100.44').caller()).family.join({ code, email: 'huia.aperahama@example.nz', password: 'a-long-family-password' });
		await refusal((await t.browser('198.51.100.45').caller()).auth.login({ email: 'huia.aperahama@example.nz', password: 'not the password' }));
		familyAccountId = (await t.db.selectFrom('app_user').select('id').where('email', '=', 'huia.aperahama@example.nz').executeTakeFirstOrThrow()).id;
		// The demo's family account signs in too, before its case closes.
		await t.signedIn(demo.family);

		// The demo's Parata (lead agency, handover, disclosure, plan) and McDonald (safety concern) cases close today.
		await coordinator.case.writeClosingReport({ caseId: cases.parata.caseId, report: 'Aroha and Nikau are settled in a warm home and Nikau goes to kura every day.' });
		await close(demo.coordinatorNorth, cases.parata.caseId, 'goals_met', 'Aroha said the hui helped her be heard.');
		await close(demo.coordinatorSouth, cases.mcdonald.caseId, 'plan_completed', 'Aimee said the motel saved them.');

		// 23:30 on 23 November in New Zealand (10:30 UTC): A, C and D close.
		t.clock.set('2026-11-23T10:30:00Z');
		await close(demo.coordinatorNorth, cases.a.caseId, 'goals_met', 'Huia Aperahama: everyone listened to us.');
		await close(demo.coordinatorSouth, cases.c.caseId, 'plan_completed', 'Huia Cameron: the plan helped.');
		await close(demo.coordinatorNorth, cases.d.caseId, 'goals_met', 'Huia Dalziel: thank you.');
		// 00:30 on 24 November in New Zealand, still the 23rd in UTC: B closes.
		t.clock.set('2026-11-23T11:30:00Z');
		await close(demo.coordinatorNorth, cases.b.caseId, 'goals_met', 'Huia Bennett: it was good.');

		// D's family is (against the app's own habit) also on another referral: it must be held back, not emptied.
		const referral = await t.db.selectFrom('referral').selectAll().where('id', '=', cases.d.referralId).executeTakeFirstOrThrow();
		await t.db.insertInto('referral').values({ ...referral, id: crypto.randomUUID(), status: 'withdrawn', decided_by: null, decided_at: null, withdrawn_at: referral.submitted_at }).execute();

		// 23:59 on 24 November 2027 in New Zealand (10:59 UTC).
		t.clock.set('2027-11-24T10:59:00Z');
		reportsBefore = await reports();
	});
	afterAll(() => t.close());

	it('a dry run lists the case just past its period and changes nothing, writing no audit row', async () => {
		const before = await snapshot(t.app);
		const run = await runRetention(t.app, { dryRun: true });
		expect(run.due.map((c) => c.reference)).toEqual([cases.a.reference]);
		expect(run.due[0]).toMatchObject({ lmg: 'Te Awa North', closedOn: '2026-11-23', retentionMonths: 12, keptUntil: '2027-11-23', dueSince: '2027-11-24' });
		expect(run.held.map((h) => h.case.reference)).toEqual([cases.d.reference]);
		expect(run.held[0].reason).toMatch(/also on 1 other referral/);
		expect(run.anonymised).toEqual([]);
		expect(await snapshot(t.app)).toEqual(before);
	});

	it('anonymises the case closed just past its period, in the LMG’s local dates, and keeps the one closed just inside it', async () => {
		const run = await runRetention(t.app, { dryRun: false });
		expect(run.anonymised.map((c) => c.reference)).toEqual([cases.a.reference]);
		expect(run.failed).toEqual([]);
		expect(await anonymisedAt(cases.a.caseId)).toBe('2027-11-24T10:59:00.000Z');
		// B closed on 24 November local time (the 23rd in UTC): its 12 months end today, so it is kept.
		expect(await anonymisedAt(cases.b.caseId)).toBeNull();
		// C closed with A, but Southern Lakes keeps closed cases 24 months.
		expect(await anonymisedAt(cases.c.caseId)).toBeNull();
		expect(await anonymisedAt(cases.d.caseId)).toBeNull();

		expect(await whereFound(t.app, ['Aperahama', '1988-03-09', 'homework club', 'everyone listened to us', 'huia.aperahama@example.nz'])).toEqual({});
		// The others keep every word.
		expect(Object.keys(await whereFound(t.app, ['Bennett', 'Cameron', 'Dalziel', 'Ormsby', 'Tipene', 'Kiri Ngata']))).toHaveLength(6);

		// One audit row, by the system, naming no one.
		expect(await retentionAudit(t.app)).toEqual([
			{ user_id: null, role: null, lmg_id: north, case_id: cases.a.caseId, outcome: 'allowed', detail: 'closed 2026-11-23; kept 12 months under protocol version 3', address: null }
		]);
	});

	it('the family’s portal account is disabled and scrubbed, its sessions and failed sign-ins gone', async () => {
		const account = await t.db.selectFrom('app_user').select(['name', 'email', 'password_hash', 'disabled_at']).where('id', '=', familyAccountId).executeTakeFirstOrThrow();
		expect(account).toEqual({ name: 'Anonymised family member', email: `anonymised-${familyAccountId}@tautoko.invalid`, password_hash: null, disabled_at: '2027-11-24T10:59:00.000Z' });
		expect(await t.db.selectFrom('session').select('id').where('user_id', '=', familyAccountId).execute()).toEqual([]);
		expect(await t.db.selectFrom('login_failure').select('id').where('account_key', '=', 'huia.aperahama@example.nz').execute()).toEqual([]);
		expect((await refusal((await t.browser().caller()).auth.login({ email: 'huia.aperahama@example.nz', password: 'a-long-family-password' }))).code).toBe('UNAUTHORIZED');
		expect(await t.db.selectFrom('family_invitation').select('id').where('case_id', '=', cases.a.caseId).execute()).toEqual([]);
	});

	it('the coordinator still opens the anonymised case: the record is there, the personal data is not', async () => {
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const c = await coordinator.case.get({ caseId: cases.a.caseId });
		expect(c).toMatchObject({ reference: cases.a.reference, status: 'closed', anonymisedAt: new Date('2027-11-24T10:59:00Z'), closure: { reason: 'The plan’s goals were met' } });
		expect(c.family).toEqual({ label: 'Anonymised family', area: 'Anonymised', languages: [], interpreterNeeded: false, culturalIdentity: null, iwi: null });
		expect(c.members.map((m) => [m.name, m.kind, m.dateOfBirth, m.school])).toEqual([
			['Anonymised family member', 'caregiver', null, null],
			['Anonymised family member', 'child', null, null]
		]);
		const pages = JSON.stringify([c, await coordinator.case.timeline({ caseId: cases.a.caseId }), await coordinator.referral.get({ referralId: cases.a.referralId }), await coordinator.audit.forCase({ caseId: cases.a.caseId, page: 1, pageSize: 50 })]);
		for (const word of ['Aperahama', 'Huia', 'Tai ', '1988-03-09', '2016-07-21', 'homework', 'everyone listened', 'Talked it through', 'schooling']) expect(pages).not.toContain(word);
		const list = await coordinator.case.list({ search: cases.a.reference });
		expect(list.cases.map((x) => x.familyLabel)).toEqual(['Anonymised family']);
	});

	it('a second run changes nothing and reports 0', async () => {
		const before = await snapshot(t.app);
		const run = await runRetention(t.app, { dryRun: false });
		expect(run.anonymised).toEqual([]);
		expect(await snapshot(t.app)).toEqual(before);
	});

	it('a minute later it is the 25th in New Zealand: B is due, and only B', async () => {
		t.clock.set('2027-11-24T11:00:00Z');
		const run = await runRetention(t.app, { dryRun: false });
		expect(run.anonymised.map((c) => `${c.reference} ${c.closedOn} ${c.dueSince}`)).toEqual([`${cases.b.reference} 2026-11-24 2027-11-25`]);
		// Tipene's case closed in September 2026; Te Awa North's protocol now says 12 months, but its own version says 84.
		expect(await anonymisedAt(cases.tipene.caseId)).toBeNull();
	});

	it('each LMG’s protocol counts: Southern Lakes’ case goes after its 24 months', async () => {
		t.clock.set('2028-11-23T10:59:00Z'); // 23:59 on the 23rd in New Zealand: the last day of its 24 months
		expect((await runRetention(t.app, { dryRun: false })).anonymised).toEqual([]);
		t.clock.set('2028-11-23T11:00:00Z');
		expect((await runRetention(t.app, { dryRun: false })).anonymised.map((c) => [c.reference, c.lmg, c.retentionMonths])).toEqual([[cases.c.reference, 'Southern Lakes', 24]]);
	});

	it('years on, the demo’s closed cases go too; open cases never; nothing personal is left of any of them', async () => {
		t.clock.set('2040-01-01T00:00:00Z');
		const run = await runRetention(t.app, { dryRun: false });
		expect(run.anonymised.map((c) => c.reference).sort()).toEqual([cases.mcdonald.reference, cases.parata.reference, cases.tipene.reference].sort());
		expect(run.held.map((h) => h.case.reference)).toEqual([cases.d.reference]);
		for (const open of [cases.open.caseId, (await caseOf('Ngata whānau')).caseId]) expect(await anonymisedAt(open)).toBeNull();

		// Names, dates of birth, the referral's words, notes, goals, actions and progress, minutes,
		// handover and lead reasons, the disclosure, the safety concern, closing reports, feedback, emails.
		const personal = [
			...['Parata', 'Nikau', 'Mareikura', '1989-04-12', 'overcrowded', 'back pain', 'kapa haka', 'thermal curtains', 'four days out of five', 'Losa will stay', 'burglary', 'former partner'],
			...['warm home', 'hui helped', 'family@demo.tautoko.nz', 'Tipene', 'Rongo', '1987-02-14', 'Reading recovery', 'Mere asked for Losa', 'Mere set two goals', 'back at work', 'Everyone listened'],
			...['McDonald', 'Lachlan', 'campervan', 'campground', 'motel', 'Aperahama', 'Bennett', 'Cameron']
		];
		expect(await whereFound(t.app, personal)).toEqual({});
		// What was not due keeps every word: the held case, the open ones, referrals that never became cases.
		expect(Object.keys(await whereFound(t.app, ['Dalziel', 'Ormsby', 'Kiri Ngata', 'Henare', 'Wilson family']))).toHaveLength(5);

		// The family's own account on the Parata case is gone too.
		expect(await t.db.selectFrom('app_user').select('id').where('name', '=', 'Aroha Parata').execute()).toEqual([]);
		expect(await t.db.selectFrom('session').innerJoin('app_user', 'app_user.id', 'session.user_id').select('session.id').where('app_user.family_member_id', 'is not', null).execute()).toHaveLength(0);
	});

	it('every page of an anonymised case still loads for its coordinator', async () => {
		const coordinator = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const caseId = cases.parata.caseId;
		const plan = await coordinator.plan.get({ caseId });
		expect(plan.goals.map((g) => g.text)).toEqual(['Anonymised', 'Anonymised', 'Anonymised']);
		await coordinator.conference.list({ caseId });
		await coordinator.consent.list({ caseId });
		await coordinator.case.protocol({ caseId });
		const timeline = await coordinator.case.timeline({ caseId });
		expect(timeline.map((e) => e.summary)).toContain('Case closed');
	});

	it('the LMGs’ reports for past periods are exactly what they were', async () => {
		expect(await reports()).toEqual(reportsBefore);
	});
});

/** The settings that point the CLI at this test app's database, SQLite file or PostgreSQL. */
const databaseOf = (t: TestApp): Record<string, string> => (t.config.postgres ? { DATABASE_URL: t.config.postgres.url } : { DATABASE_PATH: t.config.databasePath });

describe('npm run retention', () => {
	const run = promisify(execFile);
	let t: TestApp;
	let tipene: { reference: string; id: string };
	/** `database` replaces the test app's own database settings. */
	const cli = (args: string[], database: Record<string, string> = databaseOf(t)) =>
		// What `npx tsx src/cli/retention.ts` runs, without npm's own start-up on a busy machine.
		run('node_modules/.bin/tsx', ['src/cli/retention.ts', ...args], { env: { ...process.env, ...database } }).then(
			({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
			(error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr })
		);

	beforeAll(async () => {
		// The demo data, with the Tipene whānau's case closed on 17 November 2015 instead of 59 days
		// ago: the CLI runs on the real clock, and its 84 months must have ended whenever this runs.
		t = await createTestApp({ demo: true });
		const row = await t.db
			.selectFrom('family_case as c')
			.innerJoin('family as f', 'f.id', 'c.family_id')
			.select(['c.id', 'c.reference'])
			.where('f.label', '=', 'Tipene whānau')
			.executeTakeFirstOrThrow();
		tipene = { reference: row.reference, id: row.id };
		await t.db.updateTable('family_case').set({ closed_at: '2015-11-17T00:00:00.000Z' }).where('id', '=', row.id).execute();
	});
	afterAll(() => t.close());

	it('--dry-run lists the case, with its LMG and dates, and changes nothing', async () => {
		const before = await snapshot(t.app);
		const { code, stdout } = await cli(['--dry-run']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^Dry run: nothing was changed\. Checked 1 closed case not yet anonymised\./);
		expect(stdout).toMatch(/1 case is past the retention period and would be anonymised:/);
		expect(stdout).toMatch(new RegExp(`${tipene.reference}\\s+Te Awa North\\s+2015-11-17\\s+84 months\\s+2022-11-18`));
		expect(await snapshot(t.app)).toEqual(before);
	});

	it('a real run anonymises it and prints a summary; the next run finds nothing', async () => {
		const first = await cli([]);
		expect(first.code).toBe(0);
		expect(first.stdout).toMatch(/Anonymised 1 case past the retention period \(one audit row each\):/);
		expect(first.stdout).toContain(tipene.reference);
		expect(await retentionAudit(t.app)).toHaveLength(1);
		expect((await t.db.selectFrom('family').select('label').where('label', '=', 'Tipene whānau').execute()).length).toBe(0);

		const second = await cli([]);
		expect(second).toMatchObject({ code: 0, stdout: expect.stringMatching(/Anonymised 0 cases: none is past its retention period\./) });
		expect(await retentionAudit(t.app)).toHaveLength(1);
	});

	it('fails with a clear message and a non-zero exit code', async () => {
		expect(await cli([], { DATABASE_PATH: `${t.config.databasePath}.missing` })).toMatchObject({ code: 1, stderr: expect.stringMatching(/There is no database at .*\.missing/) });
		expect(await cli(['--dryrun'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown argument: --dryrun/) });
	});
});
