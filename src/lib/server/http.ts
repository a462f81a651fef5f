import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { getApp } from './app';
import { SESSION_COOKIE } from './auth/session';
import type { Context, SessionCookies } from './trpc/context';
import { createCaller } from './trpc/router';

/**
 * The session cookie: HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site
 * posts), Secure whenever the site is served over https, and gone at the absolute limit.
 */
export function sessionCookies(cookies: Cookies, secure: boolean): SessionCookies {
	return {
		set(token, expiresAt) {
			cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
		},
		clear() {
			cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
		}
	};
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
