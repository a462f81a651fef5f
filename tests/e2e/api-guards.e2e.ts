import { expect, test } from './fixtures';
import { DEMO_PASSWORD, demo } from './demo-accounts';

/**
 * Against the production build: the API refuses mutations from another site, and anything but
 * JSON, before any procedure runs. (SvelteKit's own check covers form posts only.)
 */
const login = (email: string) => ({ json: { email, password: DEMO_PASSWORD } });

test.describe('the API refuses cross-site and non-JSON mutations', () => {
	test('a sign-in posted with a foreign Origin gets 403 and no session', async ({ request }) => {
		const response = await request.post('/api/trpc/auth.login', {
			headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
			data: login(demo.admin.email)
		});
		expect(response.status()).toBe(403);
		expect((await response.json()).error.message).toBe('Requests from another site are not accepted.');
		expect(response.headers()['set-cookie']).toBeUndefined();
	});

	for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
		test(`a mutation sent as ${contentType ?? 'no content type'} is refused`, async ({ request }) => {
			const response = await request.post('/api/trpc/auth.login', {
				headers: { origin: 'http://localhost:4173', ...(contentType ? { 'content-type': contentType } : {}) },
				data: Buffer.from(JSON.stringify(login(demo.admin.email)))
			});
			expect(response.status()).toBe(415);
			expect(response.headers()['set-cookie']).toBeUndefined();
		});
	}

	test('the same request from this site signs in, and a GET cannot run a mutation', async ({ request }) => {
		const ok = await request.post('/api/trpc/auth.login', {
			headers: { origin: 'http://localhost:4173', 'content-type': 'application/json' },
			data: login(demo.admin.email)
		});
		expect(ok.status()).toBe(200);
		const asGet = await request.get(`/api/trpc/auth.logout?input=${encodeURIComponent(JSON.stringify({ json: null }))}`);
		expect(asGet.status()).toBe(405);
		const me = await request.get('/api/trpc/auth.me');
		expect(me.status()).toBe(200);
	});

	test('errors carry an id and no stack trace', async ({ request }) => {
		const response = await request.post('/api/trpc/admin.createRegion', {
			headers: { origin: 'http://localhost:4173', 'content-type': 'application/json' },
			data: { json: { name: 'x' } }
		});
		expect(response.status()).toBe(401);
		const body = await response.text();
		expect(JSON.parse(body).error.json.data.errorId).toMatch(/^[0-9a-f]{12}$/);
		expect(body).not.toMatch(/stack|node_modules|\.ts:/);
	});
});
