/**
 * `npm run backup -- <file>`: a consistent copy of the database at DATABASE_PATH, taken with
 * SQLite's online backup while the server keeps serving, then checked: integrity and row counts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { readConfig } from '../lib/server/config';

const target = process.argv[2];
if (!target) {
	console.error('Say where the copy should go: npm run backup -- backups/tautoko-2026-11-22.db');
	process.exit(2);
}
const config = readConfig();
if (config.postgres) {
	// SQLite's online backup copies a file; a PostgreSQL database is backed up by its own tools.
	console.error(
		'Tautoko is on PostgreSQL (DATABASE_URL), so this command has nothing to copy. Back up with pg_dump instead:\n' +
			'  pg_dump --format=custom --file=tautoko-2026-11-22.dump "$DATABASE_URL"\n' +
			'and restore with pg_restore (the README has the whole drill).'
	);
	process.exit(2);
}
if (!existsSync(config.databasePath)) {
	console.error(`There is no database at ${config.databasePath}.`);
	process.exit(1);
}
const destination = resolve(target);
if (existsSync(destination)) {
	console.error(`${destination} already exists; choose a new file so no backup is overwritten.`);
	process.exit(1);
}
mkdirSync(dirname(destination), { recursive: true });

const source = new SQLite(config.databasePath, { fileMustExist: true });
source.pragma('busy_timeout = 5000');
await source.backup(destination);
source.close();

const copy = new SQLite(destination, { readonly: true });
const integrity = copy.pragma('integrity_check', { simple: true });
const counts = ['family_case', 'consent_event', 'app_user', 'audit_log'].map(
	(table) => `${table} ${(copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n}`
);
copy.close();
if (integrity !== 'ok') {
	console.error(`The copy failed its integrity check (${integrity}); do not rely on it.`);
	process.exit(1);
}
console.log(`Backed up ${config.databasePath} to ${destination}: integrity ok; ${counts.join(', ')}.`);
