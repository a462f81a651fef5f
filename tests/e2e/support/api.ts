import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from '../demo-accounts';

/**
 * Speaking to Tautoko's API as a program would: JSON over /api/trpc with superjson's envelope.
 * `origin` is the site's own address, which a browser would send with a same-site request.
 */
export async function signInOverApi(request: APIRequestContext, origin: string, email: string, password = DEMO_PASSWORD) {
	const response = await request.post('/api/trpc/auth.login', {
		headers: { origin, 'content-type': 'application/json' },
		data: { json: { email, password } }
	});
	if (response.status() !== 200) throw new Error(`signing in as ${email} answered ${response.status()}: ${await response.text()}`);
	return response;
}

export function queryPath(procedure: string, input: unknown): string {
	return `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

export async function query<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
	const response = await request.get(queryPath(procedure, input));
	if (response.status() !== 200) throw new Error(`${procedure} answered ${response.status()}: ${await response.text()}`);
	return (await response.json()).result.data.json as T;
}
