import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { contextFromEvent } from '$lib/server/http';
import { handleApiRequest } from '$lib/server/trpc/api-handler';

const handle: RequestHandler = (event) =>
	handleApiRequest(event.request, { createContext: () => contextFromEvent(event), log: getApp().log });

export const GET = handle;
export const POST = handle;
