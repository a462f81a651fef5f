import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { canGive, checkGiving, choiceFrom, confirmHref } from '../choices';

/** Step 1 of giving consent back: choose the agency, and everything or some kinds. */
export const load: PageServerLoad = async (event) => {
	const consents = await loadOrFail(() => callerFor(event).portal.consents());
	const agencies = consents.agencies.filter(canGive);
	const chosen = agencies.find((a) => a.agencyId === event.url.searchParams.get('agency'));
	return {
		agencies: agencies.map((a) => ({ value: a.agencyId, label: a.agency })),
		kinds: consents.categories.map((c) => ({ value: c.key, label: c.label })),
		choice: { ...choiceFrom(event.url.searchParams), agencyId: chosen?.agencyId ?? '' }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const choice = choiceFrom(await event.request.formData());
		const consents = await loadOrFail(() => callerFor(event).portal.consents());
		const checked = checkGiving(consents, choice);
		if (!checked.ok) return fail(400, { problems: checked.problems, choice });
		redirect(303, confirmHref('give', checked.agency.agencyId, checked.kinds));
	}
};
