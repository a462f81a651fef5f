import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

/**
 * The LMGs whose protocol this person may read: the role list says which to offer; protocol.get
 * decides what they may actually see. With one LMG there is nothing to choose.
 */
export const load: PageServerLoad = async (event) => {
	const roles = event.locals.user?.roles ?? [];
	const lmgIds = [...new Set(roles.filter((g) => (g.role === 'lmg_admin' || g.role === 'coordinator') && g.lmgId !== null).map((g) => g.lmgId!))];
	if (lmgIds.length === 1) redirect(303, `/protocol/${lmgIds[0]}`);
	const caller = callerFor(event);
	const lmgs = await Promise.all(
		lmgIds.map(async (lmgId) => {
			const p = await loadOrFail(() => caller.protocol.get({ lmgId }));
			return { id: lmgId, name: p.lmg.name, version: p.current.version, canEdit: p.canEdit, draftVersion: p.draft?.version ?? null };
		})
	);
	return { lmgs: lmgs.sort((a, b) => a.name.localeCompare(b.name)) };
};
