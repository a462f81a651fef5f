import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => ({
	notifications: await loadOrFail(() => callerFor(event).notification.list())
});

export const actions: Actions = {
	markAllRead: async (event) => {
		const values = formValues(await event.request.formData());
		const caller = callerFor(event);
		return runFormAction('markAllRead', values, async () => {
			const { items } = await caller.notification.list();
			const unread = items.filter((n) => !n.read).map((n) => n.id);
			if (unread.length > 0) await caller.notification.markRead({ ids: unread });
			return { done: 'All notifications marked as read.' };
		});
	}
};
