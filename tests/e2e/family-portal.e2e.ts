import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { DEMO_PASSWORD, demo, type DemoAccount } from './demo-accounts';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { HomePage } from './pages/HomePage';
import { JoinPage } from './pages/JoinPage';
import { LoginPage } from './pages/LoginPage';
import { PortalAccessPage } from './pages/PortalAccessPage';
import { PortalConsentPage } from './pages/PortalConsentPage';
import { PortalHomePage } from './pages/PortalHomePage';
import { PortalMeetingsPage } from './pages/PortalMeetingsPage';
import { PortalPlanPage } from './pages/PortalPlanPage';

/*
 * The family portal (issue 5): Aroha Parata's own view of the Parata whānau's case (Te Awa North,
 * lead agency Whānau Tautoko Trust, lead worker Losa Faleolo), in English and te reo Māori.
 */
const TRUST = 'Whānau Tautoko Trust';

/** Signs a family member in straight to the portal. */
async function signInToPortal(page: Page, account: DemoAccount): Promise<PortalHomePage> {
	const login = new LoginPage(page);
	await page.goto('/login?redirectTo=%2Fportal');
	await login.expectShown();
	await login.signIn(account.email, DEMO_PASSWORD);
	const portal = new PortalHomePage(page);
	await portal.expectShownFor(account.firstName);
	return portal;
}

/** A staff member in a browser of their own (a second person at another computer). */
async function staffBrowser(browser: Browser, baseURL: string | undefined, account: DemoAccount): Promise<Page> {
	const context = await browser.newContext({ baseURL, locale: 'en-NZ', timezoneId: 'Pacific/Auckland' });
	const page = await context.newPage();
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(account.email, DEMO_PASSWORD);
	await new HomePage(page).expectShownFor(account.firstName);
	return page;
}

