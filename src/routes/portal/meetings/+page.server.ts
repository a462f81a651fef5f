import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { refuse, runPortalAction, typedValues } from '$lib/i18n/refusals.server';

export const load: PageServerLoad = async (event) => ({
	meetings: await loadOrFail(() => callerFor(event).portal.meetings())
});

export const actions: Actions = {
	/** The family asks that one worker is not invited; the coordinator is told. */
	default: async (event) => {
		const values = typedValues(await event.request.formData());
		const userId = values.userId?.trim() ?? '';
		if (!userId) return refuse('invalid', ['userId'], values);
		const caller = callerFor(event);
		const result = await runPortalAction(values, async () => {
			await caller.portal.declineWorker({ userId, reason: values.reason?.trim() || undefined });
			const { workers } = await caller.portal.meetings();
			return { declined: workers.find((w) => w.id === userId)?.name ?? '' };
		});
		return result;
	}
};
