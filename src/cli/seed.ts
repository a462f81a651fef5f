/**
 * `npm run seed`: migrate, then load the demo data into an EMPTY database (DATABASE_URL, else DATABASE_PATH).
 * The server does the same on its first start when DEMO_DATA is not false.
 */
import { createApp } from '../lib/server/app';
import { describeDatabase, readConfig } from '../lib/server/config';
import { fileMigrations } from '../lib/server/db/file-migrations';
import { migrateToLatest } from '../lib/server/db/migrate';
import { databaseIsEmpty, seedDemoData } from '../lib/server/seed/demo';

const app = createApp(readConfig());
try {
	await migrateToLatest(app.db, fileMigrations);
	if (!(await databaseIsEmpty(app.db))) {
		console.error(`${describeDatabase(app.config)} already has accounts in it; demo data is only loaded into an empty database.`);
		process.exitCode = 1;
	} else {
		await seedDemoData(app);
		console.log(`Loaded the demo data into ${describeDatabase(app.config)}.`);
	}
} finally {
	await app.db.destroy();
}
