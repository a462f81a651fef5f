import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

export type GoalToWrite = { text: string; area: string; kind: string; rating: number };
export type ActionToWrite = {
	description: string;
	/** The goal option as listed, such as "Goal 1: Manaia feels safe at school". */
	goal?: string;
	kind: string;
	agency?: string;
	familyMember?: string;
	/** "Name, Agency". */
	worker?: string;
	dueOn: string;
};

/** `/cases/[id]/plan/edit`: the whole plan as one form, saved as a new version. */
export class PlanEditPage {
	readonly heading: Locator;
	readonly form: Locator;
	readonly problem: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.form = page.getByRole('form', { name: 'Change the plan' });
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
	}

	async goto(caseUrl: string): Promise<void> {
		await this.page.goto(`${caseUrl}/plan/edit`);
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases\/[^/]+\/plan\/edit(\?.*)?$/);
		await expect(this.heading).toHaveText(/^Change the plan/);
		await expectAccessible(this.page);
	}

	/** Goal row n (1-based), as the form numbers it. */
	goalRow(n: number): Locator {
		return this.form.getByRole('group', { name: new RegExp(`^Goal ${n}( \\(new\\))?$`) });
	}

	actionRow(n: number): Locator {
		return this.form.getByRole('group', { name: new RegExp(`^Action ${n}( \\(new\\))?$`) });
	}

	/** The first of the blank goal rows offered under the saved ones. */
	newGoalRow(): Locator {
		return this.form.getByRole('group', { name: /^Goal \d+ \(new\)$/ }).first();
	}

	async writeGoal(n: number | Locator, goal: GoalToWrite): Promise<void> {
		const row = typeof n === 'number' ? this.goalRow(n) : n;
		await row.getByLabel('The goal, in the family’s words', { exact: true }).fill(goal.text);
		await row.getByLabel('Area of life', { exact: true }).selectOption({ label: goal.area });
		await row.getByLabel('Kind of information', { exact: true }).selectOption({ label: goal.kind });
		await row.getByLabel('Where the family is now, from 0 to 10', { exact: true }).fill(String(goal.rating));
	}

	async rate(n: number, rating: number): Promise<void> {
		await this.goalRow(n).getByLabel('Where the family is now, from 0 to 10', { exact: true }).fill(String(rating));
	}

	async writeAction(n: number, action: ActionToWrite): Promise<void> {
		const row = this.actionRow(n);
		await row.getByLabel('What will be done', { exact: true }).fill(action.description);
		if (action.goal) await row.getByLabel('Goal it serves (optional)', { exact: true }).selectOption({ label: action.goal });
		await row.getByLabel('Kind of information', { exact: true }).selectOption({ label: action.kind });
		if (action.agency) await row.getByLabel('Responsible agency', { exact: true }).selectOption({ label: action.agency });
		if (action.familyMember) await row.getByLabel('Or a family member responsible', { exact: true }).selectOption({ label: action.familyMember });
		if (action.worker) await row.getByLabel('Worker (optional)', { exact: true }).selectOption({ label: action.worker });
		await row.getByLabel('Due date', { exact: true }).fill(action.dueOn);
	}

	async save(): Promise<void> {
		await this.form.getByRole('button', { name: 'Save the plan' }).click();
	}
}
