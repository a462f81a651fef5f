import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';

/**
 * A fingerprint of everything Tautoko keeps about people and cases, read straight from the
 * server's SQLite file. Left out, because reading is allowed to change them: the audit log
 * (every read of a case is recorded), sessions (activity extends them) and sign-in failures.
 */
const changedByReading = new Set(['audit_log', 'session', 'login_failure']);

export function contentFingerprint(databasePath: string): Record<string, string> {
	const db = new SQLite(databasePath, { readonly: true, fileMustExist: true });
	try {
		const tables = db
			.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name")
			.pluck()
			.all() as string[];
		const fingerprint: Record<string, string> = {};
		for (const table of tables.filter((t) => !changedByReading.has(t))) {
			const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
			fingerprint[table] = `${rows.length} rows, ${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`;
		}
		return fingerprint;
	} finally {
		db.close();
	}
}

export function withDatabase<T>(databasePath: string, use: (db: SQLite.Database) => T): T {
	const db = new SQLite(databasePath, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return use(db);
	} finally {
		db.close();
	}
}
