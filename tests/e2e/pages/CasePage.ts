import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { CaseAuditPage } from './CaseAuditPage';
import { CaseConsentPage } from './CaseConsentPage';

/** `/cases/[id]`: one case as the viewer's access allows. */
export class CasePage {
	readonly heading: Locator;
	readonly confirmation: Locator;
	readonly whatYouCanSee: Locator;
	readonly network: Locator;
	readonly notes: Locator;
	readonly noteList: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.confirmation = page.getByRole('status');
		this.whatYouCanSee = page.getByRole('region', { name: 'What you can see' });
		this.network = page.getByRole('region', { name: 'Agencies and consent' });
		this.notes = page.getByRole('region', { name: 'Notes', exact: true });
		this.noteList = this.notes.getByRole('listitem');
	}

	async expectShown(familyLabel: string): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases\/[^/?]+(\?.*)?$/);
		await expect(this.heading).toHaveText(new RegExp(`^${familyLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([A-Z]+-\\d{4}-\\d{4}\\)$`));
		await expectAccessible(this.page);
	}

	/** The case's address without any query, to visit it again later. */
	url(): string {
		const url = new URL(this.page.url());
		return url.pathname;
	}

	async addNote(kind: string, text: string): Promise<void> {
		const form = this.page.getByRole('form', { name: 'Add a note' });
		await form.getByLabel('Kind of information', { exact: true }).selectOption({ label: kind });
		await form.getByLabel('Note', { exact: true }).fill(text);
		await form.getByRole('button', { name: 'Add note' }).click();
		await expect(this.confirmation).toHaveText('Your note is added.');
		await expect(this.noteList.filter({ hasText: text })).toHaveCount(1);
		await expectAccessible(this.page);
	}

	async openConsent(): Promise<CaseConsentPage> {
		await this.page.getByRole('link', { name: 'Consent for this case' }).click();
		const consent = new CaseConsentPage(this.page);
		await consent.expectShown();
		return consent;
	}

	/** Checks this case page is shown, then follows its consent link. */
	async openConsentFromHere(familyLabel: string): Promise<CaseConsentPage> {
		await this.expectShown(familyLabel);
		return this.openConsent();
	}

	async openAudit(): Promise<CaseAuditPage> {
		await this.page.getByRole('link', { name: 'Audit log for this case' }).click();
		const audit = new CaseAuditPage(this.page);
		await audit.expectShown();
		return audit;
	}
}
