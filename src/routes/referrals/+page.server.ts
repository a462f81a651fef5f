import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { hasRole } from '$lib/server/domain/actor';

const PAGE_SIZE = 25;

const pageParam = (url: URL, name: string) => Math.max(1, Number(url.searchParams.get(name)) || 1);

/**
 * The role list only chooses which sections to ask for; each list procedure still decides for
 * itself. Someone with neither role asks for "mine" and gets the procedure's refusal.
 */
export const load: PageServerLoad = async (event) => {
	const user = event.locals.user;
	const isWorker = user ? hasRole(user, 'agency_worker') : false;
	const isCoordinator = user ? hasRole(user, 'coordinator') : false;
	const coordinatorView = event.url.searchParams.get('view') === 'all' ? ('all' as const) : ('queue' as const);
	const caller = callerFor(event);
	const mine =
		isWorker || !isCoordinator
			? await loadOrFail(() => caller.referral.list({ view: 'mine', page: pageParam(event.url, 'minePage'), pageSize: PAGE_SIZE }))
			: null;
	const assess = isCoordinator
		? await loadOrFail(() => caller.referral.list({ view: coordinatorView, page: pageParam(event.url, 'page'), pageSize: PAGE_SIZE }))
		: null;
	return { mine, assess, coordinatorView };
};
