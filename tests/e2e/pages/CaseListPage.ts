import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { CasePage } from './CasePage';

/** `/cases`: the cases this person may see, with search, filters and paging. */
export class CaseListPage {
	readonly heading: Locator;
	readonly search: Locator;
	readonly table: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Cases' });
		this.search = page.getByRole('search', { name: 'Search cases' });
		this.table = page.getByRole('table');
	}

	async goto(): Promise<void> {
		await this.page.goto('/cases');
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases(\?|$)/);
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	async searchFor(text: string): Promise<void> {
		await this.search.getByLabel('Search by family name or case reference', { exact: true }).fill(text);
		await this.search.getByRole('button', { name: 'Search' }).click();
		await expect(this.page).toHaveURL(/\/cases\?.*q=/);
		await this.expectShown();
	}

	row(familyLabel: string): Locator {
		return this.table.getByRole('row').filter({ has: this.page.getByRole('cell', { name: familyLabel, exact: true }) });
	}

	async open(familyLabel: string): Promise<CasePage> {
		await this.row(familyLabel).getByRole('link').click();
		const casePage = new CasePage(this.page);
		await casePage.expectShown(familyLabel);
		return casePage;
	}
}
