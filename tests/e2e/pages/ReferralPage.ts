import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { CasePage } from './CasePage';

/** `/referrals/[id]`: one referral, with the coordinator's assessment and decision. */
export class ReferralPage {
	readonly status: Locator;
	readonly confirmation: Locator;
	readonly criteria: Locator;

	constructor(readonly page: Page) {
		this.status = page.getByRole('paragraph').filter({ hasText: /^\s*Status:/ });
		this.confirmation = page.getByRole('status');
		this.criteria = page.getByRole('region', { name: 'Assess against the criteria' });
	}

	async expectShown(familyLabel: string): Promise<void> {
		await expect(this.page).toHaveURL(/\/referrals\/[^/]+(\?.*)?$/);
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(`Referral: ${familyLabel}`);
		await expectAccessible(this.page);
	}

	/** Answers every criterion the same way and saves the answers. */
	async answerEveryCriterion(answer: 'Yes' | 'No' | 'Unsure'): Promise<void> {
		const groups = this.criteria.getByRole('group');
		await expect(groups.first()).toBeVisible();
		for (const group of await groups.all()) await group.getByRole('radio', { name: answer, exact: true }).check();
		await this.criteria.getByRole('button', { name: 'Save answers' }).click();
		await expect(this.confirmation).toHaveText('Your answers are saved.');
		await expectAccessible(this.page);
	}

	/** Accepts the referral, which opens its case. */
	async accept(familyLabel: string): Promise<CasePage> {
		await this.page.getByRole('button', { name: 'Accept and open a case' }).click();
		const casePage = new CasePage(this.page);
		await casePage.expectShown(familyLabel);
		return casePage;
	}
}
