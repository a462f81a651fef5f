import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const caseId = event.params.id;
	// One after the other: a refused case.get ends here, with one denied row in the audit log.
	const familyCase = await loadOrFail(() => caller.case.get({ caseId }));
	const timeline = await loadOrFail(() => caller.case.timeline({ caseId }));
	return {
		familyCase,
		timeline,
		opened: event.url.searchParams.has('opened'),
		today: new Date().toLocaleDateString('en-CA', { timeZone: familyCase.lmg.timezone })
	};
};

export const actions: Actions = {
	addNote: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('addNote', values, async () => {
			await callerFor(event).case.addNote({ caseId: event.params.id, category: values.category ?? '', body: values.body ?? '', notedOn: values.notedOn || undefined });
			return { done: 'Your note is added.' };
		});
	}
};
