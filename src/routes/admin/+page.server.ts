import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';
import type { AgencyKind, AgencySector } from '$lib/server/db/schema';
import { agencyKindLabels, agencyKinds, timezones } from '$lib/server/domain/organisation/organisation.schema';

export const load: PageServerLoad = async (event) => ({
	organisation: await loadOrFail(() => callerFor(event).admin.organisation()),
	timezones: [...timezones],
	agencyKinds: agencyKinds.map((kind) => ({ value: kind, label: agencyKindLabels[kind] }))
});

export const actions: Actions = {
	createRegion: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('createRegion', values, async () => {
			await callerFor(event).admin.createRegion({ name: values.name ?? '' });
			return { done: `Region “${values.name.trim()}” created.` };
		});
	},
	createLmg: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('createLmg', values, async () => {
			await callerFor(event).admin.createLmg({ name: values.name ?? '', regionId: values.regionId ?? '', timezone: values.timezone ?? '' });
			return { done: `LMG “${values.name.trim()}” created, with the default protocol as version 1.` };
		});
	},
	createAgency: async (event) => {
		const data = await event.request.formData();
		const values = formValues(data);
		return runFormAction('createAgency', values, async () => {
			await callerFor(event).admin.createAgency({
				name: values.name ?? '',
				// Unchecked here on purpose: the procedure's schema validates every field.
				kind: values.kind as AgencyKind,
				sector: values.sector as AgencySector,
				lmgIds: data.getAll('lmgIds').map(String)
			});
			return { done: `Agency “${values.name.trim()}” created.` };
		});
	},
	addAgencyToLmg: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('addAgencyToLmg', values, async () => {
			await callerFor(event).admin.addAgencyToLmg({ agencyId: values.agencyId ?? '', lmgId: values.lmgId ?? '' });
			return { done: 'Agency added to the LMG.' };
		});
	}
};
