import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cookieName, isLocale } from '$lib/paraglide/runtime';
import { sameSitePath } from '$lib/server/redirects';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;


/**
 * The language switcher's plain link (it works without JavaScript): remembers the choice for a
 * year in Paraglide's cookie, which the page's own script reads too (so not HttpOnly; it holds
 * only "en" or "mi"), and goes back to the page the reader was on.
 */
export const GET: RequestHandler = ({ url, cookies }) => {
	const to = url.searchParams.get('to');
	if (isLocale(to)) {
		cookies.set(cookieName, to, { path: '/', maxAge: ONE_YEAR_SECONDS, sameSite: 'lax', httpOnly: false, secure: url.protocol === 'https:' });
	}
	redirect(303, sameSitePath(url.searchParams.get('back')));
};
