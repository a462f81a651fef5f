import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { callerFor } from '$lib/server/http';

/** Sign-out is a POST (a link could be triggered by another site); SvelteKit refuses cross-site form posts. */
export const POST: RequestHandler = async (event) => {
	if (event.locals.user) await callerFor(event).auth.logout();
	redirect(303, '/login?signedOut=1');
};
