import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

export type NewLmg = { name: string; region: string; timezone: string };
export type NewAgency = { name: string; kind: string; sector: 'Government' | 'Non-government'; lmgs: string[] };

/** The administrator's organisation page, `/admin`: regions, LMGs, agencies and the forms that add them. */
export class AdminOrganisationPage {
	readonly heading: Locator;
	readonly lmgSection: Locator;
	readonly lmgTable: Locator;
	readonly agencySection: Locator;
	readonly agencyTable: Locator;
	readonly regionSection: Locator;
	/** The success message after a form is accepted. */
	readonly confirmation: Locator;
	/** The error summary of whichever form was refused. */
	readonly problem: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1, name: 'Organisation' });
		this.lmgSection = page.getByRole('region', { name: 'Local Management Groups' });
		this.lmgTable = this.lmgSection.getByRole('table');
		this.agencySection = page.getByRole('region', { name: 'Agencies' });
		this.agencyTable = this.agencySection.getByRole('table');
		this.regionSection = page.getByRole('region', { name: 'Regions' });
		this.confirmation = page.getByRole('status');
		this.problem = page.getByRole('alert', { name: 'There is a problem' });
	}

	async goto(): Promise<void> {
		await this.page.goto('/admin');
		await this.expectShown();
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL('/admin');
		await expect(this.heading).toBeVisible();
		await expectAccessible(this.page);
	}

	/** Rows of the LMG table below its header row. */
	lmgRows(): Locator {
		return this.lmgTable.getByRole('row').filter({ has: this.page.getByRole('cell') });
	}

	lmgRow(name: string): Locator {
		return this.lmgRows().filter({ has: this.page.getByRole('cell', { name, exact: true }) });
	}

	agencyRow(name: string): Locator {
		return this.agencyTable.getByRole('row').filter({ has: this.page.getByRole('cell', { name, exact: true }) });
	}

	async createRegion(name: string): Promise<void> {
		await this.regionSection.getByLabel('Region name', { exact: true }).fill(name);
		await this.regionSection.getByRole('button', { name: 'Create region' }).click();
		await this.expectConfirmation(`Region “${name}” created.`);
		await expect(this.regionSection.getByRole('listitem').filter({ hasText: name })).toBeVisible();
	}

	/** Fills in "Create an LMG" (leaving out whatever is not given) and submits it. */
	async submitLmg(lmg: Partial<NewLmg>): Promise<void> {
		if (lmg.name !== undefined) await this.lmgSection.getByLabel('LMG name', { exact: true }).fill(lmg.name);
		if (lmg.region !== undefined) await this.lmgSection.getByLabel('Region', { exact: true }).selectOption({ label: lmg.region });
		if (lmg.timezone !== undefined) await this.lmgSection.getByLabel('Timezone', { exact: true }).selectOption({ label: lmg.timezone });
		await this.lmgSection.getByRole('button', { name: 'Create LMG' }).click();
	}

	async createLmg(lmg: NewLmg): Promise<void> {
		await this.submitLmg(lmg);
		await this.expectConfirmation(`LMG “${lmg.name}” created, with the default protocol as version 1.`);
		await expect(this.lmgRow(lmg.name).getByRole('cell')).toHaveText([lmg.name, lmg.region, lmg.timezone, '—']);
	}

	async createAgency(agency: NewAgency): Promise<void> {
		await this.agencySection.getByLabel('Agency name', { exact: true }).fill(agency.name);
		await this.agencySection.getByLabel('Kind of agency', { exact: true }).selectOption({ label: agency.kind });
		await this.agencySection.getByLabel('Sector', { exact: true }).selectOption({ label: agency.sector });
		const membership = this.agencySection.getByRole('group', { name: 'Member of these LMGs' });
		for (const lmg of agency.lmgs) await membership.getByRole('checkbox', { name: lmg, exact: true }).check();
		await this.agencySection.getByRole('button', { name: 'Create agency' }).click();
		await this.expectConfirmation(`Agency “${agency.name}” created.`);
		await expect(this.agencyRow(agency.name).getByRole('cell')).toHaveText([agency.name, agency.kind, agency.sector, agency.lmgs.join(', ') || '—']);
	}

	/** A form was accepted: its message is shown (and the page, changed, is still accessible). */
	private async expectConfirmation(message: string): Promise<void> {
		await expect(this.confirmation).toHaveText(message);
		await expectAccessible(this.page);
	}
}
