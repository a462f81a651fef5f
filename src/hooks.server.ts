import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getApp, prepareApp, runDatabaseWhileServing } from '$lib/server/app';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { exposeDirectApi } from '$lib/server/direct-api';
import { bundledMigrations } from '$lib/server/db/bundled-migrations';
import { sessionCookies, sessionOfRequest } from '$lib/server/http';
import { securityHeaders as headersForEveryResponse } from '$lib/server/security-headers';
import { newErrorId, unexpectedError } from '$lib/server/unexpected-error';
import { paraglideMiddleware } from '$lib/paraglide/server';

/**
 * Before the first request: migrate, create the configured admin, load demo data into an empty
 * database, start SQLite's checkpoint thread, and hand the production server its direct path for
 * API queries (direct-api.ts).
 */
export const init: ServerInit = async () => {
	await prepareApp(getApp(), bundledMigrations);
	runDatabaseWhileServing(getApp());
	exposeDirectApi();
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
	const cookies = sessionCookies(event.cookies, event.url.protocol === 'https:');
	const { user, session } = await sessionOfRequest(getApp(), event.cookies.get(SESSION_COOKIE), cookies);
	event.locals.user = user;
	event.locals.session = session;
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

/** Every response's headers: no caching of a person's data, no framing, no sniffing (security-headers.ts). */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(headersForEveryResponse(event.url.pathname, event.url.protocol === 'https:'))) {
		response.headers.set(name, value);
	}
	return response;
};

export const handle = sequence(language, securityHeaders, authenticate, guardApi, requireSignIn);

/** Unexpected errors: logged with an id, shown with the same id and nothing else. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return { message: 'We could not find that page.', errorId: newErrorId() };
	return unexpectedError(getApp().log, error, event.url.pathname);
};
