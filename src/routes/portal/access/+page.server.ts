import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => ({
	log: await loadOrFail(() => callerFor(event).audit.myAccessLog())
});
