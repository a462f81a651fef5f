import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';
import { PlanEditPage } from './PlanEditPage';
import { PlanPrintPage } from './PlanPrintPage';

/** `/cases/[id]/plan`: the current plan version, its goals' ratings over time, and each action's progress. */
export class PlanPage {
	readonly heading: Locator;
	readonly confirmation: Locator;
	readonly goals: Locator;
	readonly actions: Locator;
	readonly changes: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.confirmation = page.getByRole('status');
		this.goals = page.getByRole('region', { name: 'Goals', exact: true });
		this.actions = page.getByRole('region', { name: 'Actions', exact: true });
		this.changes = page.getByRole('region', { name: /^What changed since version \d+$/ });
	}

	async goto(caseUrl: string): Promise<void> {
		await this.page.goto(`${caseUrl}/plan`);
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases\/[^/]+\/plan(\?.*)?$/);
		await expect(this.heading).toHaveText(/^Action plan/);
		await expectAccessible(this.page);
	}

	/** A goal's row in the goals table: goal, area of life, rating now, ratings over time. */
	goal(text: string): Locator {
		return this.goals.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: text, exact: true }) });
	}

	/** One action, by its description (its heading). */
	action(description: string): Locator {
		return this.actions.getByRole('listitem').filter({ has: this.page.getByRole('heading', { level: 3, name: description, exact: true }) });
	}

	/** The action's headings, in order. */
	actionDescriptions(): Locator {
		return this.actions.getByRole('heading', { level: 3 });
	}

	async updateAction(description: string, status: string, note: string): Promise<void> {
		const form = this.page.getByRole('form', { name: `Progress on ${description}` });
		await form.getByLabel('Status', { exact: true }).selectOption({ label: status });
		await form.getByLabel('Progress note', { exact: true }).fill(note);
		await form.getByRole('button', { name: `Record progress on ${description}` }).click();
		await expect(this.confirmation).toHaveText('The action’s progress is recorded.');
		await expect(this.action(description)).toContainText(note);
		await expectAccessible(this.page);
	}

	async openEdit(link: 'Change the plan' | 'Start the plan' = 'Change the plan'): Promise<PlanEditPage> {
		await this.page.getByRole('link', { name: link, exact: true }).click();
		const edit = new PlanEditPage(this.page);
		await edit.expectShown();
		return edit;
	}

	async openPrint(version: number): Promise<PlanPrintPage> {
		await this.page.getByRole('link', { name: `Printable version ${version} of this plan` }).click();
		const print = new PlanPrintPage(this.page);
		await print.expectShown(version);
		return print;
	}
}
