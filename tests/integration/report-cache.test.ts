import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { isPostgres, type Db } from '../../src/lib/server/db';
import { runRetention } from '../../src/lib/server/domain/retention/retention.service';
import { cachedByLmg, findLmgDataVersion } from '../../src/lib/server/domain/report/report-cache';
import { buildComparison, buildReport, buildSeries } from '../../src/lib/server/domain/report/report.service';
import { redactCounts } from '../../src/lib/server/domain/report/statistics';
import { createCaller } from '../../src/lib/server/trpc/router';
import { demo, idOf, referralFor } from './support/journeys';
import { createTestApp, type TestApp } from './support/test-app';

/*
 * The report cache (src/lib/server/domain/report/report-cache.ts) serves a report again only
 * while the LMG's data version is unchanged, and database triggers move that version
 * (migrations/2026-11-22T1300-report-data-version.ts). These tests prove the triggers cover every
 * table a report reads, that every kind of write that changes a report is seen at once, and that
 * an unchanged LMG is served without being computed again.
 */

/** The app with a database handle that records the SQL of every statement sent through it. */
function recording(app: App) {
	const statements: string[] = [];
	const executor = app.db.getExecutor();
	const recorder: KyselyPlugin = {
		transformQuery({ node, queryId }) {
			statements.push(executor.compileQuery(node, queryId).sql);
			return node;
		},
		async transformResult({ result }) {
			return result;
		}
	};
	return { app: { ...app, db: app.db.withPlugin(recorder) }, statements };
}

/** The tables named after FROM or JOIN in these statements (Kysely quotes every identifier on both dialects). */
function tablesRead(statements: string[]): string[] {
	return [...new Set(statements.flatMap((s) => [...s.matchAll(/\b(?:from|join)\s+"(\w+)"/gi)].map((m) => m[1])))].sort();
}

/** For each table, the events (insert, update, delete, truncate) on which a trigger moves lmg_data_version. */
async function versionTriggers(db: Db): Promise<Map<string, Set<string>>> {
	const found = new Map<string, Set<string>>();
	const add = (table: string, event: string) => found.set(table, (found.get(table) ?? new Set()).add(event));
	if (isPostgres(db)) {
		const { rows } = await sql<{ table_name: string; type: number; source: string }>`
			select c.relname as table_name, t.tgtype as type, p.prosrc as source
			from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
			where not t.tgisinternal`.execute(db);
		// pg_trigger.tgtype bits (PostgreSQL's trigger.h): 4 insert, 8 delete, 16 update, 32 truncate.
		const bits = { insert: 4, delete: 8, update: 16, truncate: 32 };
		for (const row of rows.filter((r) => r.source.includes('lmg_data_version'))) {
			for (const [event, bit] of Object.entries(bits)) if (Number(row.type) & bit) add(row.table_name, event);
		}
	} else {
		const { rows } = await sql<{ table_name: string; text: string }>`select tbl_name as table_name, sql as text from sqlite_master where type = 'trigger'`.execute(db);
		for (const row of rows.filter((r) => r.text.includes('lmg_data_version'))) {
			const event = /\bafter\s+(insert|update|delete)\s+on\b/i.exec(row.text)?.[1];
			if (event) add(row.table_name, event.toLowerCase());
		}
	}
	return found;
}

let t: TestApp;
let recorded: ReturnType<typeof recording>;
let north: string;
let south: string;
const period = { from: '2026-01-01', to: '2026-12-31' };
type Caller = ReturnType<typeof createCaller>;
let northReader: Caller;
let southReader: Caller;

/** A signed-in caller whose procedures run on the recording app: its reports, and their audit rows, are counted. */
async function recordedCaller(email: string): Promise<Caller> {
	const browser = await t.signedIn(email);
	return createCaller({ ...(await browser.context()), app: recorded.app });
}

const as = async (email: string) => (await t.signedIn(email)).caller();

/** The statements sent through the recording app while `work` ran, and its result. */
async function sentDuring<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
	const start = recorded.statements.length;
	const result = await work();
	return { result, sent: recorded.statements.slice(start) };
}

const summaryOf = (reader: Caller, lmgId: string) => reader.report.summary({ lmgId, ...period });
const seriesOf = (reader: Caller, lmgId: string) => reader.report.series({ lmgId, ...period });
/** What report.summary and report.series would say with no cache at all. */
const freshSummary = async (lmgId: string) => redactCounts(await buildReport(t.app, lmgId, period));
const freshSeries = async (lmgId: string) => redactCounts(await buildSeries(t.app, { lmgId, ...period }));

