import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../../auth/password';

/** Roles an administrator grants; family members join through an invitation instead. */
export const staffRoles = ['admin', 'lmg_admin', 'coordinator', 'agency_worker'] as const;

export const createUserInput = z
	.object({
		name: z.string().trim().min(1, 'Enter the person’s name').max(120, 'Keep the name under 120 characters'),
		email: z.email('Enter an email address like name@agency.govt.nz').max(200),
		password: z
			.string()
			.min(PASSWORD_MIN_LENGTH, `Choose a first password of at least ${PASSWORD_MIN_LENGTH} characters`)
			.max(200, 'Keep the password under 200 characters'),
		agencyId: z.string().trim().min(1).nullish(),
		roles: z
			.array(z.object({ role: z.enum(staffRoles, 'Choose a role from the list'), lmgId: z.string().trim().min(1).nullish() }))
			.min(1, 'Give the person at least one role')
	})
	.superRefine((input, ctx) => {
		input.roles.forEach((grant, index) => {
			if ((grant.role === 'coordinator' || grant.role === 'lmg_admin') && !grant.lmgId) {
				ctx.addIssue({ code: 'custom', path: ['roles', index, 'lmgId'], message: 'Choose the LMG for this role' });
			}
		});
		if (input.roles.some((g) => g.role === 'agency_worker') && !input.agencyId) {
			ctx.addIssue({ code: 'custom', path: ['agencyId'], message: 'Choose the agency this worker belongs to' });
		}
	});

export const disableUserInput = z.object({ userId: z.string().trim().min(1, 'Choose a user') });

export const listUsersInput = z.object({
	search: z.string().trim().max(100).optional(),
	role: z.enum([...staffRoles, 'family']).optional(),
	page: z.number().int().min(1).default(1),
	pageSize: z.number().int().min(1).max(100).default(25)
});

export type CreateUserInput = z.infer<typeof createUserInput>;
export type DisableUserInput = z.infer<typeof disableUserInput>;
export type ListUsersInput = z.input<typeof listUsersInput>;
