import type { MigrationProvider } from 'kysely';
import { argon2Hasher, type PasswordHasher } from './auth/password';
import { systemClock, type Clock } from './clock';
import { readConfig, type Config } from './config';
import { openPostgres, openSqlite, type Db } from './db';
import { checkpointInBackground } from './db/checkpoints';
import { whileHolding } from './db/locks';
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
	const log = parts.log ?? createLogger(config.logLevel);
	return {
		config,
		db: parts.db ?? openDatabase(config, log),
		clock: parts.clock ?? systemClock,
		passwords: parts.passwords ?? argon2Hasher,
		log
	};
}

/** PostgreSQL when DATABASE_URL is set, else the SQLite file at DATABASE_PATH. */
export function openDatabase(config: Config, log: Logger): Db {
	if (config.postgres) return openPostgres(config.postgres, (err) => log.warn({ err }, 'a pooled PostgreSQL connection failed; it will be replaced'));
	return openSqlite(config.databasePath, config.sqliteSynchronous);
}

/** Migrates, creates the configured admin, and loads demo data into an empty database when asked to. */
export async function prepareApp(app: App, migrations: MigrationProvider): Promise<void> {
	await migrateToLatest(app.db, migrations);
	// Several app servers starting at once on one PostgreSQL database: one at a time looks and loads.
	await whileHolding(app.db, 'start-up', async (db) => {
		const starting = { ...app, db };
		const empty = await databaseIsEmpty(db);
		if (app.config.initialAdmin) await ensureInitialAdmin(starting, app.config.initialAdmin);
		if (empty && app.config.demoData) {
			await seedDemoData(starting);
			app.log.info('loaded demo data');
		}
	});
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
 * The server's database while it serves: SQLite's checkpoints on a thread of their own
 * (db/checkpoints.ts), and the database closed once in-flight requests have finished after
 * SIGTERM or SIGINT (adapter-node emits 'sveltekit:shutdown' then), so nothing is cut off halfway.
 * The checkpoint thread closes its connection first, so the server's, closing last, removes the WAL.
 */
export function runDatabaseWhileServing(app: App): void {
	const checkpoints = checkpointInBackground(app.db, app.log);
	process.once('sveltekit:shutdown' as 'exit', () => {
		void (checkpoints?.stop() ?? Promise.resolve())
			.then(() => app.db.destroy())
			.then(() => app.log.info('database closed'));
	});
}
