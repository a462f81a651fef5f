import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { LoginPage } from './LoginPage';

/** Each person's home, `/`: a greeting, then one section per role they hold. */
export class HomePage {
	readonly heading: Locator;
	readonly mainNavigation: Locator;
	readonly signOutButton: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.mainNavigation = page.getByRole('navigation', { name: 'Main' });
		this.signOutButton = page.getByRole('button', { name: 'Sign out' });
	}

	async goto(): Promise<void> {
		await this.page.goto('/');
	}

	/** The home page greets this person (and is accessible). */
	async expectShownFor(firstName: string): Promise<void> {
		await expect(this.page).toHaveURL('/');
		await expect(this.heading).toHaveText(`Kia ora, ${firstName}`);
		await expectAccessible(this.page);
	}

	/** A role's part of the home page: a section named by its heading. */
	section(heading: string): Locator {
		return this.page.getByRole('region', { name: heading, exact: true });
	}

	sectionHeading(heading: string): Locator {
		return this.page.getByRole('heading', { level: 2, name: heading, exact: true });
	}

	/** The links in the Main navigation, in order. */
	navigationLinks(): Locator {
		return this.mainNavigation.getByRole('link');
	}

	async signOut(): Promise<LoginPage> {
		await this.signOutButton.click();
		const login = new LoginPage(this.page);
		await expect(login.signedOutNotice).toBeVisible();
		await login.expectShown();
		return login;
	}
}
