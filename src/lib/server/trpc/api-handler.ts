import { getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, TRPCError, type AnyTRPCProcedure } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { Logger } from '../log';
import type { Context } from './context';
import { errorIdOf } from './errors';
import { appRouter } from './router';

/**
 * The HTTP API at /api/trpc: tRPC's wire protocol over fetch Requests and Responses.
 *
 * Most calls are one query sent as GET (`/api/trpc/case.get?input=…`), and for those tRPC's
 * general handler — batching, streaming, subscriptions, method overrides, three Headers objects,
 * two URL parses and two AbortControllers per call — cost a case page a tenth of its CPU. So a
 * single query over GET is answered here directly, through the same procedure (so the same
 * middleware, audit, consent gate and error formatter), with the same status, headers and body
 * tRPC would send. Anything else, and anything unusual about a query (a batch, a streaming
 * Accept, a content type, an encoded path), goes to tRPC's own handler. tests/integration/
 * api-handler.test.ts holds the two to identical responses. In production the same direct path
 * is reached before SvelteKit, from Node's own request (direct-api.ts); here it serves the
 * SvelteKit route, which `vite dev` and anything else that bypasses src/server.js still use.
 */
export type ApiRequestOptions = {
	createContext: () => Context;
	log: Logger;
	/** Tests turn this off to compare the direct path with tRPC's own handler. */
	answerQueriesDirectly?: boolean;
};

const API_ENDPOINT = '/api/trpc';

export function handleApiRequest(request: Request, options: ApiRequestOptions): Promise<Response> {
	if (options.answerQueriesDirectly !== false) {
		const direct = directQueryOf(request);
		if (direct) return answerQuery(direct, options).then((answer) => new Response(answer.body, answer));
	}
	return fetchRequestHandler({
		endpoint: API_ENDPOINT,
		req: request,
		router: appRouter,
		createContext: options.createContext,
		onError: ({ error, path }) => logFailure(options.log, error, path),
		responseMeta: ({ errors }) => ({ headers: new Headers(responseHeaders(errors)) })
	});
}

/** Headers every API response carries, whichever path answered it. */
function responseHeaders(errors: readonly TRPCError[]): Record<string, string> {
	// Responses carry case content or session state: never let a proxy or the browser keep them.
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (errors.some((e) => e.code === 'TOO_MANY_REQUESTS')) headers['retry-after'] = '60';
	return headers;
}

/** Unexpected failures go to the log with the id the person was shown; refusals are audited, not logged. */
function logFailure(log: Logger, error: TRPCError, path: string | undefined) {
	if (error.code === 'INTERNAL_SERVER_ERROR') {
		log.error({ errorId: errorIdOf(error), path, err: error.cause ?? error }, 'procedure failed');
	}
}

/**
 * Every procedure by its dotted path ('case.get'). tRPC's type describes the routers' nesting, but
 * at run time the record is flat by path (tRPC's getProcedureAtPath reads it so; no router is lazy).
 */
const procedures = appRouter._def.procedures as unknown as Readonly<Record<string, AnyTRPCProcedure>>;

export type DirectQuery = { path: string; procedure: AnyTRPCProcedure; input: string | null };

/** Whether the direct path answers this request (tests use this to know which path they measured). */
export function answersDirectly(request: Request): boolean {
	return directQueryOf(request) !== null;
}

/** What the direct path needs to know of a request, from a fetch Request or from Node's own. */
export type QueryRequest = {
	method: string | undefined;
	/** The path and query string, as the request line has them. */
	url: string;
	header(name: string): string | null;
};

function directQueryOf(request: Request): DirectQuery | null {
	return directQuery({ method: request.method, url: request.url, header: (name) => request.headers.get(name) });
}

/** A single query over GET with nothing tRPC's general handler would treat specially, or null. */
export function directQuery(request: QueryRequest): DirectQuery | null {
	if (request.method !== 'GET') return null;
	const contentType = request.header('content-type');
	if (contentType !== null && !contentType.startsWith('application/json')) return null;
	if (request.header('trpc-accept') !== null || request.header('accept')?.includes('application/jsonl')) return null;
	const url = new URL(request.url, 'http://localhost');
	if (!url.pathname.startsWith(`${API_ENDPOINT}/`)) return null;
	const path = url.pathname.slice(API_ENDPOINT.length + 1);
	// Encoded characters, batches (a,b) and trailing slashes are the general handler's to decode.
	if (!/^[A-Za-z0-9_.]+$/.test(path) || url.searchParams.has('batch')) return null;
	const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
	if (!procedure || procedure._def.type !== 'query') return null;
	return { path, procedure, input: url.searchParams.get('input') };
}

/** A direct query's answer, for the caller to send as a Response or on Node's own response. */
export type QueryAnswer = { status: number; headers: Record<string, string>; body: string };

export async function answerQuery({ path, procedure, input }: DirectQuery, options: Omit<ApiRequestOptions, 'answerQueriesDirectly'>): Promise<QueryAnswer> {
	const config = appRouter._def._config;
	// As tRPC reads a GET's input: JSON in ?input=, through the transformer, read once and only when
	// the procedure asks for it — so a malformed input is refused inside the middleware (and
	// audited), as BAD_REQUEST with the parser's message.
	let parsedInput: { value: unknown } | undefined;
	const getRawInput = async () => {
		try {
			parsedInput ??= { value: input ? config.transformer.input.deserialize(JSON.parse(input)) : undefined };
		} catch (cause) {
			throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
		}
		return parsedInput.value;
	};
	let ctx: Context | undefined;
	let body: unknown;
	let status = 200;
	let errors: TRPCError[] = [];
	try {
		ctx = options.createContext();
		// No procedure reads the signal: a query runs to its end once started, as a page load's does.
		const data = await procedure({ path, getRawInput, ctx, type: 'query', signal: undefined, batchIndex: 0 });
		body = transformTRPCResponse(config, { result: { data } });
	} catch (cause) {
		const error = getTRPCErrorFromUnknown(cause);
		logFailure(options.log, error, path);
		const shaped = { error: getErrorShape({ config, ctx, error, input: parsedInput?.value, path, type: 'query' }) };
		status = getHTTPStatusCode(shaped, [error]);
		errors = [error];
		body = transformTRPCResponse(config, shaped);
	}
	return {
		status,
		headers: { vary: 'trpc-accept, accept', 'content-type': 'application/json', ...responseHeaders(errors) },
		body: JSON.stringify(body)
	};
}
