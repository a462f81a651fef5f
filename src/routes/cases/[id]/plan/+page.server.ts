import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';
import type { ActionStatus } from '$lib/server/db/schema';

export const load: PageServerLoad = async (event) => {
	const plan = await loadOrFail(() => callerFor(event).plan.get({ caseId: event.params.id }));
	const saved = Number(event.url.searchParams.get('saved'));
	return { plan, saved: Number.isInteger(saved) && saved > 0 ? saved : null };
};

export const actions: Actions = {
	updateAction: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('updateAction', values, async () => {
			await callerFor(event).action.update({
				actionId: values.actionId ?? '',
				// Unchecked here on purpose: the procedure's schema validates every field.
				status: values.status as ActionStatus,
				note: values.note ?? ''
			});
			return { done: 'The action’s progress is recorded.', actionId: values.actionId ?? '' };
		});
	}
};
