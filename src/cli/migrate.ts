/** `npm run migrate`: bring the database at DATABASE_PATH up to the newest schema, and nothing else. */
import { readConfig } from '../lib/server/config';
import { openSqlite } from '../lib/server/db';
import { fileMigrations } from '../lib/server/db/file-migrations';
import { migrateToLatest } from '../lib/server/db/migrate';

const config = readConfig();
const db = openSqlite(config.databasePath, config.sqliteSynchronous);
try {
	await migrateToLatest(db, fileMigrations);
	console.log(`${config.databasePath} is up to date.`);
} finally {
	await db.destroy();
}
