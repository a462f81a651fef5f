import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => ({
	protocol: await loadOrFail(() => callerFor(event).case.protocol({ caseId: event.params.id }))
});

export const actions: Actions = {
	move: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('move', values, async () => {
			const { version } = await callerFor(event).case.moveToNewestProtocol({ caseId: event.params.id, reason: values.reason ?? '' });
			return { done: `This case now follows protocol version ${version}. The move is recorded on the case’s timeline.` };
		});
	}
};
