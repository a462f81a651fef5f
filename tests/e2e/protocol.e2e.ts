import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { DEMO_PASSWORD, demo, type DemoAccount } from './demo-accounts';
import { CaseListPage } from './pages/CaseListPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { ProtocolCasePage } from './pages/ProtocolCasePage';
import { ProtocolPage } from './pages/ProtocolPage';

const NORTH = 'Te Awa North';
const SOUTH = 'Southern Lakes';
const NEW_CRITERION = 'The school has been told about the referral';
const KAUPAPA_CRITERION = 'The whānau has been offered a kaupapa Māori provider';
const SOUTH_CLOSURE = 'The family no longer meets the criteria';
/** Southern Lakes' LMG member: like Te Awa North's, in the other LMG. */
const lmgSouth: DemoAccount = { ...demo.lmgNorth, email: 'lmg.south@demo.tautoko.nz', firstName: 'Graham' };

async function signInAs(page: Page, account: DemoAccount): Promise<HomePage> {
	// Whoever was signed in before is forgotten, as on a shared computer after signing out.
	await page.context().clearCookies();
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(account.email, DEMO_PASSWORD);
	const home = new HomePage(page);
	await home.expectShownFor(account.firstName);
	return home;
}

/** A case's own address, found through the case list's search. */
async function caseUrl(page: Page, familyLabel: string, search: string): Promise<string> {
	const list = new CaseListPage(page);
	await list.goto();
	await list.searchFor(search);
	return (await list.open(familyLabel)).url();
}

test('an LMG member edits the draft, previews the changes and publishes a new version', async ({ page }) => {
	test.setTimeout(90_000);
	await signInAs(page, demo.lmgNorth);
	const protocol = new ProtocolPage(page);
	await protocol.goto(NORTH);
	await expect(protocol.facts.first()).toHaveText('2, in force');
	await expect(protocol.summary).toContainText('A review every 6 weeks');
	await expect(protocol.draft).toHaveCount(0);

	// A review interval of 0 is refused beside its field, and nothing typed is lost.
	const edit = await protocol.openEdit(NORTH);
	await edit.reviewInterval.fill('0');
	const criterion = edit.newRow('Referral criteria');
	await expect(criterion).toHaveAccessibleName('Referral criterion 5 (new)');
	await criterion.getByLabel('Criterion', { exact: true }).fill(NEW_CRITERION);
	await criterion.getByLabel('Key', { exact: true }).fill('school_told');
	await criterion.getByLabel('Required', { exact: true }).check();
	await edit.save();
	await edit.expectRefused();
	await expect(edit.problem.getByRole('link', { name: 'Must be at least 1 week' })).toBeVisible();
	await expect(edit.reviewInterval).toHaveAccessibleDescription(/Must be at least 1 week/);
	await expect(edit.reviewInterval).toHaveValue('0');
	const typed = edit.list('Referral criteria').getByRole('group', { name: 'Referral criterion 5 (new)' });
	await expect(typed.getByLabel('Criterion', { exact: true })).toHaveValue(NEW_CRITERION);
	await expect(typed.getByLabel('Key', { exact: true })).toHaveValue('school_told');
	await expect(typed.getByLabel('Required', { exact: true })).toBeChecked();

	// Corrected, it saves as draft version 3, previewed against version 2 which stays in force.
	await edit.reviewInterval.fill('4');
	await edit.save();
	await protocol.expectShown(NORTH);
	await expect(protocol.confirmation).toHaveText(/^The draft is saved\./);
	await expect(protocol.draft.getByRole('heading', { level: 2 })).toHaveText('Draft version 3');
	await expect(protocol.draft.getByRole('listitem')).toHaveText([`Referral criterion added: “${NEW_CRITERION}” (required)`, 'Review interval: 6 weeks → 4 weeks']);
	await expect(protocol.summary).toContainText('A review every 6 weeks');

	// Published with a change note, it is version 3: in force, and in the history.
	await protocol.publish('Four-weekly reviews; tell the school first');
	await protocol.expectShown(NORTH);
	await expect(protocol.confirmation).toContainText('Version 3 is published.');
	await expect(protocol.draft).toHaveCount(0);
	await expect(protocol.summary).toContainText('A review every 4 weeks');
	await expect(protocol.summary.getByRole('listitem').filter({ hasText: NEW_CRITERION })).toHaveText(`${NEW_CRITERION} Required`);
	await expect(protocol.historyRow(3)).toContainText('Version 3 (in force)');
	await expect(protocol.historyRow(3)).toContainText('Ruth Kingi');
	await expect(protocol.historyRow(3)).toContainText('Four-weekly reviews; tell the school first');
	await expect(protocol.historyRow(2)).toContainText('Six-weekly reviews');

	const changes = await protocol.compare(2, 3);
	await expect(changes.getByRole('listitem')).toHaveText([`Referral criterion added: “${NEW_CRITERION}” (required)`, 'Review interval: 6 weeks → 4 weeks']);

	// The file another LMG could import.
	const exported = await page.request.get((await protocol.exportLink.getAttribute('href'))!);
	expect(exported.headers()['content-disposition']).toBe('attachment; filename="tautoko-protocol-te-awa-north-version-3.json"');
	expect(await exported.json()).toMatchObject({ format: 'tautoko-protocol', exportedFrom: 'Te Awa North, version 3', protocol: { reviewIntervalWeeks: 4 } });

	// An open case keeps version 2; its coordinator is offered the move, which needs a reason.
	await signInAs(page, demo.coordinatorNorth);
	const caseProtocol = new ProtocolCasePage(page);
	await caseProtocol.goto(await caseUrl(page, 'Parata whānau', 'Parata'));
	await expect(caseProtocol.lead).toContainText('follows version 2 of the Te Awa North protocol');
	await expect(page.getByText('Newer version 3 available.')).toBeVisible();
	await expect(caseProtocol.summary).toContainText('A review every 6 weeks');
	await page.getByRole('button', { name: 'Move this case to version 3' }).click();
	await expect(caseProtocol.problem).toBeFocused();
	await expect(page.getByLabel('Why this case moves', { exact: true })).toHaveAccessibleDescription(/Say why this case moves to the new protocol/);
	await expectAccessible(page);
	await expect(caseProtocol.lead).toContainText('follows version 2');
});

