import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

/** `/reports/[lmgId]?from&to`: an LMG's report for a period, with its tables, run charts and CSV links. */
export class ReportPage {
	readonly heading: Locator;
	readonly firstDay: Locator;
	readonly lastDay: Locator;
	readonly showReport: Locator;
	readonly printableReport: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.firstDay = page.getByLabel('First day', { exact: true });
		this.lastDay = page.getByLabel('Last day', { exact: true });
		this.showReport = page.getByRole('button', { name: 'Show report' });
		this.printableReport = page.getByRole('link', { name: 'Printable report' });
	}

	/** The report page for this LMG is on screen (and accessible). */
	async expectShown(lmgName: string): Promise<void> {
		await expect(this.page).toHaveURL(/\/reports\/[^/?]+\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
		await expect(this.heading).toHaveText(`${lmgName} report`);
		await expectAccessible(this.page);
	}

	/** Chooses the period in the form and shows it. */
	async choosePeriod(from: string, to: string): Promise<void> {
		await this.firstDay.fill(from);
		await this.lastDay.fill(to);
		await this.showReport.click();
		await expect(this.page).toHaveURL(new RegExp(`\\?from=${from}&to=${to}$`));
	}

	section(heading: string): Locator {
		return this.page.getByRole('heading', { level: 2, name: heading, exact: true });
	}

	/** A table, by its caption. */
	table(caption: string): Locator {
		return this.page.getByRole('table', { name: caption, exact: true });
	}

	/** A run chart's figure, named by its heading. */
	runChart(title: string): Locator {
		return this.page.getByRole('figure', { name: title, exact: true });
	}

	/** The table beside a run chart, with the chart's numbers month by month. */
	runChartTable(title: string): Locator {
		return this.table(`${title}, by month: the chart’s figures`);
	}

	/** A table's "Download CSV" link, named for the table it downloads. */
	csvLink(what: string): Locator {
		return this.page.getByRole('link', { name: `Download CSV of ${what}`, exact: true });
	}
}

/** `/reports/[lmgId]/print`: the same report laid out for the LMG's meeting. */
export class ReportPrintPage {
	readonly heading: Locator;
	readonly backLink: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.backLink = page.getByRole('link', { name: 'Back to the report' });
	}

	async expectShown(lmgName: string): Promise<void> {
		await expect(this.page).toHaveURL(/\/reports\/[^/?]+\/print\?from=/);
		await expect(this.heading).toHaveText(`${lmgName} report`);
		await expectAccessible(this.page);
	}
}
