import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const asked = event.url.searchParams.get('version');
	const version = asked === null ? undefined : Number(asked);
	if (version !== undefined && !(Number.isInteger(version) && version >= 1)) error(404, 'We could not find that page.');
	return { plan: await loadOrFail(() => callerFor(event).plan.get({ caseId: event.params.id, version })) };
};
