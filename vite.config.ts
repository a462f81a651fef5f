import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		// Kysely's migrator and our bundled migrations are TypeScript: let Vite transform them.
		server: { deps: { inline: ['kysely'] } },
		testTimeout: 20_000,
		pool: 'forks'
	}
});
