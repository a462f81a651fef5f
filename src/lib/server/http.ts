import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { getApp, type App } from './app';
import { SESSION_COOKIE, validateSessionToken, type SessionValidation } from './auth/session';
import type { Context, SessionCookies } from './trpc/context';
import { createCaller } from './trpc/router';

/**
 * The session cookie: HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site
 * posts), Secure whenever the site is served over https, and gone at the absolute limit.
 */
export function sessionCookies(cookies: Cookies, secure: boolean): SessionCookies {
	const options = sessionCookieOptions(secure);
	return {
		set(token, expiresAt) {
			cookies.set(SESSION_COOKIE, token, { ...options, expires: expiresAt });
		},
		clear() {
			cookies.delete(SESSION_COOKIE, options);
		}
	};
}

/** The session cookie's attributes, wherever it is written (here, and direct-api.ts). */
export function sessionCookieOptions(secure: boolean) {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure } as const;
}

/**
 * Who sent a request carrying this session cookie: nobody if it has none, or if it names a
 * session that is unknown, idle or expired, in which case the browser is told to forget it.
 * hooks.server.ts asks this of every request SvelteKit answers, direct-api.ts of the rest.
 */
export async function sessionOfRequest(app: App, token: string | undefined, cookies: SessionCookies): Promise<SessionValidation> {
	if (!token) return { session: null, user: null };
	const validation = await validateSessionToken(app.db, app.clock.now(), app.config.session, token);
	if (!validation.session) cookies.clear();
	return validation;
}

export function contextFromEvent(event: RequestEvent): Context {
	return {
		app: getApp(),
		user: event.locals.user,
		session: event.locals.session,
		request: { address: event.getClientAddress(), userAgent: event.request.headers.get('user-agent') },
		cookies: sessionCookies(event.cookies, event.url.protocol === 'https:')
	};
}

/** The tRPC procedures, called in-process by page loads and form actions: one path for every rule. */
export function callerFor(event: RequestEvent) {
	return createCaller(contextFromEvent(event));
}
