import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { closeDatabaseOnShutdown, getApp, prepareApp } from '$lib/server/app';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { bundledMigrations } from '$lib/server/db/bundled-migrations';
import { sessionCookies } from '$lib/server/http';
import { paraglideMiddleware } from '$lib/paraglide/server';

/** Before the first request: migrate, create the configured admin, load demo data into an empty database. */
export const init: ServerInit = async () => {
	await prepareApp(getApp(), bundledMigrations);
	closeDatabaseOnShutdown(getApp());
};

/**
 * Every page runs in its reader's language (Paraglide's cookie, else English). The family's
 * pages are translated; the page's lang says Māori only where the content is.
 */
const translatedPaths = ['/portal', '/join'];
const language: Handle = ({ event, resolve }) => {
	// The API answers in no language (no server code reads the locale), so its requests skip the
	// middleware's copy of the request and its async context.
	if (event.url.pathname.startsWith('/api/')) return resolve(event);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		const path = event.url.pathname;
		const translated = translatedPaths.some((p) => path === p || path.startsWith(`${p}/`));
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale === 'mi' && translated ? 'mi' : 'en-NZ') });
	});
};

/** Every request: who is this? A missing, unknown, idle or expired session means nobody. */
const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const app = getApp();
		const { session, user } = await validateSessionToken(app.db, app.clock.now(), app.config.session, token);
		if (session) {
			event.locals.user = user;
			event.locals.session = session;
		} else {
			sessionCookies(event.cookies, event.url.protocol === 'https:').clear();
		}
	}
	return resolve(event);
};

/**
 * SvelteKit's own CSRF check covers form posts only. tRPC mutations are JSON, so here a
 * foreign Origin is refused and anything but application/json is refused, before tRPC runs.
 */
const guardApi: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (url.pathname.startsWith('/api/') && request.method !== 'GET' && request.method !== 'HEAD') {
		const origin = request.headers.get('origin');
		if (origin !== null && origin !== url.origin) {
			return json({ error: { message: 'Requests from another site are not accepted.' } }, { status: 403 });
		}
		if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
			return json({ error: { message: 'Send requests as application/json.' } }, { status: 415 });
		}
	}
	return resolve(event);
};

/** Pages anyone may open; everything else needs a signed-in person. */
const publicPaths = ['/login', '/join', '/language'];

const requireSignIn: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const isPublic = path.startsWith('/api/') || path.startsWith('/_app/') || publicPaths.some((p) => path === p || path.startsWith(`${p}/`));
	if (!isPublic && !event.locals.user && event.route.id !== null) {
		const back = path === '/' ? '' : `?redirectTo=${encodeURIComponent(path + event.url.search)}`;
		redirect(303, `/login${back}`);
	}
	return resolve(event);
};

/** Pages with a person's data must not be kept by a browser or proxy cache. */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.url.pathname.startsWith('/_app/')) {
		response.headers.set('cache-control', 'no-store');
	}
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	// No other site's window keeps a handle on ours, and no page may ask for the camera,
	// microphone or location: Tautoko never needs them.
	response.headers.set('cross-origin-opener-policy', 'same-origin');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
	// Over https (ORIGIN says so), browsers must never fall back to plain http for two years.
	if (event.url.protocol === 'https:') {
		response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
	}
	return response;
};

export const handle = sequence(language, securityHeaders, authenticate, guardApi, requireSignIn);

/** Unexpected errors: logged with an id, shown with the same id and nothing else. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = crypto.randomUUID().replaceAll('-', '').slice(0, 12);
	if (status === 404) return { message: 'We could not find that page.', errorId };
	getApp().log.error({ errorId, path: event.url.pathname, err: error }, 'request failed');
	return { message: 'Something went wrong on our side. Please try again in a moment.', errorId };
};
