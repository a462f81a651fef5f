import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/join`: a family member joins the portal with the invitation code from their coordinator. */
export class JoinPage {
	readonly heading: Locator;
	readonly code: Locator;
	readonly email: Locator;
	readonly password: Locator;
	readonly problem: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.code = page.getByLabel('Invitation code', { exact: true });
		this.email = page.getByLabel('Email address', { exact: true });
		this.password = page.getByLabel('Choose a password', { exact: true });
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
	}

	async goto(): Promise<void> {
		await this.page.goto('/join');
		await this.expectShown();
	}

	async expectShown(heading = 'Join your whānau’s page'): Promise<void> {
		await expect(this.page).toHaveURL(/\/join(\?.*)?$/);
		await expect(this.heading).toHaveText(heading);
		await expectAccessible(this.page);
	}

	async join(code: string, email: string, password: string): Promise<void> {
		await this.code.fill(code);
		await this.email.fill(email);
		await this.password.fill(password);
		await this.page.getByRole('button', { name: 'Join', exact: true }).click();
	}

	/** The refusal shown after a join that did not work (checked with axe first). */
	async refusal(): Promise<string> {
		await expect(this.problem).toBeVisible();
		await expect(this.problem).toBeFocused();
		await expectAccessible(this.page);
		return (await this.problem.innerText()).trim();
	}
}
