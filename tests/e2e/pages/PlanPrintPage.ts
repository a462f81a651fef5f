import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/cases/[id]/plan/print?version=N`: one plan version, plain enough to print. */
export class PlanPrintPage {
	readonly heading: Locator;
	readonly goals: Locator;
	readonly actions: Locator;
	readonly printButton: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.goals = page.getByRole('region', { name: 'Goals, table' }).getByRole('table');
		this.actions = page.getByRole('region', { name: 'Actions, table' }).getByRole('table');
		this.printButton = page.getByRole('button', { name: 'Print this plan' });
	}

	async expectShown(version: number): Promise<void> {
		await expect(this.page).toHaveURL(new RegExp(`/cases/[^/]+/plan/print\\?version=${version}$`));
		await expect(this.heading).toHaveText(`Action plan, version ${version}`);
		await expectAccessible(this.page);
	}

	/** The goals' texts, as the table's row headers. */
	goalTexts(): Locator {
		return this.goals.getByRole('rowheader');
	}

	actionDescriptions(): Locator {
		return this.actions.getByRole('rowheader');
	}
}
