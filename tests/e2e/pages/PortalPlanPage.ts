import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/portal/plan`: the family's agreed plan, goal by goal, with their own tasks marked. */
export class PortalPlanPage {
	readonly heading: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
	}

	async goto(): Promise<void> {
		await this.page.goto('/portal/plan');
		await this.expectShown();
	}

	async expectShown(heading = 'Our plan'): Promise<void> {
		await expect(this.page).toHaveURL('/portal/plan');
		await expect(this.heading).toHaveText(heading);
		await expectAccessible(this.page);
	}

	/** A goal's section, named by the goal in the family's words. */
	goal(text: string): Locator {
		return this.page.getByRole('region', { name: text, exact: true });
	}

	/** One task, found by what will be done. */
	action(description: string): Locator {
		return this.page.getByRole('main').getByRole('listitem').filter({ has: this.page.getByText(description, { exact: true }) });
	}
}
