import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { ProtocolEditPage } from './ProtocolEditPage';

/** `/protocol/[lmgId]`: an LMG's protocol in plain language, its draft, history and comparisons. */
export class ProtocolPage {
	readonly heading: Locator;
	readonly confirmation: Locator;
	readonly facts: Locator;
	/** The protocol in force, in plain language. */
	readonly summary: Locator;
	/** The draft and its changes: only for the LMG's members, and only when there is one. */
	readonly draft: Locator;
	readonly history: Locator;
	readonly comparison: Locator;
	readonly editLink: Locator;
	readonly exportLink: Locator;
	readonly problem: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.confirmation = page.getByRole('status');
		this.facts = page.getByRole('definition');
		this.summary = page.getByRole('region', { name: /^The protocol in force \(version \d+\)$/ });
		this.draft = page.getByRole('region', { name: /^Draft version \d+$/ });
		this.history = page.getByRole('region', { name: 'History', exact: true });
		this.comparison = page.getByRole('region', { name: 'Compare versions', exact: true });
		this.editLink = page.getByRole('link', { name: /^(Edit draft version \d+|Start a draft of the next version)$/ });
		this.exportLink = page.getByRole('link', { name: 'Export as a file', exact: true });
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
	}

	/** Through `/protocol`, which goes straight to the one LMG a person belongs to. */
	async goto(lmgName: string): Promise<void> {
		await this.page.goto('/protocol');
		await this.expectShown(lmgName);
	}

	async expectShown(lmgName: string): Promise<void> {
		await expect(this.page).toHaveURL(/\/protocol\/[^/?#]+([?#].*)?$/);
		await expect(this.heading).toHaveText(`Protocol: ${lmgName}`);
		await expectAccessible(this.page);
	}

	/** The LMG's id, from the address. */
	lmgId(): string {
		return new URL(this.page.url()).pathname.split('/')[2];
	}

	async openEdit(lmgName: string): Promise<ProtocolEditPage> {
		await this.editLink.click();
		const edit = new ProtocolEditPage(this.page);
		await edit.expectShown(lmgName);
		return edit;
	}

	/** The history's row for a version ("Version 3 (in force)"). */
	historyRow(version: number): Locator {
		return this.history.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^Version ${version}\\b`) }) });
	}

	async publish(changeNote: string): Promise<void> {
		const form = this.page.getByRole('form', { name: 'Publish the draft' });
		await form.getByLabel('Change note', { exact: true }).fill(changeNote);
		await form.getByRole('button', { name: /^Publish version \d+$/ }).click();
	}

	async compare(from: number, to: number): Promise<Locator> {
		const form = this.comparison.getByRole('form', { name: 'Compare versions' });
		await form.getByLabel('From', { exact: true }).selectOption({ label: `Version ${from}` });
		await form.getByLabel('To', { exact: true }).selectOption({ label: `Version ${to}` });
		await form.getByRole('button', { name: 'Compare' }).click();
		await expect(this.page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
		await expectAccessible(this.page);
		return this.comparison.getByRole('list');
	}
}
