import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/cases/[id]/protocol`: the protocol version a case follows, in plain language. */
export class ProtocolCasePage {
	readonly heading: Locator;
	readonly lead: Locator;
	/** The version's rules, in plain language. */
	readonly summary: Locator;
	readonly confirmation: Locator;
	readonly problem: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'The protocol this case follows' });
		this.lead = page.getByText(/ follows version \d+ of /);
		this.summary = page.getByRole('region', { name: /^Version \d+ of the .* protocol$/ });
		this.confirmation = page.getByRole('status');
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
	}

	/** `caseUrl` is the case's own address, such as `/cases/abc`. */
	async goto(caseUrl: string): Promise<void> {
		await this.page.goto(`${caseUrl}/protocol`);
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases\/[^/]+\/protocol(\?.*)?$/);
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}
}
