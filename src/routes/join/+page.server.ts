import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { hasRole } from '$lib/server/domain/actor';
import { joinInput } from '$lib/server/domain/family/family.schema';
import { PASSWORD_MIN_LENGTH } from '$lib/server/auth/password';
import { callerFor } from '$lib/server/http';
import { runPortalAction, typedValues } from '$lib/i18n/refusals.server';

/** What was wrong with a join, as codes the page says in the reader's language. */
type JoinProblems = Partial<{ code: 'missing' | 'refused'; email: 'invalid' | 'taken'; password: 'short' }>;

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, hasRole(locals.user, 'family') ? '/portal' : '/');
	return { minLength: PASSWORD_MIN_LENGTH };
};

export const actions: Actions = {
	/** A family member joins with their invitation code, and is signed in. */
	default: async (event) => {
		const data = await event.request.formData();
		const values = typedValues(data);
		const input = { code: values.code ?? '', email: values.email ?? '', password: String(data.get('password') ?? '') };
		const echo = { code: input.code, email: input.email };
		const parsed = joinInput.safeParse(input);
		if (!parsed.success) {
			const problems: JoinProblems = {};
			for (const issue of parsed.error.issues) {
				if (issue.path[0] === 'code') problems.code = 'missing';
				if (issue.path[0] === 'email') problems.email = 'invalid';
				if (issue.path[0] === 'password') problems.password = 'short';
			}
			return fail(400, { problems, throttledMinutes: null, values: echo });
		}
		const result = await runPortalAction(echo, () => callerFor(event).family.join(parsed.data));
		if ('name' in result) redirect(303, '/portal');
		const refusal = result.data;
		if (refusal.refused === 'throttled') return fail(429, { problems: {} as JoinProblems, throttledMinutes: refusal.retryAfterMinutes ?? 60, values: echo });
		const problems: JoinProblems = {};
		if (refusal.fields.includes('email')) problems.email = 'taken';
		if (refusal.fields.includes('code') || !problems.email) problems.code = 'refused';
		return fail(400, { problems, throttledMinutes: null, values: echo });
	}
};
