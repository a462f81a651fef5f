import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';

/** A version number from the address, or null for anything else. */
function versionParam(text: string | null): number | null {
	return text && /^\d{1,6}$/.test(text) && Number(text) >= 1 ? Number(text) : null;
}

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const lmgId = event.params.lmgId;
	const params = event.url.searchParams;
	const newest = await loadOrFail(() => caller.protocol.get({ lmgId }));
	const published = new Set(newest.history.map((h) => h.version));
	// An older version asked for by its history link; the one in force otherwise.
	const asked = versionParam(params.get('version'));
	const shown = asked !== null && asked !== newest.current.version && published.has(asked) ? await loadOrFail(() => caller.protocol.get({ lmgId, version: asked })) : newest;

	// Compare versions: by default the version before the one in force with the one in force.
	const from = versionParam(params.get('from'));
	const to = versionParam(params.get('to'));
	const comparing = from !== null && to !== null && published.has(from) && published.has(to);
	const comparison = comparing ? await loadOrFail(() => caller.protocol.diff({ lmgId, from, to })) : null;
	const previous = newest.history[1]?.version ?? newest.current.version;

	return {
		protocol: newest,
		shown: shown.current,
		inForce: shown === newest,
		compare: { from: String(from ?? previous), to: String(to ?? newest.current.version), asked: params.has('from') || params.has('to') },
		comparison,
		confirmDiscard: params.get('discard') === '1' && newest.draft !== null,
		saved: params.has('saved'),
		imported: params.has('imported'),
		published: versionParam(params.get('published')),
		discarded: params.has('discarded')
	};
};

export const actions: Actions = {
	publish: async (event) => {
		const values = formValues(await event.request.formData());
		const lmgId = event.params.lmgId;
		const result = await runFormAction('publish', values, () => callerFor(event).protocol.publish({ lmgId, changeNote: values.changeNote ?? '' }));
		if ('version' in result) redirect(303, `/protocol/${lmgId}?published=${result.version}`);
		return result;
	},
	discard: async (event) => {
		const values = formValues(await event.request.formData());
		const lmgId = event.params.lmgId;
		const result = await runFormAction('discard', values, async () => {
			await callerFor(event).protocol.discardDraft({ lmgId });
			return { discarded: true as const };
		});
		if ('discarded' in result) redirect(303, `/protocol/${lmgId}?discarded=1`);
		return result;
	}
};
