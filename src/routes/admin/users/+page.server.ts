import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async (event) => {
	const search = event.url.searchParams.get('q')?.trim() || undefined;
	const page = Math.max(1, Number(event.url.searchParams.get('page')) || 1);
	return {
		search: search ?? '',
		created: event.url.searchParams.get('created'),
		list: await loadOrFail(() => callerFor(event).admin.listUsers({ search, page, pageSize: PAGE_SIZE }))
	};
};

export const actions: Actions = {
	disable: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('disable', values, async () => {
			await callerFor(event).admin.disableUser({ userId: values.userId ?? '' });
			return { done: `${values.name} can no longer sign in, and every session they had has ended.` };
		});
	},
	enable: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('enable', values, async () => {
			await callerFor(event).admin.enableUser({ userId: values.userId ?? '' });
			return { done: `${values.name} can sign in again.` };
		});
	}
};
