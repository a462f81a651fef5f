import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cookieName, isLocale } from '$lib/paraglide/runtime';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Only a path on this site: `back` must never send someone to another site. */
function sameSitePath(target: string | null): string {
	return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/';
}

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
