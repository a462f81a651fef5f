import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** The sign-in page, `/login`. */
export class LoginPage {
	readonly heading: Locator;
	readonly emailAddress: Locator;
	readonly password: Locator;
	readonly signInButton: Locator;
	/** The error summary: role alert, named by its "There is a problem" heading. */
	readonly problem: Locator;
	readonly signedOutNotice: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Sign in' });
		this.emailAddress = page.getByLabel('Email address', { exact: true });
		this.password = page.getByLabel('Password', { exact: true });
		this.signInButton = page.getByRole('button', { name: 'Sign in' });
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
		this.signedOutNotice = page.getByRole('status').filter({ hasText: 'You have signed out.' });
	}

	async goto(): Promise<void> {
		await this.page.goto('/login');
		await this.expectShown();
	}

	/** The sign-in page is on screen (and accessible). */
	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/login(\?|$)/);
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	/** Types the details and presses Sign in; the caller says where that should lead. */
	async signIn(email: string, password: string): Promise<void> {
		await this.emailAddress.fill(email);
		await this.password.fill(password);
		await this.signInButton.click();
	}

	/** The sentence the error summary shows after a refused sign-in (the page is checked with axe first). */
	async refusalMessage(): Promise<string> {
		await expect(this.problem).toBeVisible();
		await expect(this.problem).toBeFocused();
		await expectAccessible(this.page);
		return (await this.problem.getByRole('paragraph').innerText()).trim();
	}
}
