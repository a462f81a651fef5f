import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { CASE_STATUSES, type CaseStatus } from '$lib/server/db/schema';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const search = params.get('q')?.trim() ?? '';
	const asked = params.get('status') ?? '';
	const status = (CASE_STATUSES as readonly string[]).includes(asked) ? (asked as CaseStatus) : undefined;
	const overdue = params.get('overdue') === '1';
	const agencyId = params.get('agency') || undefined;
	const page = Math.max(1, Number(params.get('page')) || 1);
	const caller = callerFor(event);
	return {
		filters: { search, status: status ?? '', overdue, agencyId: agencyId ?? '' },
		agencies: (await loadOrFail(() => caller.case.filterOptions())).agencies,
		list: await loadOrFail(() =>
			caller.case.list({ search: search.slice(0, 100) || undefined, status, agencyId, overdue: overdue || undefined, page, pageSize: PAGE_SIZE })
		)
	};
};
