import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { canWithdraw, checkWithdrawal, choiceFrom, confirmHref, heldKinds } from '../choices';

/** Step 1 of withdrawing consent: choose the agency, and everything or some kinds. */
export const load: PageServerLoad = async (event) => {
	const consents = await loadOrFail(() => callerFor(event).portal.consents());
	const agencies = consents.agencies.filter(canWithdraw);
	const chosen = agencies.find((a) => a.agencyId === event.url.searchParams.get('agency'));
	// With the agency already chosen, offer only the kinds it can see now.
	const offered = chosen ? heldKinds(chosen, consents.categories) : consents.categories.map((c) => c.key);
	return {
		agencies: agencies.map((a) => ({ value: a.agencyId, label: a.agency })),
		kinds: consents.categories.filter((c) => offered.includes(c.key)).map((c) => ({ value: c.key, label: c.label })),
		choice: { ...choiceFrom(event.url.searchParams), agencyId: chosen?.agencyId ?? '' }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const choice = choiceFrom(await event.request.formData());
		const consents = await loadOrFail(() => callerFor(event).portal.consents());
		const checked = checkWithdrawal(consents, choice);
		if (!checked.ok) return fail(400, { problems: checked.problems, choice });
		redirect(303, confirmHref('withdraw', checked.agency.agencyId, checked.kinds));
	}
};
