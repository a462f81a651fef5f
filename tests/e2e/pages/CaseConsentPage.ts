import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { CasePage } from './CasePage';

export type ConsentToRecord = {
	agency: string;
	/** Every kind of information, or only these. */
	scope: 'all' | string[];
	givenBy: string;
	method: 'Signed form' | 'Verbal' | 'Family portal';
};

/** `/cases/[id]/consent`: the coordinator's record of each agency's consent. */
export class CaseConsentPage {
	readonly heading: Locator;
	readonly confirmation: Locator;
	readonly current: Locator;
	readonly recordForm: Locator;
	readonly withdrawSection: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.confirmation = page.getByRole('status');
		this.current = page.getByRole('region', { name: 'Current consent' }).getByRole('table');
		this.recordForm = page.getByRole('region', { name: 'Record consent' });
		this.withdrawSection = page.getByRole('region', { name: 'Withdraw consent' });
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases\/[^/]+\/consent(\?.*)?(#.*)?$/);
		await expect(this.heading).toHaveText(/^Consent: /);
		await expectAccessible(this.page);
	}

	currentRow(agency: string): Locator {
		return this.current.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: agency, exact: true }) });
	}

	async recordGranted(consent: ConsentToRecord): Promise<void> {
		const form = this.recordForm;
		await form.getByLabel('Agency', { exact: true }).selectOption({ label: consent.agency });
		await form.getByRole('radio', { name: 'The family gave consent', exact: true }).check();
		if (consent.scope === 'all') {
			await form.getByRole('radio', { name: 'All kinds of information', exact: true }).check();
		} else {
			await form.getByRole('radio', { name: 'Only the kinds ticked below', exact: true }).check();
			for (const kind of consent.scope) await form.getByRole('checkbox', { name: kind, exact: true }).check();
		}
		await form.getByLabel('Given or refused by', { exact: true }).selectOption({ label: consent.givenBy });
		await form.getByRole('group', { name: 'How', exact: true }).getByRole('radio', { name: consent.method, exact: true }).check();
		await form.getByRole('button', { name: 'Record consent' }).click();
		await expect(this.confirmation).toHaveText('The family’s consent is recorded.');
		await expect(this.currentRow(consent.agency).getByRole('cell').nth(1)).toHaveText(consent.scope === 'all' ? 'All information' : consent.scope.join(', '));
		await expect(this.currentRow(consent.agency).getByRole('cell').first()).toHaveText('Granted');
		await expectAccessible(this.page);
	}

	/** Step one: choose the agency (and, if it holds several kinds, everything); step two: confirm. */
	async withdrawEverything(agency: string): Promise<void> {
		await this.withdrawSection.getByText(`Withdraw consent for ${agency}`, { exact: true }).click();
		const choice = this.withdrawSection.getByRole('group', { name: `What the family is withdrawing for ${agency}`, exact: true });
		const everything = choice.getByRole('radio', { name: 'Everything', exact: true });
		if (await everything.count()) await everything.check();
		await this.withdrawSection.getByRole('button', { name: `Continue withdrawing consent for ${agency}`, exact: true }).click();
		await expect(this.page).toHaveURL(/[?&]withdraw=/);
		await expect(this.withdrawSection.getByText('Check before you withdraw.')).toBeVisible();
		await expectAccessible(this.page);
		await this.withdrawSection.getByRole('button', { name: `Confirm withdrawal for ${agency}`, exact: true }).click();
		await expect(this.confirmation).toContainText('The withdrawal is recorded.');
		await this.expectShown();
		await expect(this.currentRow(agency).getByRole('cell').first()).toHaveText('Withdrawn');
	}

	async backToCase(familyLabel: string): Promise<CasePage> {
		await this.page.getByRole('link', { name: 'Back to the case' }).click();
		const casePage = new CasePage(this.page);
		await casePage.expectShown(familyLabel);
		return casePage;
	}
}
