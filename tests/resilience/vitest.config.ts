import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:resilience`: crash, lock contention and shutdown, with real processes. Kept out of
 * `npm run test:unit` (vite.config.ts includes only src/ and tests/integration/). The files run
 * one after another: each starts its own writers, lock holders and servers, and the machine has
 * two cores.
 */
export default defineConfig({
	root: resolve(import.meta.dirname, '../..'),
	test: {
		include: ['tests/resilience/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/resilience/support/build-if-stale.ts'],
		fileParallelism: false,
		pool: 'forks',
		testTimeout: 60_000,
		hookTimeout: 60_000,
		reporters: ['verbose']
	}
});
