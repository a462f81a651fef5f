import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => ({
	overview: await loadOrFail(() => callerFor(event).portal.overview())
});
