/**
 * Tautoko's production server: `node build` runs this (svelte.config.js copies it over the
 * build's index.js). It is adapter-node's own server (its files/index.js, version 5.5) with the
 * same environment variables and the same graceful shutdown, and one difference: the API's
 * single GET queries are answered by src/lib/server/direct-api.ts before SvelteKit sees them, as
 * adapter-node documents for a custom server (its handler.js takes whatever the server does not).
 * Everything else — pages, assets, mutations — goes to SvelteKit through that handler.
 *
 * It is plain JavaScript because it runs from build/ as it is, next to adapter-node's handler.js.
 */
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import process from 'node:process';

/** @typedef {(req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void} Handler */
/** @typedef {(req: http.IncomingMessage, res: http.ServerResponse) => boolean} DirectApi */

// Importing the handler starts the app: SvelteKit's init hook (hooks.server.ts) migrates the
// database, loads demo data into an empty one and sets the direct path read below, under the key
// that exposeDirectApi in src/lib/server/direct-api.ts writes.
const { handler } = /** @type {{ handler: Handler }} */ (await import(new URL('./handler.js', import.meta.url).href));
const answerDirectly = /** @type {DirectApi | undefined} */ (
	/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for('tautoko.answerDirectly')]
);

const socketPath = process.env.SOCKET_PATH || undefined;
const host = process.env.HOST ?? '0.0.0.0';
const port = process.env.PORT ?? (socketPath ? undefined : '3000');
const shutdownTimeout = seconds('SHUTDOWN_TIMEOUT') ?? 30;
const idleTimeout = seconds('IDLE_TIMEOUT') ?? 0;

// systemd socket activation (https://www.freedesktop.org/software/systemd/man/latest/sd_listen_fds.html)
const listenPid = parseInt(process.env.LISTEN_PID ?? '0');
const listenFds = parseInt(process.env.LISTEN_FDS ?? '0');
const SD_LISTEN_FDS_START = 3;
if (listenPid !== 0 && listenPid !== process.pid) {
	throw new Error(`received LISTEN_PID ${listenPid} but current process id is ${process.pid}`);
}
if (listenFds > 1) {
	throw new Error(`only one socket is allowed for socket activation, but LISTEN_FDS was set to ${listenFds}`);
}
const socketActivation = listenPid === process.pid && listenFds === 1;

/** A duration in whole seconds from the environment, or undefined when it is not set. */
function seconds(/** @type {string} */ name) {
	const value = process.env[name];
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new Error(`Invalid value for environment variable ${name}: "${value}" (should be a whole number of seconds)`);
	return parseInt(value);
}

/** When nothing in the handler answered (it always does: SvelteKit answers 404 itself). */
function notFound(/** @type {http.ServerResponse} */ res) {
	res.statusCode = 404;
	res.end('Not Found');
}

const httpServer = http.createServer((req, res) => {
	if (answerDirectly?.(req, res)) return;
	handler(req, res, () => notFound(res));
});
const keepAliveTimeout = seconds('KEEP_ALIVE_TIMEOUT');
if (keepAliveTimeout !== undefined) httpServer.keepAliveTimeout = keepAliveTimeout * 1000;
const headersTimeout = seconds('HEADERS_TIMEOUT');
if (headersTimeout !== undefined) httpServer.headersTimeout = headersTimeout * 1000;

if (socketActivation) {
	httpServer.listen({ fd: SD_LISTEN_FDS_START }, () => console.log(`Listening on file descriptor ${SD_LISTEN_FDS_START}`));
} else {
	// A socket file left by an earlier run would stop listen(); a real file of that name is kept.
	if (socketPath) {
		try {
			if (statSync(socketPath).size === 0) await rm(socketPath);
		} catch {
			// no such file
		}
	}
	httpServer.listen({ path: socketPath, host, port }, () => {
		const address = httpServer.address();
		console.log(`Listening on ${typeof address === 'string' ? address : `http://${host}:${address?.port ?? port}`}`);
	});
}

let requests = 0;
/** @type {NodeJS.Timeout | undefined} */
let shutdownTimer;
/** @type {NodeJS.Timeout | undefined} */
let idleTimer;

/**
 * Stop taking connections, let the requests in flight finish, then tell the app (which closes
 * the database: src/lib/server/app.ts). Connections still open after SHUTDOWN_TIMEOUT are cut.
 */
function gracefulShutdown(/** @type {'SIGINT' | 'SIGTERM' | 'IDLE'} */ reason) {
	if (shutdownTimer) return;
	// A keep-alive connection with no request would otherwise hold close() until it times out.
	httpServer.closeIdleConnections();
	httpServer.close((error) => {
		if (error) return; // already closed
		clearTimeout(shutdownTimer);
		clearTimeout(idleTimer);
		// @ts-expect-error custom events cannot be typed
		process.emit('sveltekit:shutdown', reason);
	});
	shutdownTimer = setTimeout(() => httpServer.closeAllConnections(), shutdownTimeout * 1000);
}

httpServer.on('request', (req) => {
	requests++;
	if (socketActivation) idleTimer = void clearTimeout(idleTimer);
	req.on('close', () => {
		requests--;
		// Close each connection as soon as its request is done, so it takes no more.
		if (shutdownTimer) httpServer.closeIdleConnections();
		if (requests === 0 && socketActivation && idleTimeout) {
			idleTimer = setTimeout(() => gracefulShutdown('IDLE'), idleTimeout * 1000);
		}
	});
});

process.on('SIGTERM', gracefulShutdown);
process.on('SIGINT', gracefulShutdown);
