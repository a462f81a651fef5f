import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/protocol/[lmgId]/edit`: the whole protocol as one form, saved as the LMG's draft. */
export class ProtocolEditPage {
	readonly heading: Locator;
	readonly form: Locator;
	readonly problem: Locator;
	readonly reviewInterval: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.form = page.getByRole('form', { name: 'Edit the protocol' });
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
		this.reviewInterval = this.form.getByLabel('Review interval, in weeks', { exact: true });
	}

	async expectShown(lmgName: string): Promise<void> {
		await expect(this.page).toHaveURL(/\/protocol\/[^/]+\/edit(\?.*)?$/);
		await expect(this.heading).toHaveText(`Edit the protocol: ${lmgName}`);
		await expectAccessible(this.page);
	}

	/** One of the form's lists, by its heading ("Referral criteria", "Closure reasons"). */
	list(heading: string): Locator {
		return this.form.getByRole('region', { name: heading, exact: true });
	}

	/** The first of the blank rows offered under a list's saved ones. */
	newRow(heading: string): Locator {
		return this.list(heading).getByRole('group', { name: / \(new\)$/ }).first();
	}

	async save(): Promise<void> {
		await this.form.getByRole('button', { name: /^Save draft version \d+$/ }).click();
	}

	/** The form came back refused, with its problems listed and focused. */
	async expectRefused(): Promise<void> {
		await expect(this.problem).toBeVisible();
		await expect(this.problem).toBeFocused();
		await expectAccessible(this.page);
	}
}
