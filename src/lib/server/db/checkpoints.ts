import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import type { Logger } from '../log';
import type { Db, SynchronousLevel } from './index';

/**
 * SQLite in WAL mode appends each commit to the `-wal` file; a checkpoint copies those pages back
 * into the database file and fsyncs it. By default the connection that commits does it, whenever
 * the WAL passes 1,000 pages — on the server's one thread, in the middle of answering a request.
 * Every case read commits an audit row, so at 50 connections that was about every 170 ms,
 * and each time every request in flight waited for the copy and two fsyncs (bench/results-notes.md,
 * item 18: off this thread, case.get's p99 fell by 10–20 % and its throughput rose 5–12 %).
 *
 * Here a worker thread with a connection of its own checkpoints instead. PASSIVE checkpoints never
 * wait for, nor hold up, the server's reads and writes, and the fsync waits on the worker's thread.
 * Durability is unchanged: a commit is as durable as `synchronous` makes it before any checkpoint.
 * The server's connection keeps SQLite's own checkpoint as a backstop at ten times the usual size
 * (40 MB). While commits follow each other closely, a PASSIVE checkpoint never quite catches up
 * with them, and SQLite starts the WAL afresh only when one has; the backstop's checkpoint then
 * finds nearly everything copied already. If the worker stops, the usual size comes back.
 */
const CHECKPOINT_EVERY_MS = 100;
const USUAL_AUTOCHECKPOINT_PAGES = 1_000;
const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

export type SqliteFile = { sqlite: SQLite.Database; path: string; synchronous: SynchronousLevel };
const sqliteFiles = new WeakMap<object, SqliteFile>();

/** openSqlite records which file is behind a handle; only a file (not `:memory:`) has a WAL to checkpoint. */
export function recordSqliteFile(db: Db, file: SqliteFile): void {
	if (file.path !== ':memory:') sqliteFiles.set(db, file);
}

export type BackgroundCheckpoints = { stop(): Promise<void> };

// CommonJS, run by `new Worker(…, { eval: true })`: a file of its own would need the build to
// carry it beside the bundle. better-sqlite3 is required by the path the server itself resolved.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = db.prepare('pragma wal_checkpoint(passive)');
const timer = setInterval(() => {
	try {
		checkpoint.get();
	} catch (error) {
		parentPort.postMessage({ failed: String(error && error.message || error) });
	}
}, workerData.everyMs);
parentPort.once('message', () => {
	clearInterval(timer);
	db.close();
	parentPort.close();
});
`;

/**
 * Starts checkpointing `db`'s file on a worker thread. Undefined for PostgreSQL (which checkpoints
 * in its own processes) and for an in-memory database. `stop` lets the worker finish its checkpoint
 * and close its connection, so the server's connection, closed after it, is the last and removes the WAL.
 */
export function checkpointInBackground(db: Db, log: Logger): BackgroundCheckpoints | undefined {
	const file = sqliteFiles.get(db);
	if (!file) return undefined;
	const { sqlite } = file;
	const worker = new Worker(workerSource, {
		eval: true,
		workerData: {
			driver: createRequire(import.meta.url).resolve('better-sqlite3'),
			path: file.path,
			synchronous: file.synchronous === 'full' ? 'FULL' : 'NORMAL',
			everyMs: CHECKPOINT_EVERY_MS
		}
	});
	// The worker never keeps the process alive: shutting down waits for requests, not for it.
	worker.unref();
	sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
	let stopping = false;
	worker.on('message', (message: { failed: string }) => log.warn({ reason: message.failed }, 'a background WAL checkpoint failed; the next one will try again'));
	worker.on('error', (err) => log.error({ err }, 'the WAL checkpoint thread failed'));
	const exited = new Promise<void>((resolve) =>
		worker.once('exit', () => {
			if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${USUAL_AUTOCHECKPOINT_PAGES}`);
			if (!stopping) log.warn('the WAL checkpoint thread stopped; the server checkpoints for itself again');
			resolve();
		})
	);
	return {
		stop() {
			stopping = true;
			// Held now, or the process could exit before the worker has closed its connection.
			worker.ref();
			worker.postMessage('stop');
			return exited;
		}
	};
}
