import type { TestProject } from 'vitest/node';
import { administer, createDatabase, databaseUrl, TEST_CLOCK_START, testDatabaseUrl, tuneForTests } from './postgres';

/**
 * Global setup for `npm run test:pg` (a no-op on SQLite): two template databases, one migrated and
 * one with the demo data as createTestApp would load it, and at the end every database of this
 * run dropped, templates and any a failed test left behind alike.
 */
export default async function setup(project: TestProject) {
	if (!testDatabaseUrl) {
		project.provide('postgres', null);
		return;
	}
	// Imported only here: on SQLite, loading the app through Vite in vitest's own process cost every
	// run about a second and a half for nothing.
	const [{ createApp }, { argon2Hasher }, { ManualClock }, { readConfig }, { bundledMigrations }, { migrateToLatest }, { createLogger }, { seedDemoData }] = await Promise.all([
		import('../../../src/lib/server/app'),
		import('../../../src/lib/server/auth/password'),
		import('../../../src/lib/server/clock'),
		import('../../../src/lib/server/config'),
		import('../../../src/lib/server/db/bundled-migrations'),
		import('../../../src/lib/server/db/migrate'),
		import('../../../src/lib/server/log'),
		import('../../../src/lib/server/seed/demo')
	]);
	const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
	const templates = { migrated: `tautoko_test_${run}_migrated`, demo: `tautoko_test_${run}_demo` };
	for (const [start, name] of Object.entries(templates)) {
		await administer(createDatabase(name));
		await tuneForTests(name);
		const app = createApp(readConfig({ DATABASE_URL: databaseUrl(name), DEMO_DATA: 'false' }), {
			clock: new ManualClock(TEST_CLOCK_START),
			passwords: argon2Hasher,
			log: createLogger('silent')
		});
		try {
			await migrateToLatest(app.db, bundledMigrations);
			if (start === 'demo') await seedDemoData(app);
		} finally {
			await app.db.destroy();
		}
	}
	project.provide('postgres', { run, templates });

	return async () => {
		const { rows } = await administer(`select datname from pg_database where datname like 'tautoko\\_test\\_${run}\\_%'`);
		for (const { datname } of rows) await administer(`drop database if exists ${datname} with (force)`);
	};
}
