import { copyFileSync, rmSync } from 'node:fs';
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The build's folder, relative to where `vite build` runs, as adapter-node takes it. */
const OUT = 'build';

/**
 * adapter-node, with its server (build/index.js) replaced by Tautoko's own, src/server.js: the
 * same server, which also answers the API's single GET queries before SvelteKit does (why:
 * src/lib/server/direct-api.ts). `node build` runs it, as it ran adapter-node's.
 * @param {import('@sveltejs/kit').Adapter} nodeAdapter
 * @returns {import('@sveltejs/kit').Adapter}
 */
function withTautokoServer(nodeAdapter) {
	return {
		...nodeAdapter,
		async adapt(builder) {
			await nodeAdapter.adapt(builder);
			copyFileSync(new URL('./src/server.js', import.meta.url), `${OUT}/index.js`);
			rmSync(`${OUT}/index.js.map`, { force: true });
		}
	};
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: withTautokoServer(adapter({ out: OUT })),
		// Form posts from another origin are refused by SvelteKit itself; tRPC's JSON
		// mutations are checked in hooks.server.ts because this check covers forms only.
		csrf: { trustedOrigins: [] },
		// Scripts and styles only from Tautoko itself (SvelteKit adds nonces for its own inline
		// script); never framed by another site.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
