import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/cases/[id]/audit`: every read and change of a case, allowed or denied. */
export class CaseAuditPage {
	readonly heading: Locator;
	readonly table: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.table = page.getByRole('table');
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases\/[^/]+\/audit(\?.*)?$/);
		await expect(this.heading).toHaveText(/^Audit log: /);
		await expectAccessible(this.page);
	}

	/** Rows for one person doing one thing ("Opened the case"). */
	entries(who: string, what: string): Locator {
		return this.table
			.getByRole('row')
			.filter({ has: this.page.getByRole('rowheader', { name: who, exact: true }) })
			.filter({ has: this.page.getByRole('cell', { name: what, exact: true }) });
	}
}