beforeAll(async () => {
	t = await createTestApp({ demo: true });
	recorded = recording(t.app);
	north = await idOf(t, 'lmg', 'Te Awa North');
	south = await idOf(t, 'lmg', 'Southern Lakes');
	northReader = await recordedCaller(demo.lmgNorth);
	southReader = await recordedCaller('lmg.south@demo.tautoko.nz');
});
afterAll(() => t.close());

describe('the data version triggers cover every table a report reads', () => {
	it('every table buildReport and buildSeries send a statement to has triggers for insert, update and delete', async () => {
		// Fresh copies of the report modules: published protocol versions are cached per process
		// (protocol.service.ts), and a statement not sent is a table not seen.
		vi.resetModules();
		const cold = await import('../../src/lib/server/domain/report/report.service');
		const { app, statements } = recording(t.app);
		// Over the whole of the demo data, so that every branch that reads a table runs.
		const everything = { from: '2020-01-01', to: '2030-12-31' };
		for (const { id } of await t.db.selectFrom('lmg').select('id').execute()) {
			await cold.buildReport(app, id, everything);
			await cold.buildSeries(app, { lmgId: id, ...everything });
		}
		const read = tablesRead(statements);
		// The branches ran: each of these is read only when there are cases, plans or closures to count.
		expect(read).toEqual(expect.arrayContaining(['action_plan', 'agency', 'conference', 'consent_event', 'family_case', 'feedback_answer', 'lmg', 'plan_action', 'protocol_version', 'referral']));

		const triggers = await versionTriggers(t.db);
		// An LMG's own version row is deleted with it (foreign key, on delete cascade): nothing to bump.
		const needed = (table: string) => (table === 'lmg' ? ['insert', 'update'] : ['insert', 'update', 'delete']);
		const uncovered = read.flatMap((table) => needed(table).filter((event) => !triggers.get(table)?.has(event)).map((event) => `${table} (${event})`));
		expect(uncovered, 'a report reads these without a trigger moving lmg_data_version: add one in a new migration').toEqual([]);
	});
});

