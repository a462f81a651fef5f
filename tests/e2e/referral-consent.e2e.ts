import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { DEMO_PASSWORD, demo, type DemoAccount } from './demo-accounts';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';
import { ReferralListPage } from './pages/ReferralListPage';
import { ReferralPage } from './pages/ReferralPage';

async function signInAs(page: Page, account: DemoAccount): Promise<HomePage> {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(account.email, DEMO_PASSWORD);
	const home = new HomePage(page);
	await home.expectShownFor(account.firstName);
	return home;
}

/** Today's date in Te Awa North (Pacific/Auckland), as a date field takes it. */
const todayInAuckland = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Pacific/Auckland' });

/** A worker finds the case through the case search and opens it. */
async function findCase(page: Page, familyLabel: string): Promise<CasePage> {
	const cases = new CaseListPage(page);
	await cases.goto();
	await cases.searchFor(familyLabel);
	return cases.open(familyLabel);
}

test('a referral becomes a case, and each agency sees exactly what the family agreed to share', async ({ page }) => {
	test.setTimeout(180_000);
	const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
	const family = `Rangi ${unique} whānau`;
	const adult = `Tia Rangi ${unique}`;
	const healthNote = `Tia has a GP appointment on Tuesday (${unique}).`;
	const educationNote = `Manu attended 40% of half-days this term (${unique}).`;

	// The school refers the family to Te Awa North.
	let home = await signInAs(page, demo.workerSchool);
	const referrals = new ReferralListPage(page);
	await referrals.goto();
	const form = await referrals.startReferral();
	await expect(form.referringTo).toHaveText('Referring to Te Awa North.');
	await form.send({
		familyLabel: family,
		area: 'Kaitāia',
		languages: 'English, te reo Māori',
		members: [
			{ name: adult, relationship: 'Mother', kind: 'Caregiver', dateOfBirth: '1991-03-14' },
			{ name: `Manu Rangi ${unique}`, relationship: 'Son', kind: 'Child', dateOfBirth: '2016-07-02', school: 'Te Awa Primary School' }
		],
		needs: ['Education', 'Health'],
		summary: 'Manu has missed most of this term and Tia is unwell; the family has asked for help from the school and their GP together.',
		agreedOn: todayInAuckland(),
		agreedHow: 'Signed form'
	});
	const sent = new ReferralPage(page);
	await sent.expectShown(family);
	await expect(sent.confirmation).toContainText('Your referral is sent to Te Awa North.');
	await expect(sent.status).toHaveText('Status: Waiting for assessment');
	await home.signOut();

	// The coordinator finds it in the queue, answers every criterion "yes" and accepts it.
	home = await signInAs(page, demo.coordinatorNorth);
	await referrals.goto();
	const queued = referrals.row(referrals.toAssess, family);
	await expect(queued.getByRole('cell')).toHaveText(['Te Awa Primary School', /\d/, '0 of 5 working days', /On track$/]);
	const referral = await referrals.open(referrals.toAssess, family);
	await referral.answerEveryCriterion('Yes');
	const opened = await referral.accept(family);
	await expect(opened.confirmation).toContainText('Referral accepted.');
	const caseUrl = opened.url();

	// Consent: the NGO for everything, health for health only.
	const consent = await opened.openConsent();
	await consent.recordGranted({ agency: 'Whānau Tautoko Trust', scope: 'all', givenBy: `${adult} (Mother)`, method: 'Signed form' });
	await consent.recordGranted({ agency: 'Awa Health Services', scope: ['Health'], givenBy: `${adult} (Mother)`, method: 'Signed form' });
	const casePage = await consent.backToCase(family);
	await casePage.addNote('Health', healthNote);
	await casePage.addNote('Education', educationNote);
	await expect(casePage.network.getByRole('row').filter({ hasText: 'Awa Health Services' })).toContainText('Granted');
	await home.signOut();

	// The NGO, with consent for everything, reads both notes.
	home = await signInAs(page, demo.workerNgo);
	const ngoView = await findCase(page, family);
	await expect(ngoView.noteList).toHaveCount(2);
	await expect(ngoView.notes).toContainText(healthNote);
	await expect(ngoView.notes).toContainText(educationNote);
	await expect(ngoView.whatYouCanSee).toContainText('you see all of it');
	await home.signOut();

	// Health, with consent for health only, reads only the health note and is told so.
	home = await signInAs(page, demo.workerHealth);
	const healthView = await findCase(page, family);
	await expect(healthView.whatYouCanSee).toContainText('You see Health information only');
	await expect(healthView.noteList).toHaveCount(1);
	await expect(healthView.notes).toContainText(healthNote);
	await expect(page.getByText(educationNote)).toHaveCount(0);
	await home.signOut();

	// The school, with no consent, finds nothing, and the case's address is "not found".
	home = await signInAs(page, demo.workerSchool);
	const cases = new CaseListPage(page);
	await cases.goto();
	await cases.searchFor(family);
	await expect(page.getByText('No cases match your search.')).toBeVisible();
	await expect(cases.table).toHaveCount(0);
	await page.goto(caseUrl);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	await expect(page.getByText(family)).toHaveCount(0);
	await expectAccessible(page);
	await home.signOut();

	// The coordinator's audit log shows both agencies' reads, and the school's refused attempt.
	await signInAs(page, demo.coordinatorNorth);
	await page.goto(caseUrl);
	const coordinatorView = new CasePage(page);
	await coordinatorView.expectShown(family);
	const audit = await coordinatorView.openAudit();
	const ngoRead = audit.entries('Losa Faleolo', 'Opened the case');
	await expect(ngoRead.first()).toBeVisible();
	await expect(ngoRead.first().getByRole('cell')).toHaveText([/./, 'Agency worker', 'Whānau Tautoko Trust', 'Opened the case', 'Allowed', /notes: education, health/]);
	const healthRead = audit.entries('Priya Sharma', 'Opened the case');
	await expect(healthRead.first().getByRole('cell')).toHaveText([/./, 'Agency worker', 'Awa Health Services', 'Opened the case', 'Allowed', 'case record; notes: health']);
	const refused = audit.entries('Anna Fraser', 'Opened the case');
	await expect(refused).toHaveCount(1);
	await expect(refused.getByRole('cell')).toHaveText([/./, '—', 'Te Awa Primary School', 'Opened the case', 'Denied', 'Told the case does not exist']);

	// The family withdraws health's consent (choose, then confirm); from its next request health finds nothing.
	await page.goto(caseUrl);
	const consentAgain = await new CasePage(page).openConsentFromHere(family);
	await consentAgain.withdrawEverything('Awa Health Services');
	await home.signOut();
	await signInAs(page, demo.workerHealth);
	await cases.goto();
	await cases.searchFor(family);
	await expect(page.getByText('No cases match your search.')).toBeVisible();
	await page.goto(caseUrl);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	await expectAccessible(page);
});

