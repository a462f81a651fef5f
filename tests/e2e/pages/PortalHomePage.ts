import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/portal`: the family's home, in English unless the family chose te reo Māori. */
export class PortalHomePage {
	readonly heading: Locator;
	readonly main: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.main = page.getByRole('main');
	}

	async goto(firstName: string): Promise<void> {
		await this.page.goto('/portal');
		await this.expectShownFor(firstName);
	}

	/** The portal home greets this family member (the greeting is the same in both languages). */
	async expectShownFor(firstName: string): Promise<void> {
		await expect(this.page).toHaveURL('/portal');
		await expect(this.heading).toHaveText(`Kia ora, ${firstName}`);
		await expectAccessible(this.page);
	}

	/** One fact in "Who is helping you", by its label ("Lead agency"). */
	fact(label: string): Locator {
		return this.main.locator('dl > div').filter({ has: this.page.getByRole('term').filter({ hasText: label }) }).getByRole('definition');
	}

	/** The main navigation, named "Main" in English and "Matua" in te reo Māori. */
	navigation(name: 'Main' | 'Matua' = 'Main'): Locator {
		return this.page.getByRole('navigation', { name, exact: true });
	}

	/** Follows the language switcher in the header; the same page comes back in that language. */
	async switchLanguage(to: 'English' | 'Te reo Māori'): Promise<void> {
		const before = new URL(this.page.url()).pathname;
		await this.page.getByRole('link', { name: to, exact: true }).click();
		await expect(this.page).toHaveURL(before);
		await expect(this.page.locator('html')).toHaveAttribute('lang', to === 'English' ? 'en-NZ' : 'mi');
	}
}
