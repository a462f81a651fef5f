import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { DEMO_PASSWORD, demo } from './demo-accounts';
import { AdminOrganisationPage, AdminUsersPage, HomePage, LoginPage } from './pages';

async function signInAs(page: Page, account: { email: string; firstName: string }): Promise<HomePage> {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(account.email, DEMO_PASSWORD);
	const home = new HomePage(page);
	await home.expectShownFor(account.firstName);
	return home;
}

test('the administrator sets up an LMG, an agency and a worker, who can then sign in', async ({ page }) => {
	const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
	const region = `Test Region ${unique}`;
	const lmg = `Test LMG ${unique}`;
	const agency = `Test Agency ${unique}`;
	const worker = { name: `Tama Test${unique}`, email: `tama.${unique}@example.org`, password: `first-password-${unique}` };

	const home = await signInAs(page, demo.admin);
	await home.mainNavigation.getByRole('link', { name: 'Organisation' }).click();
	const organisation = new AdminOrganisationPage(page);
	await organisation.expectShown();

	await organisation.createRegion(region);
	await organisation.createLmg({ name: lmg, region, timezone: 'Pacific/Chatham' });
	await organisation.createAgency({ name: agency, kind: 'Non-government organisation', sector: 'Non-government', lmgs: [lmg] });
	// The LMG now lists its new member.
	await expect(organisation.lmgRow(lmg).getByRole('cell').last()).toHaveText(agency);

	await home.mainNavigation.getByRole('link', { name: 'Users' }).click();
	const users = new AdminUsersPage(page);
	await users.expectShown();
	const newUser = await users.startNewUser();
	await newUser.createAgencyWorker({ ...worker, agency });

	await users.expectShown();
	await expect(users.confirmation).toContainText(`Account created for ${worker.name}.`);
	await users.searchFor(worker.email);
	const row = users.userRow(worker.email);
	await expect(row.getByRole('cell')).toHaveText([worker.name, worker.email, 'Agency worker', agency, 'Active', /Disable/]);
	await expect(row.getByRole('button', { name: `Disable ${worker.name}`, exact: true })).toBeVisible();

	await home.signOut();
	const login = new LoginPage(page);
	await login.signIn(worker.email, worker.password);
	const workerHome = new HomePage(page);
	await workerHome.expectShownFor('Tama');
	const agencySection = workerHome.section('Your agency');
	await expect(agencySection.getByRole('heading', { level: 3 })).toHaveText(agency);
	await expect(agencySection).toContainText(`Member of ${lmg}.`);
	await expect(workerHome.navigationLinks()).toHaveText(['Home', 'Referrals', 'Cases', 'Notifications']);
});

test('an LMG without a name is refused with a clear message, and nothing is added', async ({ page }) => {
	await signInAs(page, demo.admin);
	const organisation = new AdminOrganisationPage(page);
	await organisation.goto();
	const rowsBefore = await organisation.lmgRows().allTextContents();
	expect(rowsBefore.length).toBeGreaterThan(0);

	await organisation.submitLmg({ name: '', region: 'Northern', timezone: 'Pacific/Auckland' });

	await expect(organisation.problem).toBeVisible();
	await expect(organisation.problem).toBeFocused();
	await expect(organisation.problem.getByRole('link', { name: 'Enter the LMG’s name' })).toBeVisible();
	const nameField = organisation.lmgSection.getByLabel('LMG name', { exact: true });
	await expect(nameField).toHaveAttribute('aria-invalid', 'true');
	await expect(nameField).toHaveAccessibleDescription('Error: Enter the LMG’s name');
	// What was chosen is kept, so only the name needs fixing.
	await expect(organisation.lmgSection.getByLabel('Region', { exact: true })).toHaveValue(/.+/);
	await expect(organisation.lmgRows()).toHaveText(rowsBefore);
	await expect(organisation.confirmation).toBeHidden();
	await expectAccessible(page);

	// Following the summary's link takes the person to the field to fix.
	await organisation.problem.getByRole('link', { name: 'Enter the LMG’s name' }).click();
	await expect(nameField).toBeFocused();

	// After a reload, still the same LMGs: the refusal wrote nothing.
	await organisation.goto();
	await expect(organisation.lmgRows()).toHaveText(rowsBefore);
});

test('a non-administrator opening the organisation page is told they cannot', async ({ page }) => {
	await signInAs(page, demo.workerSchool);
	const response = await page.goto('/admin');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
	await expect(page.getByRole('heading', { name: 'Organisation', exact: true })).toBeHidden();
	await expect(page.getByRole('link', { name: 'Go to your home page' })).toBeVisible();
	await expectAccessible(page);
});