describe('the cache serves an unchanged LMG without computing its report again', () => {
	it('a second read sends only the version lookup and its audit row, and answers the same', async () => {
		const first = await sentDuring(() => summaryOf(northReader, north));
		const again = await sentDuring(() => summaryOf(northReader, north));
		expect(first.sent.length).toBeGreaterThan(5);
		expect(again.sent).toEqual([expect.stringMatching(/from "lmg_data_version"/), expect.stringMatching(/^insert into "audit_log"/)]);
		expect(again.result).toEqual(first.result);
		expect(again.result).toEqual(await freshSummary(north));

		await seriesOf(northReader, north);
		const series = await sentDuring(() => seriesOf(northReader, north));
		expect(series.sent).toHaveLength(2);
		// A CSV is made from the same two cached results.
		const csv = await sentDuring(() => northReader.report.csv({ lmgId: north, ...period, table: 'timeliness' }));
		expect(csv.sent).toEqual([expect.stringMatching(/lmg_data_version/), expect.stringMatching(/lmg_data_version/), expect.stringMatching(/^insert into "audit_log"/)]);
	});

	it('each read is still authorised and audited: the cache holds results, not permission', async () => {
		await summaryOf(northReader, north);
		const refused = await summaryOf(southReader, north).catch((e: unknown) => e);
		expect(refused).toMatchObject({ code: 'FORBIDDEN' });
		const audited = await t.db.selectFrom('audit_log').select(['procedure', 'outcome']).where('procedure', '=', 'report.summary').orderBy('id', 'desc').limit(2).execute();
		expect(audited).toEqual([
			{ procedure: 'report.summary', outcome: 'denied' },
			{ procedure: 'report.summary', outcome: 'allowed' }
		]);
	});

	it('callers asking at once share one computation', async () => {
		const other = { from: '2026-02-01', to: '2026-10-31' };
		const both = await sentDuring(() => Promise.all([northReader.report.summary({ lmgId: north, ...other }), northReader.report.summary({ lmgId: north, ...other })]));
		expect(both.result[1]).toEqual(both.result[0]);
		expect(both.sent.filter((s) => /from "referral"/.test(s))).toHaveLength(1);
	});

	it('what one caller is handed cannot change what the next is handed', async () => {
		const first = await summaryOf(northReader, north);
		first.referrals.received.value = 999;
		first.lmg.name = 'Changed by a caller';
		expect(await summaryOf(northReader, north)).toEqual(await freshSummary(north));
		// The shared result itself is frozen.
		const shared = await cachedByLmg(t.app, 'test', north, 'frozen', async () => ({ counts: [{ value: 1 }] }));
		expect(Object.isFrozen(shared.counts[0])).toBe(true);
		expect(() => {
			shared.counts[0].value = 2;
		}).toThrow(TypeError);
	});

	it('a write that lands while a report is being built is never hidden behind it', async () => {
		let builds = 0;
		const build = async () => {
			builds++;
			// The first build is overtaken by a write to the LMG (one that changes nothing, but moves the version all the same).
			if (builds === 1) await t.db.updateTable('lmg').set((eb) => ({ name: eb.ref('name') })).where('id', '=', north).execute();
			return { build: builds };
		};
		expect(await cachedByLmg(t.app, 'race', north, 'period', build)).toEqual({ build: 1 });
		// Stored under the version read before it began, which the write has replaced: built again.
		expect(await cachedByLmg(t.app, 'race', north, 'period', build)).toEqual({ build: 2 });
		expect(await cachedByLmg(t.app, 'race', north, 'period', build)).toEqual({ build: 2 });
	});

	it('inside a transaction nothing is cached: the version there may count writes that are then rolled back', async () => {
		let builds = 0;
		const build = async () => ({ build: ++builds });
		await t.db.transaction().execute(async (trx) => {
			const inside = { ...t.app, db: trx };
			await cachedByLmg(inside, 'transaction', north, 'period', build);
			await cachedByLmg(inside, 'transaction', north, 'period', build);
		});
		expect(builds).toBe(2);
	});

	it('a write to another LMG leaves this LMG’s version, and its cached report, as they were', async () => {
		await summaryOf(northReader, north);
		const northVersion = await findLmgDataVersion(t.db, north);
		const southVersion = await findLmgDataVersion(t.db, south);
		await (await as(demo.police)).referral.create(referralFor(south, { family: { ...referralFor(south).family, label: 'Southern whānau' } }));
		expect(await findLmgDataVersion(t.db, south)).toBeGreaterThan(southVersion!);
		expect(await findLmgDataVersion(t.db, north)).toBe(northVersion);
		expect((await sentDuring(() => summaryOf(northReader, north))).sent).toHaveLength(2);
	});

	it('the administrator’s comparison computes each LMG once, then only the one that changed', async () => {
		const admin = await recordedCaller(demo.admin);
		// An LMG made now has its version from the start (its own insert trigger), so it is cached like the rest.
		const regionId = (await t.db.selectFrom('lmg').select('region_id').where('id', '=', north).executeTakeFirstOrThrow()).region_id;
		const { id: east } = await admin.admin.createLmg({ name: 'Te Awa East', regionId, timezone: 'Pacific/Auckland' });
		expect(await findLmgDataVersion(t.db, east)).toBeDefined();
		const lmgCount = (await t.db.selectFrom('lmg').select('id').execute()).length;
		await admin.report.compare(period);
		// The list of LMGs, a version lookup for each, and the audit row.
		expect((await sentDuring(() => admin.report.compare(period))).sent).toHaveLength(lmgCount + 2);
		await (await as(demo.police)).referral.create(referralFor(south, { family: { ...referralFor(south).family, label: 'Another southern whānau' } }));
		const after = await sentDuring(() => admin.report.compare(period));
		expect(after.sent.filter((s) => /from "referral"/.test(s))).toHaveLength(1);
		expect(after.result).toEqual(redactCounts(await Promise.all(after.result.map(async (r) => ({ region: r.region, ...(await buildComparison(t.app, r.lmg.id, period)) })))));
	});
});

