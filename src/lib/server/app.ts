import type { MigrationProvider } from 'kysely';
import { argon2Hasher, type PasswordHasher } from './auth/password';
import { systemClock, type Clock } from './clock';
import { readConfig, type Config } from './config';
import { openSqlite, type Db } from './db';
import { migrateToLatest } from './db/migrate';
import { createLogger, type Logger } from './log';
import { ensureInitialAdmin } from './domain/users/users.service';
import { databaseIsEmpty, seedDemoData } from './seed/demo';

/** Everything a service needs from the outside world, passed in rather than imported, so tests can swap any part. */
export type App = {
	db: Db;
	clock: Clock;
	config: Config;
	passwords: PasswordHasher;
	log: Logger;
};

export function createApp(config: Config, parts: Partial<Omit<App, 'config'>> = {}): App {
	return {
		config,
		db: parts.db ?? openSqlite(config.databasePath, config.sqliteSynchronous),
		clock: parts.clock ?? systemClock,
		passwords: parts.passwords ?? argon2Hasher,
		log: parts.log ?? createLogger(config.logLevel)
	};
}

/** Migrates, creates the configured admin, and loads demo data into an empty database when asked to. */
export async function prepareApp(app: App, migrations: MigrationProvider): Promise<void> {
	await migrateToLatest(app.db, migrations);
	const empty = await databaseIsEmpty(app.db);
	if (app.config.initialAdmin) await ensureInitialAdmin(app, app.config.initialAdmin);
	if (empty && app.config.demoData) {
		await seedDemoData(app);
		app.log.info('loaded demo data');
	}
}

let current: App | undefined;

/**
 * The server's one App, created on first use: SvelteKit imports server modules during
 * `vite build`, and opening the database then would create a file at build time.
 */
export function getApp(): App {
	current ??= createApp(readConfig());
	return current;
}

/**
 * adapter-node emits this once in-flight requests have finished after SIGTERM or SIGINT:
 * only then is the database closed, so nothing is cut off halfway.
 */
export function closeDatabaseOnShutdown(app: App): void {
	process.once('sveltekit:shutdown' as 'exit', () => {
		void app.db.destroy().then(() => app.log.info('database closed'));
	});
}
