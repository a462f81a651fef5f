import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import superjson, { type SuperJSONResult } from 'superjson';
import { Child } from './child';

/** Ports these tests may use; other suites and other people's servers use other ranges. */
const PORTS = { first: 4300, last: 4399 };

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = createServer()
			.once('error', () => resolve(false))
			.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
	});
}

async function freePort(): Promise<number> {
	const start = PORTS.first + Math.floor(Math.random() * (PORTS.last - PORTS.first + 1));
	for (let i = 0; i <= PORTS.last - PORTS.first; i++) {
		const port = PORTS.first + ((start - PORTS.first + i) % (PORTS.last - PORTS.first + 1));
		if (await portIsFree(port)) return port;
	}
	throw new Error(`no free port in ${PORTS.first}–${PORTS.last}`);
}

export type LogLine = { level: number; msg: string; [key: string]: unknown };

/** The production build (`node build`) on its own port and database file. */
export class Server {
	private constructor(
		readonly child: Child,
		readonly port: number,
		readonly url: string
	) {}

	/**
	 * Starts `node build` and waits until /login answers. Demo data loads on the first start.
	 * A variable given as undefined is left out of the server's environment.
	 */
	static async start(databasePath: string, env: Record<string, string | undefined> = {}): Promise<Server> {
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			const url = `http://localhost:${port}`;
			const childEnv: Record<string, string | undefined> = {
				...process.env,
				NODE_ENV: 'production',
				ORIGIN: url,
				PORT: String(port),
				DATABASE_PATH: databasePath,
				DEMO_DATA: 'true',
				...env
			};
			for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
			const child = new Child(process.execPath, ['build'], { env: childEnv });
			const server = new Server(child, port, url);
			try {
				await server.waitUntilReady(60_000);
				return server;
			} catch (error) {
				await child.kill();
				// Someone took the port between our probe and the server's listen: try another.
				if (attempt < 3 && child.stderr.includes('EADDRINUSE')) continue;
				throw error;
			}
		}
	}

	private async waitUntilReady(timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.child.alive) throw new Error(`the server exited while starting:\n${this.child.stderr}`);
			try {
				const response = await fetch(`${this.url}/login`);
				await response.arrayBuffer();
				if (response.status === 200) return;
			} catch {
				// not listening yet
			}
			await sleep(100);
		}
		throw new Error(`the server did not answer /login within ${timeoutMs} ms:\n${this.child.stderr}`);
	}

	/** Its pino log: JSON lines on stdout (adapter-node's own "Listening on" line is not JSON). */
	logs(): LogLine[] {
		return this.child.lines.flatMap((line) => {
			try {
				return [JSON.parse(line) as LogLine];
			} catch {
				return [];
			}
		});
	}

	async stop() {
		await this.child.kill();
	}
}

export type TrpcResult<T> = { status: number; ms: number; data?: T; error?: unknown; startedAt: number; endedAt: number };

/** A signed-in API client as a browser would be: one session cookie, the app's own Origin. */
export class ApiClient {
	private cookie = '';
	constructor(readonly baseUrl: string) {}

	async login(email: string, password: string) {
		const result = await this.call('mutation', 'auth.login', { email, password });
		if (result.status !== 200) throw new Error(`sign-in as ${email} failed: ${result.status} ${JSON.stringify(result.error)}`);
		return result;
	}

	query<T = unknown>(path: string, input?: unknown) {
		return this.call<T>('query', path, input);
	}

	mutate<T = unknown>(path: string, input?: unknown) {
		return this.call<T>('mutation', path, input);
	}

	async call<T>(kind: 'query' | 'mutation', path: string, input?: unknown): Promise<TrpcResult<T>> {
		const headers: Record<string, string> = { cookie: this.cookie };
		let url = `${this.baseUrl}/api/trpc/${path}`;
		let init: RequestInit;
		if (kind === 'query') {
			if (input !== undefined) url += `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
			init = { method: 'GET', headers };
		} else {
			init = {
				method: 'POST',
				headers: { ...headers, 'content-type': 'application/json', origin: this.baseUrl },
				body: JSON.stringify(superjson.serialize(input))
			};
		}
		const startedAt = Date.now();
		const response = await fetch(url, init);
		const body = (await response.json()) as { result?: { data: SuperJSONResult }; error?: { json: unknown } };
		const endedAt = Date.now();
		const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('tautoko_session='));
		if (setCookie) this.cookie = setCookie.split(';')[0];
		return {
			status: response.status,
			ms: endedAt - startedAt,
			startedAt,
			endedAt,
			data: body.result ? (superjson.deserialize(body.result.data) as T) : undefined,
			error: body.error?.json
		};
	}

	get sessionCookie() {
		return this.cookie;
	}
}