describe('every kind of write that changes a report is seen by the next read', () => {
	/**
	 * Reads the report (so the cache holds it, and a second read proves it is served from there),
	 * makes the write, then checks that the LMG's version moved and that the next read answers
	 * exactly as a report computed without the cache. Returns what the API said before and after,
	 * and the reports as computed (`raw`), whose counts suppression does not hide.
	 */
	async function acrossWrite(write: () => Promise<unknown>, lmgId = north) {
		const before = await summaryOf(northReader, lmgId);
		await seriesOf(northReader, lmgId);
		expect((await sentDuring(() => summaryOf(northReader, lmgId))).sent, 'served from the cache before the write').toHaveLength(2);
		const version = await findLmgDataVersion(t.db, lmgId);
		const rawBefore = await buildReport(t.app, lmgId, period);
		await write();
		expect(await findLmgDataVersion(t.db, lmgId), 'the write moved the LMG’s data version').toBeGreaterThan(version!);
		const after = await summaryOf(northReader, lmgId);
		expect(after).toEqual(await freshSummary(lmgId));
		expect(await seriesOf(northReader, lmgId)).toEqual(await freshSeries(lmgId));
		return { before, after, raw: { before: rawBefore, after: await buildReport(t.app, lmgId, period) } };
	}

	const coordinator = () => as(demo.coordinatorNorth);
	const caseOf = async (label: string) =>
		(await t.db.selectFrom('family_case').innerJoin('family', 'family.id', 'family_case.family_id').select('family_case.id').where('family.label', '=', label).executeTakeFirstOrThrow()).id;
	/** A referral to Te Awa North from the school, assessed by the coordinator: ready for a decision. */
	async function assessedReferral(label: string) {
		const { id: referralId } = await (await as(demo.school)).referral.create(referralFor(north, { family: { ...referralFor(north).family, label } }));
		const c = await coordinator();
		const { criteria } = await c.referral.get({ referralId });
		await c.referral.assess({ referralId, answers: criteria.map((k) => ({ criterionKey: k.key, met: 'yes' as const })) });
		return referralId;
	}

	it('a referral submitted', async () => {
		const { before, after } = await acrossWrite(async () => (await as(demo.school)).referral.create(referralFor(north, { family: { ...referralFor(north).family, label: 'Submitted whānau' } })));
		expect(after.referrals.received.value).toBe(before.referrals.received.value! + 1);
	});

	it('a referral declined', async () => {
		const referralId = await assessedReferral('Declined whānau');
		const { before, after, raw } = await acrossWrite(async () => (await coordinator()).referral.decide({ referralId, decision: 'decline', reason: 'Needs a statutory response' }));
		expect(raw.after.decisions.declined.value).toBe(raw.before.decisions.declined.value + 1);
		expect(after.timeliness.referralToDecision).not.toEqual(before.timeliness.referralToDecision);
	});

	it('a referral accepted, opening a case', async () => {
		const referralId = await assessedReferral('Accepted whānau');
		const { before, after, raw } = await acrossWrite(async () => (await coordinator()).referral.decide({ referralId, decision: 'accept' }));
		expect(raw.after.decisions.accepted.value).toBe(raw.before.decisions.accepted.value + 1);
		expect(after.cases.openAtEnd).not.toEqual(before.cases.openAtEnd);
	});

	it('a plan saved, then agreed at a conference held, then one of its actions done', async () => {
		// The demo's Ngata whānau: awaiting its first conference, with consent for the NGO, health and the school.
		const caseId = await caseOf('Ngata whānau');
		const c = await coordinator();
		const options = await c.conference.options({ caseId });
		const user = (name: string) => [...options.facilitators, ...options.workers].find((p) => p.name === name)!.id;
		const [ngo, health, school] = [await idOf(t, 'agency', 'Whānau Tautoko Trust'), await idOf(t, 'agency', 'Awa Health Services'), await idOf(t, 'agency', 'Te Awa Primary School')];
		const { id: conferenceId } = await c.conference.schedule({ caseId, kind: 'initial', date: '2026-11-25', time: '10:00', location: 'Kaitāia hub', facilitatorId: user('Tania Rewi') });
		await c.conference.invite({ conferenceId, agencyIds: [ngo, health, school], familyMemberIds: [options.members.find((m) => m.name === 'Kiri Ngata')!.id] });

		const saved = await acrossWrite(() =>
			c.plan.save({
				caseId,
				baseVersion: 0,
				goals: [{ key: 'g-health', text: 'Ihaia is up to date with his vaccinations', domain: 'health_wellbeing', category: 'health', rating: 4 }],
				actions: ['2026-12-01', '2026-12-15', '2026-12-20'].map((dueOn, i) => ({ key: `a-${i}`, goalKey: 'g-health', description: `Health visit ${i + 1}`, category: 'health', responsibleAgencyId: health, dueOn }))
			})
		);
		// A draft counts for nothing: the version moved, the report did not.
		expect(saved.after).toEqual(saved.before);

		const invitees = (await c.conference.list({ caseId })).conferences.find((f) => f.id === conferenceId)!.invitees;
		await c.conference.recordAttendance({ conferenceId, attendance: invitees.map((i) => ({ inviteeId: i.id, attendance: 'present' as const })) });
		await c.case.setLeadAgency({ caseId, agencyId: ngo, leadWorkerId: user('Losa Faleolo'), reason: 'Kiri already trusts Losa' });
		t.clock.set('2026-11-25T00:00:00.000Z');
		const held = await acrossWrite(() => c.conference.hold({ conferenceId, planVersion: 1 }));
		expect(held.raw.after.timeliness.acceptanceToFirstConference.n.value).toBe(held.raw.before.timeliness.acceptanceToFirstConference.n.value + 1);
		const dueAt = (report: typeof held.after, agency: string) => report.actions.find((a) => a.agency === agency)?.due;
		expect(dueAt(held.after, 'Awa Health Services')).not.toEqual(dueAt(held.before, 'Awa Health Services'));

		const healthWorker = await as(demo.health);
		const action = (await healthWorker.plan.get({ caseId })).actions.find((a) => a.key === 'a-0')!;
		const done = await acrossWrite(() => healthWorker.action.update({ actionId: action.id, status: 'done', note: 'Vaccinations given.' }));
		const onTimeAt = (report: typeof done.after) => report.actions.find((a) => a.agency === 'Awa Health Services')!.onTime;
		expect(onTimeAt(done.after)).not.toEqual(onTimeAt(done.before));
	});

	it('consent withdrawn', async () => {
		const caseId = await caseOf('Parata whānau');
		const health = await idOf(t, 'agency', 'Awa Health Services');
		const { raw } = await acrossWrite(async () => (await coordinator()).consent.withdraw({ caseId, agencyId: health }));
		expect(raw.after.consentWithdrawals.value).toBe(raw.before.consentWithdrawals.value + 1);
	});

	it('a case closed with the family’s feedback', async () => {
		const caseId = await caseOf('Parata whānau');
		const c = await coordinator();
		await (await as(demo.ngo)).case.writeClosingReport({ caseId, report: 'The whānau is settled and ready to carry on without coordination.' });
		const { document } = (await c.protocol.get({ lmgId: north })).current;
		const { before, after, raw } = await acrossWrite(() =>
			c.case.close({ caseId, reason: document.closureReasons[0].key, feedback: document.feedbackQuestions.map((q) => ({ questionKey: q.key, answer: 'Yes' })) })
		);
		expect(after.cases.openAtEnd).not.toEqual(before.cases.openAtEnd);
		expect(raw.after.cases.closed.value).toBe(raw.before.cases.closed.value + 1);
		expect(raw.after.feedback.map((f) => f.answered.value)).toEqual(raw.before.feedback.map((f) => f.answered.value + 1));
	});

	it('a protocol published', async () => {
		const lmgAdmin = await as(demo.lmgNorth);
		const { document } = (await lmgAdmin.protocol.get({ lmgId: north })).current;
		const referralToDecision = { ...document.targets.referralToDecision, amount: document.targets.referralToDecision.amount + 5 };
		await lmgAdmin.protocol.saveDraft({ lmgId: north, document: { ...document, targets: { ...document.targets, referralToDecision } } });
		const { before, after } = await acrossWrite(() => lmgAdmin.protocol.publish({ lmgId: north, changeNote: 'Five more days to decide' }));
		expect(after.targets.referralToDecision.amount).toBe(before.targets.referralToDecision.amount + 5);
	});

	it('an agency renamed, and an LMG renamed, by hand (no service does either: the triggers see it all the same)', async () => {
		const agency = await acrossWrite(() => t.db.updateTable('agency').set({ name: 'Te Awa Kura' }).where('name', '=', 'Te Awa Primary School').execute());
		expect(agency.before.referrals.byAgency.map((r) => r.label)).toContain('Te Awa Primary School');
		expect(agency.after.referrals.byAgency.map((r) => r.label)).toContain('Te Awa Kura');
		expect(agency.after.referrals.byAgency.map((r) => r.label)).not.toContain('Te Awa Primary School');
		const lmg = await acrossWrite(() => t.db.updateTable('lmg').set({ name: 'Te Awa Raki' }).where('id', '=', north).execute());
		expect([lmg.before.lmg.name, lmg.after.lmg.name]).toEqual(['Te Awa North', 'Te Awa Raki']);
	});

	it('a closed case anonymised by the retention job', async () => {
		t.clock.set('2040-01-01T00:00:00.000Z');
		const closedInNorth = await caseOf('Parata whānau');
		const { before, after } = await acrossWrite(async () => {
			const run = await runRetention(t.app, { dryRun: false });
			expect(run.anonymised.map((c) => c.caseId)).toContain(closedInNorth);
		});
		// Retention keeps everything a report counts: the version moved, the figures did not.
		expect(after).toEqual(before);
	});
});
