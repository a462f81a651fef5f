import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => ({
	me: await loadOrFail(() => callerFor(event).auth.me())
});

export const actions: Actions = {
	changePassword: async (event) => {
		const data = await event.request.formData();
		const values = formValues(data);
		const newPassword = String(data.get('newPassword') ?? '');
		if (newPassword !== String(data.get('confirmPassword') ?? '')) {
			const fieldErrors: Record<string, string[]> = { confirmPassword: ['The two new passwords are not the same'] };
			return fail(400, { formName: 'changePassword', message: 'Some answers need changing before this can be saved.', fieldErrors, values });
		}
		return runFormAction('changePassword', values, async () => {
			await callerFor(event).auth.changePassword({ currentPassword: String(data.get('currentPassword') ?? ''), newPassword });
			return { done: 'Your password is changed. Any other device you were signed in on has been signed out.' };
		});
	}
};