test('a refused referral keeps what was typed and says what to fix; the referrer can withdraw it in two steps', async ({ page }) => {
	const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
	const family = `Moana ${unique} family`;
	await signInAs(page, demo.workerSchool);
	const referrals = new ReferralListPage(page);
	await referrals.goto();
	const form = await referrals.startReferral();

	// Person 1 left empty, person 2 half filled in: the messages point at person 2's fields.
	await page.getByLabel('A name for the family', { exact: true }).fill(family);
	await form.person(2).getByLabel('Name', { exact: true }).fill('Sione Moana');
	await page.getByRole('button', { name: 'Send referral' }).click();
	await expect(form.problem).toBeVisible();
	await expect(form.problem).toBeFocused();
	const relationship = form.person(2).getByLabel('Relationship', { exact: true });
	await expect(relationship).toHaveAttribute('aria-invalid', 'true');
	await expect(form.person(1).getByLabel('Relationship', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('A name for the family', { exact: true })).toHaveValue(family);
	await expect(form.person(2).getByLabel('Name', { exact: true })).toHaveValue('Sione Moana');
	await expectAccessible(page);
	await form.problem.getByRole('link', { name: 'Enter how they are related, such as Mother or Son' }).click();
	await expect(relationship).toBeFocused();

	await form.send({
		familyLabel: family,
		area: 'Ahipara',
		languages: 'English, Samoan',
		members: [
			{ name: 'Sina Moana', relationship: 'Mother', kind: 'Caregiver' },
			{ name: 'Sione Moana', relationship: 'Son', kind: 'Child', school: 'Te Awa Primary School' }
		],
		needs: ['Education', 'Housing'],
		summary: 'Sione is often late because the family is moving between relatives’ houses.',
		agreedOn: todayInAuckland(),
		agreedHow: 'Verbal'
	});
	const referral = new ReferralPage(page);
	await referral.expectShown(family);

	await page.getByRole('link', { name: 'Withdraw referral' }).click();
	await referral.expectShown(family);
	await expect(page.getByText('Are you sure you want to withdraw this referral?')).toBeVisible();
	await page.getByRole('button', { name: 'Yes, withdraw this referral' }).click();
	await referral.expectShown(family);
	await expect(referral.confirmation).toHaveText('You withdrew this referral. The coordinator has been told.');
	await expect(referral.status).toContainText('Status: Withdrawn');
	await expect(page.getByRole('link', { name: 'Withdraw referral' })).toHaveCount(0);

	await referrals.goto();
	await expect(referrals.row(referrals.mine, family).getByRole('cell')).toHaveText(['Te Awa North', 'Withdrawn', /\d/, 'You withdrew it']);
});
