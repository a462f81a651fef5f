import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const consents = await loadOrFail(() => callerFor(event).portal.consents());
	const params = event.url.searchParams;
	const done = params.get('done');
	const agency = consents.agencies.find((a) => a.agencyId === params.get('agency'));
	const kinds = params.getAll('kinds');
	return {
		consents,
		/** What was just done (after a confirmed change), to say so at the top. */
		done: (done === 'withdrawn' || done === 'given') && agency ? { done, agency: agency.agency, kinds: kinds.length > 0 ? kinds : ('all' as const) } : null
	};
};
