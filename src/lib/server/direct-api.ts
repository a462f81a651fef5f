import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { getApp } from './app';
import { SESSION_COOKIE } from './auth/session';
import { clientAddress, readForwardedSettings, requestOrigin, type ForwardedSettings } from './forwarded';
import { sessionCookieOptions, sessionOfRequest } from './http';
import { unexpectedError } from './unexpected-error';
import { securityHeaders } from './security-headers';
import type { SessionCookies } from './trpc/context';
import { answerQuery, directQuery, type DirectQuery } from './trpc/api-handler';

/**
 * The API's single GET queries (`/api/trpc/case.get?input=…`), answered from Node's own request
 * and response, before SvelteKit sees them.
 *
 * Why: a case read is most of what agency workers do, and SvelteKit's request pipeline with the
 * Fetch objects under it (a Request with its AbortSignal, the Response's web stream) cost over a
 * third of the server's CPU for each (0.27 of 0.73 ms) and made most of the garbage that outlived
 * a request (bench/results-notes.md, item 17).
 *
 * What it keeps the same as the SvelteKit path, one rule each in one place: which requests count
 * as a direct query, and their answer, through the same procedure (api-handler.ts); who the
 * session belongs to, and forgetting a dead cookie (http.ts); the headers on every response
 * (security-headers.ts); the client's address and the site's origin behind a proxy, read from the
 * same environment variables as adapter-node reads them (forwarded.ts). Everything else (pages,
 * mutations, batches, anything unusual) goes to SvelteKit as before.
 * tests/resilience/direct-api.test.ts compares the two paths on the production build.
 *
 * src/server.js, the production server, calls this for each request; hooks.server.ts hands it over
 * when the app starts (see exposeDirectApi).
 */
export function answerDirectly(req: IncomingMessage, res: ServerResponse): boolean {
	const header = (name: string) => {
		const value = req.headers[name];
		return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
	};
	const query = directQuery({ method: req.method, url: req.url ?? '/', header });
	if (!query) return false;
	respond(req, res, query, header('user-agent')).catch((error: unknown) => {
		// respond answers every failure it can reach; this is for one it cannot (the app failing to
		// start, or the connection failing mid-answer), so the request is not left hanging.
		console.error('direct API answer failed', error);
		res.destroy();
	});
	return true;
}

let forwarded: ForwardedSettings | undefined;

async function respond(req: IncomingMessage, res: ServerResponse, query: DirectQuery, userAgent: string | null) {
	const app = getApp();
	forwarded ??= readForwardedSettings();
	let https: boolean;
	try {
		https = requestOrigin(forwarded, req.headers).startsWith('https:');
	} catch {
		// As adapter-node answers a request whose origin it cannot work out.
		res.writeHead(400).end('Bad Request');
		return;
	}
	const setCookies: string[] = [];
	const cookies = nodeSessionCookies(setCookies, https);
	const headers = securityHeaders('/api/trpc', https);
	try {
		const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
		const { user, session } = await sessionOfRequest(app, token, cookies);
		const answer = await answerQuery(query, {
			log: app.log,
			createContext: () => ({
				app,
				user,
				session,
				request: { address: clientAddress(forwarded!, req.headers, req.socket.remoteAddress), userAgent },
				cookies
			})
		});
		if (setCookies.length > 0) res.setHeader('set-cookie', setCookies);
		res.writeHead(answer.status, { ...answer.headers, ...headers, 'content-length': Buffer.byteLength(answer.body) }).end(answer.body);
	} catch (error) {
		// What SvelteKit answers when a hook throws: the error's id and a plain message, as JSON.
		// The path alone is logged, as for SvelteKit's requests: the query string carries the input.
		const body = JSON.stringify(unexpectedError(app.log, error, (req.url ?? '').split('?')[0]));
		res.writeHead(500, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
	}
}

/** The session cookie as http.ts's sessionCookies writes it through SvelteKit, written to Node's response. */
function nodeSessionCookies(setCookies: string[], secure: boolean): SessionCookies {
	const options = sessionCookieOptions(secure);
	return {
		set(token, expiresAt) {
			setCookies.push(serializeCookie(SESSION_COOKIE, token, { ...options, expires: expiresAt }));
		},
		clear() {
			setCookies.push(serializeCookie(SESSION_COOKIE, '', { ...options, maxAge: 0 }));
		}
	};
}

/** Where src/server.js finds the direct path: set when the app starts, in SvelteKit's init hook. */
const DIRECT_API = Symbol.for('tautoko.answerDirectly');

export function exposeDirectApi(): void {
	(globalThis as Record<symbol, unknown>)[DIRECT_API] = answerDirectly;
}
