import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		// The family portal's English and te reo Māori: compiles src/lib/i18n/messages into
		// src/lib/paraglide (generated, git-ignored). The choice lives in a cookie.
		paraglideVitePlugin({ project: './src/lib/i18n/project.inlang', outdir: './src/lib/paraglide', strategy: ['cookie', 'baseLocale'] }),
		sveltekit()
	],
	server: { port: 5173 },
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		// Kysely's migrator and our bundled migrations are TypeScript: let Vite transform them.
		server: { deps: { inline: ['kysely'] } },
		testTimeout: 20_000,
		// Under `npm run test:pg`: template databases before the run, and every test database dropped after it.
		globalSetup: ['tests/integration/support/postgres-setup.ts'],
		pool: 'forks'
	}
});
