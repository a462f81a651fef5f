import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';
import type { CreateUserInput } from '$lib/server/domain/users/users.schema';

export const load: PageServerLoad = async (event) => {
	const org = await loadOrFail(() => callerFor(event).admin.organisation());
	return {
		lmgs: org.lmgs.map((l) => ({ value: l.id, label: l.name })),
		agencies: org.agencies.map((a) => ({ value: a.id, label: a.name }))
	};
};

/** The form offers each role once; a role tied to an LMG takes the LMG chosen beside it. */
function rolesFrom(data: FormData): CreateUserInput['roles'] {
	const roles: CreateUserInput['roles'] = [];
	if (data.has('role_admin')) roles.push({ role: 'admin' });
	if (data.has('role_agency_worker')) roles.push({ role: 'agency_worker' });
	if (data.has('role_coordinator')) roles.push({ role: 'coordinator', lmgId: String(data.get('coordinatorLmgId') ?? '') || null });
	if (data.has('role_lmg_admin')) roles.push({ role: 'lmg_admin', lmgId: String(data.get('lmgAdminLmgId') ?? '') || null });
	return roles;
}

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const values = formValues(data);
		const result = await runFormAction('createUser', values, () =>
			callerFor(event).admin.createUser({
				name: values.name ?? '',
				email: values.email ?? '',
				password: String(data.get('password') ?? ''),
				agencyId: values.agencyId || null,
				roles: rolesFrom(data)
			})
		);
		if ('id' in result) redirect(303, `/admin/users?created=${encodeURIComponent(values.name.trim())}`);
		return result;
	}
};
