import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const caseId = event.params.id;
	const page = Math.max(1, Number(event.url.searchParams.get('page')) || 1);
	const audit = await loadOrFail(() => caller.audit.forCase({ caseId, page, pageSize: PAGE_SIZE }));
	const { id, reference, familyLabel: label, timezone, lmg } = audit.case;
	return { audit, familyCase: { id, reference, label, timezone, lmg } };
};
