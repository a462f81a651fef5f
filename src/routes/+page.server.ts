import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { hasRole } from '$lib/server/domain/actor';

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user;
	// A family member's home is their portal, in their language; staff roles keep this page.
	if (user && hasRole(user, 'family') && user.roles.every((r) => r.role === 'family')) redirect(303, '/portal');
	const caller = callerFor(event);
	const home = await loadOrFail(() => caller.home.today());
	// The work queue is for case workers only; anyone else would be refused, so they are not asked.
	const queue = home.coordinator || home.agencyWorker ? await loadOrFail(() => caller.queue.mine()) : null;
	return { home, queue };
};
