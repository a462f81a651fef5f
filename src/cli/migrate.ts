/** `npm run migrate`: bring the database (DATABASE_URL, else DATABASE_PATH) up to the newest schema, and nothing else. */
import { openDatabase } from '../lib/server/app';
import { describeDatabase, readConfig } from '../lib/server/config';
import { fileMigrations } from '../lib/server/db/file-migrations';
import { migrateToLatest } from '../lib/server/db/migrate';
import { createLogger } from '../lib/server/log';

const config = readConfig();
const db = openDatabase(config, createLogger(config.logLevel));
try {
	await migrateToLatest(db, fileMigrations);
	console.log(`${describeDatabase(config)} is up to date.`);
} finally {
	await db.destroy();
}
