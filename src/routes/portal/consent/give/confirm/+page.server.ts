import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { runPortalAction } from '$lib/i18n/refusals.server';
import { checkGiving, choiceFrom, doneHref } from '../../choices';

/** Step 2 of giving consent back: what will happen, and Confirm. A choice that no longer holds goes back to step 1. */
export const load: PageServerLoad = async (event) => {
	const consents = await loadOrFail(() => callerFor(event).portal.consents());
	const checked = checkGiving(consents, choiceFrom(event.url.searchParams));
	if (!checked.ok) redirect(303, `/portal/consent/give?${event.url.searchParams}`);
	return { agency: checked.agency.agency, kinds: checked.kinds, categories: consents.categories, back: `/portal/consent/give?${event.url.searchParams}` };
};

export const actions: Actions = {
	default: async (event) => {
		const caller = callerFor(event);
		const consents = await loadOrFail(() => caller.portal.consents());
		const checked = checkGiving(consents, choiceFrom(event.url.searchParams));
		if (!checked.ok) redirect(303, `/portal/consent/give?${event.url.searchParams}`);
		const { agency, kinds } = checked;
		const result = await runPortalAction({}, async () => {
			await caller.consent.regrant({ agencyId: agency.agencyId, scope: kinds });
			return { given: true as const };
		});
		if ('given' in result) redirect(303, doneHref('given', agency.agencyId, kinds));
		return result;
	}
};