test('the demo LMGs run visibly different protocols, shown on their cases', async ({ page }) => {
	await signInAs(page, demo.coordinatorNorth);
	const caseProtocol = new ProtocolCasePage(page);
	await caseProtocol.goto(await caseUrl(page, 'Ngata whānau', 'Ngata'));
	await expect(caseProtocol.lead).toContainText('Ngata whānau');
	// Version 2 (six-weekly), or whatever a coordinator has moved it to since (four-weekly).
	await expect(caseProtocol.summary).toContainText(/A review every (6|4) weeks/);
	await expect(caseProtocol.summary).toContainText(KAUPAPA_CRITERION);
	await expect(caseProtocol.summary).toContainText('Support continues through an iwi service');
	await expect(caseProtocol.summary).not.toContainText(SOUTH_CLOSURE);

	await signInAs(page, demo.coordinatorSouth);
	await caseProtocol.goto(await caseUrl(page, 'McDonald family', 'McDonald'));
	await expect(caseProtocol.lead).toContainText('McDonald family');
	await expect(caseProtocol.lead).toContainText('of the Southern Lakes protocol');
	await expect(caseProtocol.summary).toContainText('A review every 10 weeks');
	await expect(caseProtocol.summary).toContainText('A decision within 10 days of the referral');
	await expect(caseProtocol.summary.getByRole('listitem').filter({ hasText: SOUTH_CLOSURE })).toHaveCount(1);
	await expect(caseProtocol.summary).not.toContainText(KAUPAPA_CRITERION);
	await expect(page.getByRole('button', { name: /^Move this case/ })).toHaveCount(0);
});

test('a coordinator reads the LMG’s protocol but cannot change it', async ({ page }) => {
	await signInAs(page, demo.coordinatorNorth);
	const protocol = new ProtocolPage(page);
	await protocol.goto(NORTH);
	await expect(protocol.summary).toContainText(KAUPAPA_CRITERION);
	await expect(protocol.exportLink).toBeVisible();
	await expect(protocol.editLink).toHaveCount(0);
	await expect(page.getByRole('button', { name: /^Publish/ })).toHaveCount(0);

	const response = await page.goto(`/protocol/${protocol.lmgId()}/edit`);
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
	await expectAccessible(page);
});

test('an LMG member imports a protocol file as the draft, and discards it', async ({ page }) => {
	await signInAs(page, lmgSouth);
	const protocol = new ProtocolPage(page);
	await protocol.goto(SOUTH);
	const file = await (await page.request.get((await protocol.exportLink.getAttribute('href'))!)).json();
	const edit = await protocol.openEdit(SOUTH);
	const importForm = page.getByRole('form', { name: 'Import a protocol file' });

	// Something that is not a protocol is refused, and what was pasted stays.
	await importForm.getByLabel('Or paste the protocol here', { exact: true }).fill('{ not json');
	await importForm.getByRole('button', { name: 'Import as the draft' }).click();
	await edit.expectRefused();
	await expect(edit.problem).toContainText('That is not a protocol file: it is not valid JSON');
	await expect(importForm.getByLabel('Or paste the protocol here', { exact: true })).toHaveValue('{ not json');

	// A file with a problem says which part.
	await importForm.getByLabel('Protocol file', { exact: true }).setInputFiles({
		name: 'broken.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify({ ...file, protocol: { ...file.protocol, reviewIntervalWeeks: 0 } }))
	});
	await importForm.getByRole('button', { name: 'Import as the draft' }).click();
	await expect(edit.problem).toContainText('Review interval: Must be at least 1 week');
	await expectAccessible(page);

	// A good file becomes the draft, previewed against the version in force.
	await importForm.getByLabel('Protocol file', { exact: true }).setInputFiles({
		name: 'twelve-weekly.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify({ ...file, protocol: { ...file.protocol, reviewIntervalWeeks: 12 } }))
	});
	await importForm.getByRole('button', { name: 'Import as the draft' }).click();
	await protocol.expectShown(SOUTH);
	await expect(protocol.confirmation).toHaveText(/^The file is imported as the draft\./);
	await expect(protocol.draft.getByRole('listitem')).toHaveText(['Review interval: 10 weeks → 12 weeks']);

	// Discarding asks first.
	await protocol.draft.getByRole('button', { name: 'Discard draft' }).click();
	await expectAccessible(page);
	await expect(protocol.draft).toContainText('Every change in draft version 2 will be lost.');
	await protocol.draft.getByRole('button', { name: 'Yes, discard draft version 2' }).click();
	await protocol.expectShown(SOUTH);
	await expect(protocol.confirmation).toHaveText('The draft is discarded. Version 1 stays in force.');
	await expect(protocol.draft).toHaveCount(0);
	await expect(protocol.summary).toContainText('A review every 10 weeks');
});

test('the protocol pages fit a phone screen', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 800 });
	await signInAs(page, demo.lmgNorth);
	const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	const protocol = new ProtocolPage(page);
	await protocol.goto(NORTH);
	expect(await sideways()).toBe(0);
	await protocol.openEdit(NORTH);
	expect(await sideways()).toBe(0);
});
