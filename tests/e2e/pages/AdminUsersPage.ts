import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { NewUserPage } from './NewUserPage';

/** The administrator's list of user accounts, `/admin/users`. */
export class AdminUsersPage {
	readonly heading: Locator;
	readonly table: Locator;
	readonly search: Locator;
	readonly confirmation: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Users' });
		this.table = page.getByRole('table');
		this.search = page.getByRole('search');
		this.confirmation = page.getByRole('status');
	}

	async goto(): Promise<void> {
		await this.page.goto('/admin/users');
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/admin\/users(\?|$)/);
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	/** The row of the user with this email address. */
	userRow(email: string): Locator {
		return this.table.getByRole('row').filter({ has: this.page.getByRole('cell', { name: email, exact: true }) });
	}

	async searchFor(text: string): Promise<void> {
		await this.search.getByLabel('Search by name or email').fill(text);
		await this.search.getByRole('button', { name: 'Search' }).click();
		await expect(this.table.getByRole('caption')).toContainText(`matching “${text}”`);
		await this.expectShown();
	}

	async startNewUser(): Promise<NewUserPage> {
		await this.page.getByRole('link', { name: 'Create a user' }).click();
		const form = new NewUserPage(this.page);
		await form.expectShown();
		return form;
	}
}
