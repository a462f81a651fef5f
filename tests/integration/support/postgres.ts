import { inject } from 'vitest';
import pg from 'pg';

/**
 * The PostgreSQL side of the test harness. `npm run test:pg` sets TEST_DATABASE_URL to a role that
 * may create databases; every test app then gets a database of its own, copied from a template
 * that global setup migrated (and seeded) once, so the suite does not migrate 150 times.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || null;

/** Where every test clock starts (and so the time the demo template's data was loaded at). */
export const TEST_CLOCK_START = '2026-11-22T00:00:00.000Z';

/** What a test database starts as: empty, migrated, or migrated with the demo data at the test clock's time. */
export type Start = 'empty' | 'migrated' | 'demo';

declare module 'vitest' {
	export interface ProvidedContext {
		postgres: { run: string; templates: Record<Exclude<Start, 'empty'>, string> } | null;
	}
}

/** Runs one statement as the test role on the server's maintenance database. */
export async function administer(statement: string, url = testDatabaseUrl!) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await client.query(statement);
	} finally {
		await client.end();
	}
}

export function databaseUrl(name: string): string {
	const url = new URL(testDatabaseUrl!);
	url.pathname = `/${name}`;
	return url.toString();
}

/** A new database for one test app, named after this run so global teardown can find any left behind. */
export async function createTestDatabase(start: Start): Promise<{ url: string; prepared: boolean; drop: () => Promise<void> }> {
	const provided = inject('postgres');
	const run = provided?.run ?? 'adhoc';
	const name = `tautoko_test_${run}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
	const template = start !== 'empty' && provided ? provided.templates[start] : null;
	await administer(template ? `create database ${name} template ${template}` : createDatabase(name));
	await tuneForTests(name);
	return {
		url: databaseUrl(name),
		prepared: template !== null,
		// FORCE: a test that failed half-way may have left a connection open.
		drop: async () => void (await administer(`drop database if exists ${name} with (force)`))
	};
}

/** UTF-8 and code-point order (as SQLite sorts) whatever the server's own default, which in a bare container may be SQL_ASCII. */
export function createDatabase(name: string): string {
	return `create database ${name} encoding 'UTF8' locale 'C.UTF-8' template template0`;
}

/**
 * Commits return before the WAL reaches the disk: a crash could lose the last moments of a test
 * database, which nobody needs, and the suite runs about twice as fast. Nothing else changes.
 */
export async function tuneForTests(name: string) {
	await administer(`alter database ${name} set synchronous_commit = off`);
}
