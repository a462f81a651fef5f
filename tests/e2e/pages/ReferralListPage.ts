import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { ReferralFormPage } from './ReferralFormPage';
import { ReferralPage } from './ReferralPage';

/** `/referrals`: a worker's own referrals and, for a coordinator, the referrals to assess. */
export class ReferralListPage {
	readonly heading: Locator;
	readonly mine: Locator;
	readonly toAssess: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Referrals' });
		this.mine = page.getByRole('region', { name: 'My referrals', exact: true });
		this.toAssess = page.getByRole('region', { name: 'Referrals to assess', exact: true });
	}

	async goto(): Promise<void> {
		await this.page.goto('/referrals');
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/referrals(\?|$)/);
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	/** The row of a family's referral in a section's table. */
	row(section: Locator, familyLabel: string): Locator {
		return section.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: familyLabel, exact: true }) });
	}

	async startReferral(): Promise<ReferralFormPage> {
		await this.mine.getByRole('link', { name: 'Make a referral' }).click();
		const form = new ReferralFormPage(this.page);
		await form.expectShown();
		return form;
	}

	async open(section: Locator, familyLabel: string): Promise<ReferralPage> {
		await this.row(section, familyLabel).getByRole('link', { name: familyLabel, exact: true }).click();
		const referral = new ReferralPage(this.page);
		await referral.expectShown(familyLabel);
		return referral;
	}
}
