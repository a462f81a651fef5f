import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/**
 * `/portal/consent`: which agencies can see the family's information, and the two-step changes
 * (choose, then confirm) for withdrawing consent and giving it back.
 */
export class PortalConsentPage {
	readonly heading: Locator;
	readonly confirmation: Locator;
	readonly disclosures: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.confirmation = page.getByRole('status');
		this.disclosures = page.getByRole('region', { name: 'Shared without your consent' });
	}

	async goto(): Promise<void> {
		await this.page.goto('/portal/consent');
		await this.expectShown();
	}

	async expectShown(heading = 'Who can see our information'): Promise<void> {
		await expect(this.page).toHaveURL(/\/portal\/consent(\?.*)?$/);
		await expect(this.heading).toHaveText(heading);
		await expectAccessible(this.page);
	}

	/** One agency's consent, found by the agency's name. */
	agency(name: string): Locator {
		return this.page
			.getByRole('region', { name: 'Agencies' })
			.getByRole('listitem')
			.filter({ has: this.page.getByRole('heading', { level: 3, name, exact: true }) });
	}

	/** Step 1: choose the agency and everything (or some kinds), then Continue; step 2 is shown and checked. */
	private async choose(start: string, stepHeading: string, agency: string, kinds: 'all' | string[]): Promise<Locator> {
		await this.page.getByRole('link', { name: start, exact: true }).click();
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(stepHeading);
		await expect(this.page.getByText('Step 1 of 2')).toBeVisible();
		await expectAccessible(this.page);
		await this.page.getByRole('group', { name: 'Which agency?' }).getByLabel(agency, { exact: true }).check();
		const part = this.page.getByRole('group', { name: /^(What should they stop seeing\?|What may they see\?)$/ });
		if (kinds === 'all') {
			await part.getByLabel('Everything', { exact: true }).check();
		} else {
			await part.getByLabel('Only some kinds of information', { exact: true }).check();
			for (const kind of kinds) await this.page.getByRole('group', { name: 'Which kinds of information?' }).getByLabel(kind, { exact: true }).check();
		}
		await this.page.getByRole('button', { name: 'Continue' }).click();
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Check and confirm');
		await expect(this.page.getByText('Step 2 of 2')).toBeVisible();
		await expectAccessible(this.page);
		return this.page.getByRole('region', { name: 'What happens' });
	}

	/** Withdraws consent in two steps; returns the explanation shown before confirming. */
	async withdraw(agency: string, kinds: 'all' | string[] = 'all'): Promise<string> {
		const explanation = await this.choose('Withdraw consent', 'Withdraw consent', agency, kinds);
		const text = await explanation.innerText();
		await this.page.getByRole('button', { name: 'Confirm: withdraw consent' }).click();
		await this.expectShown();
		return text;
	}

	/** Gives consent back in two steps. */
	async giveBack(agency: string, kinds: 'all' | string[] = 'all'): Promise<string> {
		const explanation = await this.choose('Give consent again', 'Give consent again', agency, kinds);
		const text = await explanation.innerText();
		await this.page.getByRole('button', { name: 'Confirm: give consent' }).click();
		await this.expectShown();
		return text;
	}
}
