import { expect, test } from './fixtures';
import { DEMO_PASSWORD, demo, demoAccounts } from './demo-accounts';
import { HomePage, LoginPage } from './pages';
import { PortalHomePage } from './pages/PortalHomePage';

const SESSION_COOKIE = 'tautoko_session';

test.describe('signing in to each demo account', () => {
	for (const account of demoAccounts) {
		test(`${account.email} lands on the ${account.role} home (${account.landing})`, async ({ page }) => {
			const login = new LoginPage(page);
			await login.goto();
			await login.signIn(account.email, DEMO_PASSWORD);

			const home = new HomePage(page);
			if (account.landing === '/portal') {
				// A family member lands on their portal, greeted by name.
				await page.waitForURL((url) => url.pathname === '/portal');
				await new PortalHomePage(page).expectShownFor(account.firstName);
			} else {
				await home.expectShownFor(account.firstName);
			}
			await expect(home.sectionHeading(account.homeSection)).toBeVisible();
			// Each role's navigation leads only to what that role may use.
			const expectedLinks = {
				admin: ['Home', 'Organisation', 'Users', 'Compare LMGs', 'Notifications'],
				coordinator: ['Home', 'Referrals', 'Cases', 'Protocol', 'Reports', 'Notifications'],
				agency_worker: ['Home', 'Referrals', 'Cases', 'Notifications'],
				lmg_admin: ['Home', 'Protocol', 'Reports', 'Notifications'],
				family: ['Home', 'Our plan', 'Our meetings', 'Who can see our information', 'Who looked', 'Notifications']
			}[account.role];
			await expect(home.navigationLinks()).toHaveText(expectedLinks);
			await expect(home.navigationLinks().filter({ hasText: 'Home' })).toHaveAttribute('aria-current', 'page');
		});
	}
});

test('signing out ends the session: the old cookie no longer opens anything', async ({ page, playwright, baseURL }) => {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(demo.coordinatorNorth.email, DEMO_PASSWORD);
	const home = new HomePage(page);
	await home.expectShownFor(demo.coordinatorNorth.firstName);

	const session = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
	expect(session, `a ${SESSION_COOKIE} cookie after signing in`).toBeDefined();
	expect(session!.httpOnly).toBe(true);

	// The same request outside the browser, with nothing but the copied cookie.
	const api = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
	const me = () => api.get('/api/trpc/auth.me', { headers: { cookie: `${SESSION_COOKIE}=${session!.value}` } });
	try {
		const before = await me();
		expect(before.status(), 'the copied cookie works before signing out').toBe(200);

		const signedOut = await home.signOut();
		await expect(signedOut.signedOutNotice).toBeVisible();
		expect((await page.context().cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);

		const after = await me();
		expect(after.status()).toBe(401);
		const body = await after.json();
		expect(body.error.json.data.code).toBe('UNAUTHORIZED');
	} finally {
		await api.dispose();
	}

	// And the browser, signed out, is sent from its home back to the sign-in page.
	await home.goto();
	await expect(page).toHaveURL('/login');
	await login.expectShown();
});

test('opening Tautoko signed out leads to the sign-in page', async ({ page }) => {
	await page.goto('/');
	const login = new LoginPage(page);
	await login.expectShown();
	await expect(page).toHaveURL('/login');
	await expect(login.signedOutNotice).toBeHidden();
});

test('a wrong password and an unknown email get exactly the same answer', async ({ page }) => {
	const login = new LoginPage(page);
	await login.goto();

	await login.signIn(demo.workerHealth.email, 'not-the-demo-password');
	const wrongPassword = await login.refusalMessage();
	await expect(login.emailAddress).toHaveValue(demo.workerHealth.email);
	await expect(login.password).toHaveValue('');

	await login.signIn('nobody.at.all@demo.tautoko.nz', DEMO_PASSWORD);
	const unknownEmail = await login.refusalMessage();

	expect(wrongPassword).toMatch(/\S/);
	expect(unknownEmail).toBe(wrongPassword);
	// Neither refusal signed anyone in.
	await expect(page).toHaveURL('/login');
	expect((await page.context().cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
});
