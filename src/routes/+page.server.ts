import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const home = await loadOrFail(() => caller.home.today());
	// The work queue is for case workers only; anyone else would be refused, so they are not asked.
	const queue = home.coordinator || home.agencyWorker ? await loadOrFail(() => caller.queue.mine()) : null;
	return { home, queue };
};
