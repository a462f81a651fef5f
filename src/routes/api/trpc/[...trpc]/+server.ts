import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { contextFromEvent } from '$lib/server/http';
import { errorIdOf } from '$lib/server/trpc/errors';
import { appRouter } from '$lib/server/trpc/router';

const handle: RequestHandler = (event) =>
	fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		createContext: () => contextFromEvent(event),
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR') {
				getApp().log.error({ errorId: errorIdOf(error), path, err: error.cause ?? error }, 'procedure failed');
			}
		},
		responseMeta({ errors }) {
			// Responses carry case content or session state: never let a proxy or the browser keep them.
			const headers = new Headers({ 'cache-control': 'no-store' });
			if (errors.some((e) => e.code === 'TOO_MANY_REQUESTS')) headers.set('retry-after', '60');
			return { headers };
		}
	});

export const GET = handle;
export const POST = handle;
