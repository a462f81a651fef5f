import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/reports/compare`: the administrator's view of every LMG's key measures, by region. */
export class ReportComparePage {
	readonly heading: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Compare LMGs' });
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/reports\/compare(\?|$)/);
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	/** One of the comparison tables, by its caption ("Referrals and decisions, by LMG"). */
	table(caption: string): Locator {
		return this.page.getByRole('table', { name: caption, exact: true });
	}

	/** The LMGs a table lists, as its row headers (the region rows are group headers, not rows of an LMG). */
	lmgNames(table: Locator): Locator {
		return table.getByRole('rowheader');
	}
}
