import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { DEMO_PASSWORD, demo, type DemoAccount } from './demo-accounts';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { ReportComparePage } from './pages/ReportComparePage';
import { ReportPage, ReportPrintPage } from './pages/ReportPage';

async function signInAs(page: Page, account: DemoAccount): Promise<HomePage> {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(account.email, DEMO_PASSWORD);
	const home = new HomePage(page);
	await home.expectShownFor(account.firstName);
	return home;
}

const REFERRALS = 'Referrals received by referring agency';
const DECISION_DAYS = 'Days from referral to decision';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November'].map((m) => `${m} 2026`);

test('an LMG member reads the report: small counts hidden, variation charted, tables downloadable; an agency worker is refused', async ({ page }, testInfo) => {
	const home = await signInAs(page, demo.lmgNorth);

	// One LMG: Reports goes straight to its report, where the period is chosen.
	await page.goto('/reports');
	const report = new ReportPage(page);
	await report.expectShown('Te Awa North');
	await report.choosePeriod('2026-01-01', '2026-11-30');
	await report.expectShown('Te Awa North');
	await expect(page.getByText('1 Jan 2026 to 30 Nov 2026', { exact: true })).toBeVisible();
	for (const heading of ['Referrals received', 'Decisions on referrals', 'Timeliness', 'Timeliness month by month', 'Actions completed by their due date', 'Cases', 'Closure reasons', 'Family feedback']) {
		await expect(report.section(heading)).toBeVisible();
	}
	for (const caption of [REFERRALS, 'Decisions on referrals', 'Timeliness', 'Actions completed by their due date, by agency', 'Cases open and closed']) {
		await expect(report.table(caption)).toBeVisible();
	}

	// Referrals by agency: an agency that referred one or two families shows "<3", never the number; the total is shown.
	const referrals = report.table(REFERRALS);
	const agencyCounts = await referrals.locator('tbody tr td').allInnerTexts();
	expect(agencyCounts.length).toBeGreaterThan(1);
	expect(agencyCounts).toContain('<3');
	for (const shown of agencyCounts) expect(shown).toMatch(/^(<3|0|[3-9]|\d{2,})$/);
	await expect(referrals.getByRole('row', { name: /^All agencies/ }).getByRole('cell')).toHaveText(/^(\d{2,}|[3-9])$/);

	// The run chart: an image with a name and a summary, screenshotted, with its numbers in a table beside it.
	const chart = report.runChart(DECISION_DAYS);
	await expect(chart).toBeVisible();
	const image = chart.getByRole('img', { name: `${DECISION_DAYS}, by month`, exact: true });
	await expect(image).toHaveAccessibleDescription(/^Median days from referral to decision in each month from January 2026 to November 2026\./);
	await testInfo.attach('run chart: days from referral to decision', { body: await chart.screenshot(), contentType: 'image/png' });
	const months = report.runChartTable(DECISION_DAYS);
	await expect(months.getByRole('rowheader')).toHaveText(MONTHS);
	await expect(report.runChartTable('Days from acceptance to first conference').getByRole('rowheader')).toHaveCount(MONTHS.length);

	// The referrals table as CSV: the same suppression, and nothing that names a family or a case.
	const [download] = await Promise.all([page.waitForEvent('download'), report.csvLink('referrals received by referring agency').click()]);
	expect(download.suggestedFilename()).toBe('Te-Awa-North-referrals-2026-01-01-to-2026-11-30.csv');
	const csv = await readFile(await download.path(), 'utf8');
	expect(csv).toContain('Referring agency,Referrals received');
	expect(csv).toContain('<3');
	expect(csv).toMatch(/All agencies,\d+/);
	for (const name of ['Parata', 'Ngata', 'Tipene', 'TAN-']) expect(csv).not.toContain(name);

	// The printable report for the LMG's meeting.
	const reportUrl = page.url();
	await report.printableReport.click();
	const print = new ReportPrintPage(page);
	await print.expectShown('Te Awa North');
	await expect(page.getByRole('table', { name: REFERRALS, exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Download CSV/ })).toHaveCount(0);
	await home.signOut();

	// The same report's address, opened by an agency worker: refused, and so is its CSV.
	await signInAs(page, demo.workerHealth);
	await page.goto(reportUrl);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
	await expect(page.getByRole('table')).toHaveCount(0);
	await expectAccessible(page);
	const csvUrl = reportUrl.replace('?', '/csv?table=referrals&');
	expect((await page.request.get(csvUrl)).status()).toBe(403);
});

test('an administrator compares every LMG side by side', async ({ page }) => {
	await signInAs(page, demo.admin);
	await page.goto('/reports');
	await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('main').getByRole('link', { name: 'Compare LMGs' }).click();
	const compare = new ReportComparePage(page);
	await compare.expectShown();
	for (const caption of ['Referrals and decisions, by LMG', 'Days from referral to decision, by LMG', 'Cases and consent, by LMG']) {
		const table = compare.table(caption);
		for (const lmg of ['Te Awa North', 'Southern Lakes', 'Wharekauri Chatham Islands']) await expect(table.getByRole('rowheader', { name: lmg, exact: true })).toBeVisible();
	}
	// Small counts are hidden here too.
	await expect(compare.table('Referrals and decisions, by LMG').getByRole('cell', { name: '<3', exact: true }).first()).toBeVisible();
	// And the comparison downloads as one CSV, with the same protection.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV of the comparison of LMGs', exact: true }).click()]);
	const csv = await readFile((await download.path())!, 'utf8');
	for (const lmg of ['Te Awa North', 'Southern Lakes', 'Wharekauri Chatham Islands']) expect(csv).toContain(lmg);
	expect(csv).toContain('<3');
	// The count columns never hold a 1 or a 2 (medians and shares are not counts).
	const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((line) => line.split(','));
	const countColumns = ['Referrals received', 'Accepted', 'Declined', 'Cases open at the end', 'Cases closed', 'Consent withdrawals'].map((name) => header.indexOf(name));
	expect(countColumns).not.toContain(-1);
	for (const row of rows) for (const column of countColumns) expect(['1', '2']).not.toContain(row[column]);
});
