import type { LayoutServerLoad } from './$types';
import { hasRole, primaryRole, roleLabels } from '$lib/server/domain/actor';

/** Only what the header needs: who is signed in and which parts of Tautoko their roles open. */
export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	if (!user) return { user: null };
	const role = primaryRole(user);
	return {
		user: {
			name: user.name,
			roleLabel: role ? roleLabels[role] : null,
			isAdmin: hasRole(user, 'admin'),
			isCaseWorker: hasRole(user, 'coordinator') || hasRole(user, 'agency_worker'),
			/** LMG members and coordinators: their LMG's protocol and reports. */
			isLmgPerson: hasRole(user, 'lmg_admin') || hasRole(user, 'coordinator'),
			/** A family member: the header, its navigation and the language switcher follow the portal's language. */
			isFamily: hasRole(user, 'family')
		}
	};
};
