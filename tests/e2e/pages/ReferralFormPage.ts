import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

export type NewMember = { name: string; relationship: string; kind: 'Caregiver' | 'Child' | 'Other adult'; dateOfBirth?: string; school?: string };
export type NewReferral = {
	familyLabel: string;
	area: string;
	languages: string;
	members: NewMember[];
	needs: string[];
	summary: string;
	agreedOn: string;
	agreedHow: 'Signed form' | 'Verbal' | 'Other';
};

/** `/referrals/new`: the agency worker's referral form. */
export class ReferralFormPage {
	readonly heading: Locator;
	readonly referringTo: Locator;
	readonly problem: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Make a referral' });
		this.referringTo = page.getByText(/^Referring to /);
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/referrals\/new(\?|$)/);
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	person(n: number): Locator {
		return this.page.getByRole('group', { name: `Person ${n}`, exact: true });
	}

	/** Fills in the whole form (members into the first rows) and presses Send referral. */
	async send(referral: NewReferral): Promise<void> {
		const page = this.page;
		await page.getByLabel('A name for the family', { exact: true }).fill(referral.familyLabel);
		await page.getByLabel('Area they live in', { exact: true }).fill(referral.area);
		await page.getByLabel('Languages the family speaks', { exact: true }).fill(referral.languages);
		for (const [i, member] of referral.members.entries()) {
			const row = this.person(i + 1);
			await row.getByLabel('Name', { exact: true }).fill(member.name);
			await row.getByLabel('Relationship', { exact: true }).fill(member.relationship);
			await row.getByLabel('Caregiver, child or other adult', { exact: true }).selectOption({ label: member.kind });
			if (member.dateOfBirth) await row.getByLabel('Date of birth (optional)', { exact: true }).fill(member.dateOfBirth);
			if (member.school) await row.getByLabel('School (for a child, optional)', { exact: true }).fill(member.school);
		}
		const needs = page.getByRole('group', { name: 'Kinds of need', exact: true });
		for (const need of referral.needs) await needs.getByRole('checkbox', { name: need, exact: true }).check();
		await page.getByLabel('Summary', { exact: true }).fill(referral.summary);
		await page.getByLabel('Date the family agreed to this referral', { exact: true }).fill(referral.agreedOn);
		await page.getByRole('group', { name: 'How the family agreed', exact: true }).getByRole('radio', { name: referral.agreedHow, exact: true }).check();
		await page.getByRole('button', { name: 'Send referral' }).click();
	}
}
