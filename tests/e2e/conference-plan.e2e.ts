import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { DEMO_PASSWORD, demo, type DemoAccount } from './demo-accounts';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ConferencesPage } from './pages/ConferencesPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { PlanEditPage } from './pages/PlanEditPage';
import { PlanPage } from './pages/PlanPage';
import { PlanPrintPage } from './pages/PlanPrintPage';

async function signInAs(page: Page, account: DemoAccount): Promise<HomePage> {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(account.email, DEMO_PASSWORD);
	const home = new HomePage(page);
	await home.expectShownFor(account.firstName);
	return home;
}

/** A date some days from today in Te Awa North (Pacific/Auckland), as a date field takes it. */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Pacific/Auckland' });

const NGO = 'Whānau Tautoko Trust';
const HEALTH = 'Awa Health Services';
const SCHOOL = 'Te Awa Primary School';

const goals = [
	{ text: 'Manaia feels safe and happy at school', area: 'Learning and education', kind: 'Education', rating: 3 },
	{ text: 'Ihaia is up to date with his vaccinations', area: 'Health and wellbeing', kind: 'Health', rating: 2 },
	{ text: 'Kiri has people to call on and a plan for the whānau', area: 'Whānau and relationships', kind: 'Other', rating: 4 }
];
const actions = {
	ngoVisits: { description: 'Weekly home visit to plan with Kiri', goal: 'Goal 3 (the new goal typed above)', kind: 'Other', agency: NGO, worker: `Losa Faleolo, ${NGO}`, dueOn: daysAhead(21) },
	ngoSubsidy: { description: 'Help Kiri apply for the childcare subsidy', kind: 'Income', agency: NGO, dueOn: daysAhead(28) },
	healthVaccines: { description: 'Catch-up vaccinations for Ihaia', goal: 'Goal 2 (the new goal typed above)', kind: 'Health', agency: HEALTH, worker: `Priya Sharma, ${HEALTH}`, dueOn: daysAhead(14) },
	healthGp: { description: 'GP check-in for Kiri', kind: 'Health', agency: HEALTH, dueOn: daysAhead(30) },
	schoolSpace: { description: 'A quiet space and a lunchtime buddy for Manaia', goal: 'Goal 1 (the new goal typed above)', kind: 'Education', agency: SCHOOL, worker: `Anna Fraser, ${SCHOOL}`, dueOn: daysAhead(10) }
};

