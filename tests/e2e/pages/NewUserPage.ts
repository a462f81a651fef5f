import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

export type NewAgencyWorker = { name: string; email: string; password: string; agency: string };

/** The administrator's "Create a user" form, `/admin/users/new`. */
export class NewUserPage {
	readonly heading: Locator;
	readonly fullName: Locator;
	readonly emailAddress: Locator;
	readonly firstPassword: Locator;
	readonly roles: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Create a user' });
		this.fullName = page.getByLabel('Full name', { exact: true });
		this.emailAddress = page.getByLabel('Email address', { exact: true });
		this.firstPassword = page.getByLabel('First password', { exact: true });
		this.roles = page.getByRole('group', { name: 'Roles' });
	}

	async goto(): Promise<void> {
		await this.page.goto('/admin/users/new');
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL('/admin/users/new');
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	/** Fills in an agency worker's account and presses Create user. */
	async createAgencyWorker(user: NewAgencyWorker): Promise<void> {
		await this.fullName.fill(user.name);
		await this.emailAddress.fill(user.email);
		await this.firstPassword.fill(user.password);
		await this.roles.getByRole('checkbox', { name: 'Agency worker', exact: true }).check();
		await this.roles.getByLabel('Agency (for an agency worker)', { exact: true }).selectOption({ label: user.agency });
		await this.page.getByRole('button', { name: 'Create user' }).click();
	}
}
