import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible } from '../fixtures';

export type ConferenceToSchedule = {
	kind: 'Initial conference' | 'Review conference' | 'Closing conference';
	/** YYYY-MM-DD, in the LMG's timezone. */
	date: string;
	/** HH:mm, 24-hour. */
	time: string;
	location: string;
	/** The facilitator option as listed: "Name, Agency" or "Name, coordinator". */
	facilitator: string;
};

/** `/cases/[id]/conferences`: a case's conferences, and the coordinator's and facilitator's forms. */
export class ConferencesPage {
	readonly heading: Locator;
	readonly confirmation: Locator;
	readonly scheduleForm: Locator;

	constructor(readonly page: Page) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.confirmation = page.getByRole('status');
		this.scheduleForm = page.getByRole('form', { name: 'Schedule a conference' });
	}

	async expectShown(): Promise<void> {
		await expect(this.page).toHaveURL(/\/cases\/[^/]+\/conferences(\?.*)?$/);
		await expect(this.heading).toHaveText(/^Conferences: /);
		await expectAccessible(this.page);
	}

	/** A conference's section, by its heading ("Initial conference, Thursday, 4 June 2026 at 10:00 am"). */
	conference(heading: string | RegExp): Locator {
		return this.page.getByRole('region', { name: heading });
	}

	async schedule(c: ConferenceToSchedule): Promise<void> {
		const form = this.scheduleForm;
		await form.getByRole('radio', { name: c.kind, exact: true }).check();
		await form.getByLabel('Date', { exact: true }).fill(c.date);
		await form.getByLabel('Time', { exact: true }).fill(c.time);
		await form.getByLabel('Where', { exact: true }).fill(c.location);
		await form.getByLabel('Facilitator', { exact: true }).selectOption({ label: c.facilitator });
		await form.getByRole('button', { name: 'Schedule the conference' }).click();
		await expect(this.confirmation).toContainText('The conference is scheduled.');
		await expectAccessible(this.page);
	}

	/** Invites agencies and family members to the scheduled conference. */
	async invite(people: { agencies: string[]; familyMembers: string[] }): Promise<void> {
		const form = this.page.getByRole('form', { name: 'Invite people' });
		for (const agency of people.agencies) await form.getByRole('group', { name: 'Agencies' }).getByRole('checkbox', { name: agency, exact: true }).check();
		for (const member of people.familyMembers) await form.getByRole('group', { name: 'Family members' }).getByRole('checkbox', { name: member, exact: true }).check();
		await form.getByRole('button', { name: 'Send invitations' }).click();
		await expect(this.confirmation).toContainText('The invitations are sent.');
		await expectAccessible(this.page);
	}

	/** Marks everyone invited as present, with the meeting's minutes and decisions. */
	async recordEveryonePresent(minutes: string, decisions: string): Promise<void> {
		const form = this.page.getByRole('form', { name: 'On the day: attendance and the record of the meeting' });
		const people = form.getByRole('group');
		await expect(people.first()).toBeVisible();
		for (const person of await people.all()) await person.getByRole('radio', { name: 'Present', exact: true }).check();
		await form.getByLabel('Minutes (optional)', { exact: true }).fill(minutes);
		await form.getByLabel('Decisions (optional)', { exact: true }).fill(decisions);
		await form.getByRole('button', { name: 'Save attendance and record' }).click();
		await expect(this.confirmation).toHaveText('Attendance and the record of the meeting are saved.');
		await expectAccessible(this.page);
	}

	/** Holds the scheduled conference; returns the confirmation's words. */
	async hold(): Promise<string> {
		await this.page.getByRole('form', { name: 'Hold the conference' }).getByRole('button', { name: 'Hold the conference' }).click();
		await expect(this.confirmation).toContainText('The conference is held.');
		await expectAccessible(this.page);
		return (await this.confirmation.innerText()).trim();
	}
}