test('a case goes from its first conference, through a plan its agencies work on and a review, to closure', async ({ page }) => {
	test.setTimeout(120_000);
	const family = 'Ngata whānau';

	// The coordinator's work queue leads to the case waiting for its first conference.
	let home = await signInAs(page, demo.coordinatorNorth);
	const waiting = home.section('Today’s work').getByRole('region', { name: /^Cases awaiting a first conference/ });
	await waiting.getByRole('link', { name: /^Ngata whānau \(/ }).click();
	const conferences = new ConferencesPage(page);
	await conferences.expectShown();
	const caseUrl = new URL(page.url()).pathname.replace(/\/conferences$/, '');

	// Schedule the initial conference, shown back in the LMG's local time, and invite the family's choice of people.
	await conferences.schedule({ kind: 'Initial conference', date: daysAhead(3), time: '10:00', location: 'Te Awa Primary School whānau room', facilitator: 'Hemi Walker, coordinator' });
	const initial = conferences.conference(/^Initial conference, .* at 10:00 am$/);
	await expect(initial).toContainText('Scheduled');
	await conferences.invite({ agencies: [NGO, HEALTH, SCHOOL], familyMembers: ['Kiri Ngata'] });
	const invited = initial.getByRole('table').getByRole('rowheader');
	await expect(invited).toHaveCount(4);
	expect((await invited.allInnerTexts()).sort()).toEqual([NGO, HEALTH, SCHOOL, 'Kiri Ngata'].sort());

	// The plan: three goals in the family's words and five actions across the three agencies.
	const plan = new PlanPage(page);
	await plan.goto(caseUrl);
	let edit = await plan.openEdit('Start the plan');
	for (const [i, goal] of goals.entries()) await edit.writeGoal(i + 1, goal);
	for (const [i, action] of Object.values(actions).entries()) await edit.writeAction(i + 1, action);
	await edit.save();
	await plan.expectShown();
	await expect(plan.confirmation).toHaveText('Plan version 1 is saved. It is a draft until a conference agrees it.');
	await expect(plan.actionDescriptions()).toHaveCount(5);

	// Holding needs a lead agency with consent: the trust, with Losa as lead worker.
	await page.goto(caseUrl);
	const casePage = new CasePage(page);
	await casePage.expectShown(family);
	const appoint = page.getByRole('form', { name: 'Appoint lead agency' });
	await appoint.getByLabel('Lead agency', { exact: true }).selectOption({ label: NGO });
	await appoint.getByLabel('Lead worker', { exact: true }).selectOption({ label: `Losa Faleolo, ${NGO}` });
	await appoint.getByLabel('Why this agency leads', { exact: true }).fill('Kiri knows Losa and asked for the trust to lead.');
	await appoint.getByRole('button', { name: 'Appoint lead agency' }).click();
	await expect(casePage.confirmation).toHaveText('The lead agency is appointed. The lead worker is told.');
	await expect(page.getByRole('region', { name: 'Lead agency' })).toContainText(`${NGO} leads this case; the lead worker is Losa Faleolo.`);
	await expectAccessible(page);

	// On the day: everyone came; the conference agrees version 1.
	await page.getByRole('link', { name: 'Conferences', exact: true }).click();
	await conferences.expectShown();
	await conferences.recordEveryonePresent('Kiri spoke first about what matters to the whānau.', 'The trust leads; review in six weeks.');
	expect(await conferences.hold()).toContain('Plan version 1 is agreed and sent to everyone who was there.');
	await expect(initial).toContainText('Held');
	await home.signOut();

	// Each agency's worker updates its own action, and sees only what the family shares with it.
	const updates: [DemoAccount, string, string[]][] = [
		[demo.workerNgo, actions.ngoVisits.description, Object.values(actions).map((a) => a.description)],
		[demo.workerHealth, actions.healthVaccines.description, [actions.healthVaccines.description, actions.healthGp.description]],
		[demo.workerSchool, actions.schoolSpace.description, [actions.schoolSpace.description]]
	];
	for (const [worker, description, visible] of updates) {
		home = await signInAs(page, worker);
		await plan.goto(caseUrl);
		await expect(plan.actionDescriptions()).toHaveText(visible);
		await plan.updateAction(description, 'In progress', `Started this week (${worker.firstName}).`);
		await home.signOut();
	}

	// The review conference: new ratings, agreed as version 2.
	home = await signInAs(page, demo.coordinatorNorth);
	await page.goto(`${caseUrl}/conferences`);
	await conferences.expectShown();
	await conferences.schedule({ kind: 'Review conference', date: daysAhead(10), time: '10:00', location: 'Kaitāia marae', facilitator: 'Hemi Walker, coordinator' });
	await conferences.invite({ agencies: [NGO, HEALTH, SCHOOL], familyMembers: ['Kiri Ngata'] });
	edit = new PlanEditPage(page);
	await edit.goto(caseUrl);
	await edit.rate(1, 6);
	await edit.rate(2, 5);
	await edit.save();
	await plan.expectShown();
	await expect(plan.confirmation).toContainText('Plan version 2 is saved.');
	await page.goto(`${caseUrl}/conferences`);
	await conferences.expectShown();
	await conferences.recordEveryonePresent('Manaia is going to school every day.', 'Keep going; close at the next review if all is well.');
	expect(await conferences.hold()).toContain('Plan version 2 is agreed');
	await plan.goto(caseUrl);
	await expect(plan.goal(goals[0].text).getByRole('cell')).toHaveText(['Learning and education', '6', /^3 → 6/]);
	await expect(plan.goal(goals[2].text).getByRole('cell').nth(2)).toHaveText(/^4 → 4/);
	await expect(plan.changes).toContainText(`“${goals[0].text}”: rating 3 → 6`);
	await expect(plan.action(actions.healthVaccines.description)).toContainText('Started this week (Priya).');
	await home.signOut();

	// The lead worker writes the closing report.
	home = await signInAs(page, demo.workerNgo);
	await page.goto(caseUrl);
	await casePage.expectShown(family);
	const report = page.getByRole('form', { name: 'Closing report' });
	await report.getByLabel('Closing report', { exact: true }).fill('Manaia is settled at school and Ihaia is fully vaccinated. Kiri has the trust’s number and a plan for the whānau.');
	await report.getByRole('button', { name: 'Save the closing report' }).click();
	await expect(casePage.confirmation).toHaveText('The closing report is saved.');
	await expectAccessible(page);
	await home.signOut();

	// The coordinator closes the case with the family's feedback; from then on it is read-only.
	home = await signInAs(page, demo.coordinatorNorth);
	await page.goto(caseUrl);
	await casePage.expectShown(family);
	const close = page.getByRole('form', { name: 'Close this case' });
	await close.getByRole('radio', { name: 'The plan’s goals were met', exact: true }).check();
	await close.getByLabel('Did you feel listened to?', { exact: true }).fill('Yes, everyone heard what Kiri wanted.');
	await close.getByLabel('Did the plan help your family?', { exact: true }).fill('Ae, the children are doing well.');
	await close.getByRole('button', { name: 'Close this case' }).click();
	await expect(casePage.confirmation).toHaveText('The case is closed. It can no longer change.');
	await expect(page.getByText(/^\s*Status: Closed/)).toBeVisible();
	const closed = page.getByRole('region', { name: 'This case is closed' });
	await expect(closed).toContainText('The plan’s goals were met');
	await expect(closed).toContainText('Manaia is settled at school');
	await expect(closed).toContainText('Yes, everyone heard what Kiri wanted.');
	await expect(page.getByRole('main').locator('form')).toHaveCount(0);
	await expectAccessible(page);
	await page.goto(`${caseUrl}/plan`);
	await plan.expectShown();
	await expect(page.getByRole('main').locator('form')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Change the plan' })).toHaveCount(0);
});

/** The Parata whānau: active, with the trust leading and Losa as lead worker. */
async function openParata(page: Page): Promise<string> {
	const cases = new CaseListPage(page);
	await cases.goto();
	await cases.searchFor('Parata whānau');
	const casePage = await cases.open('Parata whānau');
	return casePage.url();
}

test('two people save the same plan version: the second is told so and keeps everything typed', async ({ page, browser, baseURL }) => {
	test.setTimeout(60_000);
	const unique = Date.now().toString(36);
	await signInAs(page, demo.coordinatorNorth);
	const caseUrl = await openParata(page);
	const first = new PlanEditPage(page);
	await first.goto(caseUrl);

	// The lead worker opens the same version in her own browser.
	const other = await browser.newContext({ baseURL, locale: 'en-NZ', timezoneId: 'Pacific/Auckland' });
	const leadPage = await other.newPage();
	await signInAs(leadPage, demo.workerNgo);
	const second = new PlanEditPage(leadPage);
	await second.goto(caseUrl);

	await first.writeGoal(first.newGoalRow(), { text: `Aroha’s back pain is managed (${unique})`, area: 'Health and wellbeing', kind: 'Health', rating: 4 });
	await first.save();
	const plan = new PlanPage(page);
	await plan.expectShown();
	await expect(plan.confirmation).toContainText(/^Plan version \d+ is saved\./);

	const typed = `The whānau moves into a four-bedroom home (${unique})`;
	const row = second.newGoalRow();
	const rowName = (await row.locator('legend').innerText()).trim();
	await second.writeGoal(row, { text: typed, area: 'Home and housing', kind: 'Housing', rating: 2 });
	await second.save();
	await expect(second.problem).toBeVisible();
	await expect(second.problem).toContainText('Someone else saved this plan');
	await expect(second.problem).toContainText('your changes are still in the form');
	const kept = second.form.getByRole('group', { name: rowName, exact: true });
	await expect(kept.getByLabel('The goal, in the family’s words', { exact: true })).toHaveValue(typed);
	await expect(kept.getByLabel('Area of life', { exact: true })).toHaveValue('home');
	await expect(kept.getByLabel('Where the family is now, from 0 to 10', { exact: true })).toHaveValue('2');
	await expect(leadPage.getByRole('heading', { name: /^Version \d+ was saved while you were typing$/ })).toBeVisible();
	await expectAccessible(leadPage);
	await other.close();
});

test('the printable plan lists every goal and action, passes axe, and prints to PDF', async ({ page }, testInfo) => {
	const unique = Date.now().toString(36);
	await signInAs(page, demo.coordinatorNorth);
	const caseUrl = await openParata(page);
	const edit = new PlanEditPage(page);
	await edit.goto(caseUrl);
	await edit.writeGoal(edit.newGoalRow(), { text: `Nikau gets to school every day (${unique})`, area: 'Learning and education', kind: 'Education', rating: 5 });
	const action = edit.form.getByRole('group', { name: /^Action \d+ \(new\)$/ }).first();
	await action.getByLabel('What will be done', { exact: true }).fill(`Walking school bus for Nikau (${unique})`);
	await action.getByLabel('Kind of information', { exact: true }).selectOption({ label: 'Education' });
	await action.getByLabel('Responsible agency', { exact: true }).selectOption({ label: SCHOOL });
	await action.getByLabel('Due date', { exact: true }).fill(daysAhead(14));
	await edit.save();

	const plan = new PlanPage(page);
	await plan.expectShown();
	const version = Number(/Plan version (\d+) is saved/.exec(await plan.confirmation.innerText())![1]);
	const goalTexts = await plan.goals.getByRole('rowheader').allInnerTexts();
	const actionTexts = await plan.actionDescriptions().allInnerTexts();
	expect(goalTexts).toContain(`Nikau gets to school every day (${unique})`);
	expect(actionTexts).toContain(`Walking school bus for Nikau (${unique})`);

	const print = await plan.openPrint(version);
	await expect(print.goalTexts()).toHaveText(goalTexts);
	await expect(print.actionDescriptions()).toHaveText(actionTexts);
	await expect(print.printButton).toBeVisible();

	// As printed: no site header or navigation, no print button, every goal and action on the page.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await expect(print.printButton).toBeHidden();
	for (const text of [...goalTexts, ...actionTexts]) await expect(page.getByRole('rowheader', { name: text, exact: true })).toBeVisible();
	await expectAccessible(page);
	const pdf = await page.pdf({ format: 'A4', printBackground: false });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.length).toBeGreaterThan(5_000);
	await testInfo.attach('plan.pdf', { body: pdf, contentType: 'application/pdf' });
	await testInfo.attach('plan-as-printed.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});
