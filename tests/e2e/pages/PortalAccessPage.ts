import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/portal/access`: who looked at the family's information, and any sharing without consent. */
export class PortalAccessPage {
	readonly heading: Locator;
	readonly entries: Locator;
	readonly disclosures: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.entries = page.getByRole('region', { name: 'Who looked, and when' }).getByRole('listitem');
		this.disclosures = page.getByRole('region', { name: 'Shared without your consent' }).getByRole('listitem');
	}

	async goto(): Promise<void> {
		await this.page.goto('/portal/access');
		await this.expectShown();
	}

	async expectShown(heading = 'Who looked at our information'): Promise<void> {
		await expect(this.page).toHaveURL('/portal/access');
		await expect(this.heading).toHaveText(heading);
		await expectAccessible(this.page);
	}
}
