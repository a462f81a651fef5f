import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { INVALID_LOGIN_MESSAGE, login, throttledMessage } from '$lib/server/auth/login';
import { sessionCookies } from '$lib/server/http';
import { loginInput } from '$lib/server/trpc/routers/auth';
import { sameSitePath } from '$lib/server/redirects';


const noFieldErrors: Record<string, string[]> = {};

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, sameSitePath(url.searchParams.get('redirectTo')));
	return { signedOut: url.searchParams.has('signedOut') };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const email = String(data.get('email') ?? '');
		const parsed = loginInput.safeParse({ email, password: String(data.get('password') ?? '') });
		if (!parsed.success) {
			const fieldErrors: Record<string, string[]> = {};
			for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
			return fail(400, { email, message: null as string | null, fieldErrors });
		}
		const app = getApp();
		const outcome = await login(app, {
			...parsed.data,
			address: event.getClientAddress(),
			userAgent: event.request.headers.get('user-agent')
		});
		if (outcome.kind === 'throttled') return fail(429, { email, message: throttledMessage(outcome.retryAfterSeconds), fieldErrors: noFieldErrors });
		if (outcome.kind === 'invalid') return fail(400, { email, message: INVALID_LOGIN_MESSAGE, fieldErrors: noFieldErrors });
		sessionCookies(event.cookies, event.url.protocol === 'https:').set(outcome.token, outcome.session.expiresAt);
		redirect(303, sameSitePath(event.url.searchParams.get('redirectTo')));
	}
};
