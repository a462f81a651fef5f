import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, idOf } from './support/journeys';
import { refusal } from './support/refusal';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp({ demo: true });
});
afterAll(() => t.close());

const period = { from: '2026-01-01', to: '2026-11-30' };

describe('reports to the LMG', () => {
	it('an LMG’s member and coordinator read it; another LMG’s member, an agency worker and a family cannot', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		for (const reader of [demo.lmgNorth, demo.coordinatorNorth]) {
			const report = await (await (await t.signedIn(reader)).caller()).report.summary({ lmgId: north, ...period });
			expect(report.lmg.name).toBe('Te Awa North');
		}
		for (const outsider of ['lmg.south@demo.tautoko.nz', demo.coordinatorSouth, demo.health, demo.family]) {
			expect((await refusal((await (await t.signedIn(outsider)).caller()).report.summary({ lmgId: north, ...period }))).code).toBe('FORBIDDEN');
		}
		expect((await refusal((await (await t.signedIn(demo.lmgNorth)).caller()).report.compare(period))).code).toBe('FORBIDDEN');
	});

	it('never shows a count under three, on the page or in the CSV, and never names a family or a case', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const lmg = await (await t.signedIn(demo.lmgNorth)).caller();
		const report = await lmg.report.summary({ lmgId: north, ...period });
		// What the API sends: no count of 1 or 2 anywhere, and no value at all behind a "<3".
		expect(JSON.stringify(report)).not.toMatch(/"value":[12],/);
		expect(JSON.stringify(report)).not.toMatch(/"value":\d+,"suppressed":true/);
		const series = await lmg.report.series({ lmgId: north, ...period });
		expect(JSON.stringify(series)).not.toMatch(/"value":[12],"suppressed"/);
		// Referrals received this year in Te Awa North: 7 from 4 agencies, so some agencies are hidden.
		expect(report.referrals.received).toEqual({ value: 7, suppressed: false });
		expect(report.referrals.byAgency.filter((r) => r.count.suppressed).length).not.toBe(1);
		const csv = await lmg.report.csv({ lmgId: north, ...period, table: 'referrals' });
		expect(csv.csv).toMatch(/<3/);
		expect(csv.csv).not.toMatch(/,[12]\r?\n/);
		const everything = JSON.stringify(report) + csv.csv + (await lmg.report.csv({ lmgId: north, ...period, table: 'decisions' })).csv;
		const families = (await t.db.selectFrom('family').select('label').execute()).map((f) => f.label);
		const members = (await t.db.selectFrom('family_member').select('name').execute()).map((m) => m.name);
		for (const name of [...families, ...members]) expect(everything).not.toContain(name);
		expect(everything).not.toMatch(/[A-Z]{2,4}-\d{4}-\d{4}/);
		// A decline reason given once is pooled, never quoted.
		expect(everything).not.toContain('attendance service');
	});

	it('draws monthly run charts with control limits', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const series = await (await (await t.signedIn(demo.coordinatorNorth)).caller()).report.series({ lmgId: north, ...period });
		expect(series.referralToDecision.points.map((p) => p.period)).toHaveLength(11);
		expect(series.referralToDecision.points.every((p) => p.value === null || !p.n.suppressed)).toBe(true);
	});

	it('never leaves a single month hidden beside a shown total for the period', async () => {
		const north = await idOf(t, 'lmg', 'Te Awa North');
		const caller = await (await t.signedIn(demo.coordinatorNorth)).caller();
		const series = await caller.report.series({ lmgId: north, ...period });
		const summary = await caller.report.summary({ lmgId: north, ...period });
		for (const [chart, total] of [
			[series.referralToDecision, summary.timeliness.referralToDecision.n],
			[series.acceptanceToFirstConference, summary.timeliness.acceptanceToFirstConference.n]
		] as const) {
			const hidden = chart.points.filter((p) => p.n.suppressed).length;
			if (hidden === 1) expect(total.suppressed).toBe(true);
		}
	});

	it('lets an administrator compare LMGs side by side, on the page and as CSV', async () => {
		const admin = await (await t.signedIn(demo.admin)).caller();
		const comparison = await admin.report.compare(period);
		expect(comparison.map((r) => r.lmg.name)).toEqual(['Te Awa North', 'Southern Lakes', 'Wharekauri Chatham Islands']);
		// Each LMG's row has the figures of its own report, all but the actions and feedback the comparison leaves out.
		const north = await (await (await t.signedIn(demo.lmgNorth)).caller()).report.summary({ lmgId: await idOf(t, 'lmg', 'Te Awa North'), ...period });
		const { actions, feedback, ...headline } = north;
		expect(actions.length).toBeGreaterThan(0);
		expect(feedback.length).toBeGreaterThan(0);
		expect(comparison[0]).toEqual({ region: 'Northern', ...headline });
		const { csv } = await admin.report.compareCsv(period);
		const rows = csv.trim().split('\r\n');
		expect(rows).toHaveLength(4);
		expect(rows[1]).toMatch(/^Northern,Te Awa North,7,/);
		expect(csv).not.toMatch(/,[12],|,[12]$/m);
		expect((await refusal((await (await t.signedIn(demo.lmgNorth)).caller()).report.compareCsv(period))).code).toBe('FORBIDDEN');
	});
});
