import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/portal/meetings`: upcoming and past meetings, and asking that a worker is not invited. */
export class PortalMeetingsPage {
	readonly heading: Locator;
	readonly upcoming: Locator;
	readonly past: Locator;
	readonly declineForm: Locator;
	readonly confirmation: Locator;
	readonly problem: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.upcoming = page.getByRole('region', { name: 'Coming up' });
		this.past = page.getByRole('region', { name: 'Past meetings' });
		this.declineForm = page.getByRole('form', { name: 'Ask that a worker is not invited' });
		this.confirmation = page.getByRole('status');
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
	}

	async goto(): Promise<void> {
		await this.page.goto('/portal/meetings');
		await this.expectShown();
	}

	async expectShown(heading = 'Our meetings'): Promise<void> {
		await expect(this.page).toHaveURL(/\/portal\/meetings(\?.*)?$/);
		await expect(this.heading).toHaveText(heading);
		await expectAccessible(this.page);
	}

	/** A meeting, named by its heading ("Review meeting: Tuesday 13 October 2026"). */
	meeting(within: Locator, heading: RegExp): Locator {
		return within.getByRole('article', { name: heading });
	}

	/** Asks that a worker ("Name, Agency") is not invited; leave the worker out to send nothing chosen. */
	async askNotInvited(worker: string | null, reason = ''): Promise<void> {
		if (worker) await this.declineForm.getByLabel('Worker', { exact: true }).selectOption({ label: worker });
		await this.declineForm.getByLabel('Why? (if you want to say)', { exact: true }).fill(reason);
		await this.declineForm.getByRole('button', { name: 'Send to my coordinator' }).click();
	}
}
