import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium drives the production build (`node build`) on its own port
 * with its own database, recreated with fresh demo data on every run. See STACK-NOTES
 * "Playwright with Debian's Chromium".
 */
const repoRoot = path.resolve(import.meta.dirname, '..');
const port = 4173;
const baseURL = `http://localhost:${port}`;
const databasePath = 'tests/.output/e2e.db';

export default defineConfig({
	testDir: './e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: '../test-results',
	workers: 1,
	fullyParallel: false,
	retries: 0,
	forbidOnly: !!process.env.CI,
	reporter: 'list',
	timeout: 30_000,
	expect: { timeout: 5_000 },
	use: {
		browserName: 'chromium',
		viewport: { width: 1280, height: 800 },
		baseURL,
		locale: 'en-NZ',
		timezoneId: 'Pacific/Auckland',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--no-first-run'
			]
		}
	},
	webServer: {
		// The database (and its WAL files) goes first, so every run starts from fresh demo data.
		command: `rm -f ${databasePath} ${databasePath}-wal ${databasePath}-shm ${databasePath}-journal && npm run build && node build`,
		cwd: repoRoot,
		url: `${baseURL}/login`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			DATABASE_PATH: databasePath,
			NODE_ENV: 'production',
			ORIGIN: baseURL,
			DEMO_DATA: 'true'
		}
	}
});
