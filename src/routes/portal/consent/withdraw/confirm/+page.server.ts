import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { runPortalAction } from '$lib/i18n/refusals.server';
import { checkWithdrawal, choiceFrom, doneHref } from '../../choices';

/** Step 2 of withdrawing consent: what will happen, and Confirm. A choice that no longer holds goes back to step 1. */
export const load: PageServerLoad = async (event) => {
	const consents = await loadOrFail(() => callerFor(event).portal.consents());
	const checked = checkWithdrawal(consents, choiceFrom(event.url.searchParams));
	if (!checked.ok) redirect(303, `/portal/consent/withdraw?${event.url.searchParams}`);
	return { agency: checked.agency.agency, kinds: checked.kinds, categories: consents.categories, back: `/portal/consent/withdraw?${event.url.searchParams}` };
};

export const actions: Actions = {
	default: async (event) => {
		const caller = callerFor(event);
		const consents = await loadOrFail(() => caller.portal.consents());
		const checked = checkWithdrawal(consents, choiceFrom(event.url.searchParams));
		if (!checked.ok) redirect(303, `/portal/consent/withdraw?${event.url.searchParams}`);
		const { agency, kinds } = checked;
		const result = await runPortalAction({}, () => caller.consent.withdraw({ agencyId: agency.agencyId, categories: kinds === 'all' ? undefined : kinds }));
		if ('withdrawn' in result) redirect(303, doneHref('withdrawn', agency.agencyId, kinds));
		return result;
	}
};
