/**
 * Another process holding SQLite's write lock, as a migration, a seed or a second server would:
 * `BEGIN IMMEDIATE`, wait, `COMMIT`.
 *
 * Usage: node --import tsx tests/resilience/hold-write-lock.ts <database> <milliseconds>
 * stdout: `locked <epoch ms>` once it holds the lock, `released <epoch ms>` after COMMIT.
 */
import SQLite from 'better-sqlite3';

const [path, holdFor] = process.argv.slice(2);
const db = new SQLite(path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
console.log(`locked ${Date.now()}`);
setTimeout(() => {
	db.exec('COMMIT');
	console.log(`released ${Date.now()}`);
	db.close();
}, Number(holdFor));