test('Aroha withdraws consent for the lead agency: its worker is refused at once, the coordinator is told, and giving it back restores access', async ({ page, browser, baseURL }) => {
	test.setTimeout(60_000);
	const portal = await signInToPortal(page, demo.family);
	await expect(portal.main).toContainText('Parata whānau');
	await expect(portal.fact('Lead agency')).toHaveText(TRUST);
	await expect(portal.fact('Your coordinator')).toContainText('coordinator.north@demo.tautoko.nz');

	// Her plan, with her own task marked in words, and her meetings.
	await portal.navigation().getByRole('link', { name: 'Our plan', exact: true }).click();
	const plan = new PortalPlanPage(page);
	await plan.expectShown();
	const goal = plan.goal('Our whānau has a warm, dry home big enough for all of us');
	await expect(goal).toContainText('Where we are now: 3 out of 10');
	const mine = plan.action('Bring the tenancy and income papers to the housing meeting');
	await expect(mine).toContainText('This is yours');
	await expect(mine).toContainText('Not started yet');
	const trusts = plan.action('Fit thermal curtains and a dehumidifier');
	await expect(trusts).toContainText(TRUST);
	await expect(trusts).not.toContainText('This is yours');
	await expect(page.getByRole('main')).not.toContainText(/not_started|in_progress|g-home|a-forms/);

	await portal.navigation().getByRole('link', { name: 'Our meetings', exact: true }).click();
	const meetings = new PortalMeetingsPage(page);
	await meetings.expectShown();
	const review = meetings.meeting(meetings.past, /^Review meeting: /);
	await expect(review).toContainText('10:00 am');
	await expect(review).toContainText('Whānau Tautoko Trust, Kaitāia');
	await expect(review.getByRole('listitem')).toContainText([TRUST, 'Aroha Parata']);

	// Losa, the trust's lead worker, has the case open in her own browser.
	const worker = await staffBrowser(browser, baseURL, demo.workerNgo);
	const cases = new CaseListPage(worker);
	await cases.goto();
	await cases.searchFor('Parata');
	const workerCase = await cases.open('Parata whānau');
	const caseUrl = workerCase.url();

	// Aroha withdraws the trust's consent: choose, then confirm.
	await portal.navigation().getByRole('link', { name: 'Who can see our information', exact: true }).click();
	const consent = new PortalConsentPage(page);
	await consent.expectShown();
	await expect(consent.agency(TRUST)).toContainText('Can see');
	const explained = await consent.withdraw(TRUST);
	expect(explained).toContain(`From now on, ${TRUST} cannot see your information.`);
	expect(explained).toContain('Their tasks in your plan will be given to someone else.');
	expect(explained).toContain('If they were leading your plan, your coordinator will help find a new lead.');
	expect(explained).toContain('Nothing is deleted; you can give consent back at any time.');
	await expect(consent.confirmation).toHaveText(`Done. ${TRUST} can no longer see your information. Your coordinator has been told.`);
	await expect(consent.agency(TRUST)).toContainText('Consent withdrawn: cannot see');
	await expect(consent.agency(TRUST)).toContainText('By your whānau, here in Tautoko');

	// Losa's next navigation to the case finds nothing.
	await worker.goto(caseUrl);
	await expect(worker.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	await expectAccessible(worker);

	// The coordinator is told, and the case shows it needs a lead agency.
	const coordinator = await staffBrowser(browser, baseURL, demo.coordinatorNorth);
	await coordinator.goto('/notifications');
	const told = coordinator.getByRole('link', { name: 'TAN-2026-0001 needs a new lead agency' }).first();
	await expect(told).toBeVisible();
	await expectAccessible(coordinator);
	await told.click();
	const coordinatorCase = new CasePage(coordinator);
	await coordinatorCase.expectShown('Parata whānau');
	await expect(coordinator.getByText('Needs a lead agency').first()).toBeVisible();

	// Aroha gives consent back the same way, and Losa can open the case again.
	const given = await consent.giveBack(TRUST);
	expect(given).toContain(`From now on, ${TRUST} can see your information.`);
	await expect(consent.confirmation).toHaveText(`Done. ${TRUST} can see your information again. Your coordinator has been told.`);
	await expect(consent.agency(TRUST)).toContainText('Can see');
	await expect(consent.agency(TRUST)).not.toContainText('cannot see');
	await worker.goto(caseUrl);
	await new CasePage(worker).expectShown('Parata whānau');

	// Her access log shows the trust's reads, by name (Te Awa North shows names), and the sharing without consent.
	await portal.navigation().getByRole('link', { name: 'Who looked', exact: true }).click();
	const access = new PortalAccessPage(page);
	await access.expectShown();
	await expect(access.entries.filter({ hasText: `Losa Faleolo, Worker at ${TRUST}` }).filter({ hasText: 'Looked at your family’s record' }).first()).toBeVisible();
	const shared = access.disclosures.filter({ hasText: 'Shared with Care and Protection Services' });
	await expect(shared).toContainText('To prevent a serious threat to someone’s life, health or safety');
	await expect(shared).toContainText('A threat was made against the children');
	await worker.context().close();
	await coordinator.context().close();
});

test('Aroha asks that a worker is not invited to the family’s meetings, and is told the coordinator will know', async ({ page }) => {
	await signInToPortal(page, demo.family);
	const meetings = new PortalMeetingsPage(page);
	await meetings.goto();
	await meetings.askNotInvited(null);
	await expect(meetings.problem).toContainText('Choose a worker from the list');
	await expect(meetings.problem).toBeFocused();
	await expectAccessible(page);
	await meetings.askNotInvited('Wiremu Hohaia, Police – Awa and Lakes Area', 'We would rather talk with the police another time.');
	await meetings.expectShown();
	await expect(meetings.confirmation).toHaveText('Thank you. Your coordinator will be told that you asked for Wiremu Hohaia not to be invited.');
	await expect(meetings.declineForm.getByRole('option', { name: 'Wiremu Hohaia, Police – Awa and Lakes Area (you have already asked)' })).toHaveCount(1);
});

/** Every link and button a person might tap, in the header and the page, is at least 44 px tall. */
async function expectLargeTargets(page: Page): Promise<void> {
	const small = await page.evaluate(() =>
		[...document.querySelectorAll('header a, header button, main a, main button, main select, main input:not([type=radio]):not([type=checkbox]), main textarea')]
			.filter((el) => (el as HTMLElement).offsetParent !== null)
			.map((el) => ({ text: (el.textContent ?? '').trim() || el.getAttribute('name'), height: el.getBoundingClientRect().height }))
			.filter((t) => t.height < 44)
	);
	expect(small, 'touch targets under 44 px tall').toEqual([]);
}

test.describe('on a phone, in English and te reo Māori', () => {
	test.use({ viewport: { width: 375, height: 800 } });

	const pages = [
		{ link: ['Our plan', 'Tō mātou mahere'], heading: ['Our plan', 'Tō mātou mahere'], path: '/portal/plan' },
		{ link: ['Our meetings', 'Ā mātou hui'], heading: ['Our meetings', 'Ā mātou hui'], path: '/portal/meetings' },
		{ link: ['Who can see our information', 'Ko wai ka kite i ō mātou kōrero'], heading: ['Who can see our information', 'Ko wai ka kite i ō mātou kōrero'], path: '/portal/consent' },
		{ link: ['Who looked', 'Ko wai i titiro'], heading: ['Who looked at our information', 'Ko wai i titiro ki ō mātou kōrero'], path: '/portal/access' }
	] as const;

	/** Visits every portal page through the navigation in one language: its heading, axe, no sideways scrolling, large targets. */
	async function visitEveryPage(page: Page, language: 0 | 1): Promise<void> {
		const nav = new PortalHomePage(page).navigation(language === 0 ? 'Main' : 'Matua');
		await nav.getByRole('link', { name: language === 0 ? 'Home' : 'Kāinga', exact: true }).click();
		await expect(page).toHaveURL('/portal');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kia ora, Aroha');
		await expect(page.getByRole('heading', { level: 2, name: language === 0 ? 'Who is helping you' : 'Ko wai e āwhina ana i a koutou' })).toBeVisible();
		await expectAccessible(page);
		for (const p of pages) {
			await nav.getByRole('link', { name: p.link[language], exact: true }).click();
			await expect(page).toHaveURL(p.path);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.heading[language]);
			await expectAccessible(page);
			expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${p.path} fits 375 px`).toBeLessThanOrEqual(375);
			await expectLargeTargets(page);
		}
	}

	test('every portal page is translated, passes axe in both languages, and the choice is remembered', async ({ page }) => {
		test.setTimeout(60_000);
		const portal = await signInToPortal(page, demo.family);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en-NZ');
		await visitEveryPage(page, 0);

		await portal.switchLanguage('Te reo Māori');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ko wai i titiro ki ō mātou kōrero');
		await expectAccessible(page);
		await visitEveryPage(page, 1);

		// Remembered: a fresh load of another page is still in te reo Māori.
		await page.goto('/portal/meetings');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ā mātou hui');
		await expect(page.getByRole('button', { name: 'Tukuna ki tōku kaiwhakarite' })).toBeVisible();
		await expectAccessible(page);

		// The two steps of withdrawing consent are translated too.
		await page.goto('/portal/consent/withdraw');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tango i te whakaaetanga');
		await expectAccessible(page);

		await portal.switchLanguage('English');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Withdraw consent');
		await expectAccessible(page);
		await page.goto('/portal/plan');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Our plan');
		await expectAccessible(page);
	});
});

/** The coordinator's side of an invitation: the case page makes a code and shows it once. */
async function inviteThroughCasePage(browser: Browser, baseURL: string | undefined, coordinator: DemoAccount, familyLabel: string, memberName: string): Promise<string> {
	const page = await staffBrowser(browser, baseURL, coordinator);
	await page.goto('/cases');
	const cases = new CaseListPage(page);
	await cases.searchFor(familyLabel);
	await cases.open(familyLabel);
	const invite = page.getByRole('heading', { name: 'Invite to the family portal' });
	await expect(invite).toBeVisible();
	await page.getByLabel('Adult family member').selectOption({ label: memberName });
	await page.getByRole('button', { name: 'Make an invitation code' }).click();
	const shown = page.getByRole('status').filter({ hasText: `Give this code to ${memberName}` });
	await expect(shown).toContainText('It works once');
	await expect(shown.getByRole('button', { name: 'Print this code' })).toBeVisible();
	await expectAccessible(page);
	const code = (await shown.textContent())!.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0];
	await page.context().close();
	return code;
}

test('the coordinator invites, and the family member joins with the code: a wrong code is refused, the right one signs them in, and it works only once', async ({ page, browser, baseURL }) => {
	// The McDonald family's case (Southern Lakes) stays open in every e2e run; conference-plan.e2e.ts closes the Ngata case.
	const code = await inviteThroughCasePage(browser, baseURL, demo.coordinatorSouth, 'McDonald family', 'Aimee McDonald');
	expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
	const unique = Date.now().toString(36);
	const join = new JoinPage(page);
	await join.goto();
	await expect(page.getByText('At least 12 characters.')).toBeVisible();

	await join.join('WXYZ-WXYZ-WXYZ', `aimee.${unique}@example.nz`, 'a long family password');
	expect(await join.refusal()).toContain('That code does not work. Check it with your coordinator: codes last 7 days and can be used once.');
	await expect(join.email).toHaveValue(`aimee.${unique}@example.nz`);
	await expect(join.password).toHaveValue('');

	await join.join(code.toLowerCase(), `aimee.${unique}@example.nz`, 'a long family password');
	const portal = new PortalHomePage(page);
	await portal.expectShownFor('Aimee');
	await expect(portal.main).toContainText('McDonald family');

	await page.getByRole('button', { name: 'Sign out' }).click();
	await new LoginPage(page).expectShown();
	await join.goto();
	await join.join(code, `someone.else.${unique}@example.nz`, 'another long password');
	expect(await join.refusal()).toContain('That code does not work.');
});

test('the join page is in te reo Māori when chosen, and passes axe', async ({ page }) => {
	const join = new JoinPage(page);
	await join.goto();
	await page.getByRole('link', { name: 'Te reo Māori', exact: true }).click();
	await expect(page).toHaveURL('/join');
	await expect(page.locator('html')).toHaveAttribute('lang', 'mi');
	await join.expectShown('Hono mai ki te whārangi o tō whānau');
	await expect(page.getByLabel('Waehere pōwhiri', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Hono mai', exact: true }).click();
	await expect(page.getByRole('alert', { name: 'He raru kei konei' })).toContainText('Tāurua te waehere pōwhiri i hoatu e tō kaiwhakarite');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'English', exact: true }).click();
	await join.expectShown();
});
