import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { isPostgres, openSqlite, type Db } from '../../src/lib/server/db';
import { bundledMigrations } from '../../src/lib/server/db/bundled-migrations';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';

/**
 * Tables, their columns (name, whether they take null, whether they have a default) and the named
 * indexes. SQLite reports its auto-increment INTEGER PRIMARY KEY as nullable, though it never holds
 * null; PostgreSQL's bigserial is NOT NULL: both count as "not null, with a default".
 */
async function shape(db: Db) {
	const tables = await db.introspection.getTables();
	const describe = (c: { name: string; isNullable: boolean; hasDefaultValue: boolean; isAutoIncrementing: boolean }) =>
		`${c.name}${c.isNullable && !c.isAutoIncrementing ? '?' : ''}${c.hasDefaultValue || c.isAutoIncrementing ? '=' : ''}`;
	const columns = Object.fromEntries(
		tables
			.map((t) => [t.name, t.columns.map(describe).sort()] as const)
			.sort(([a], [b]) => a.localeCompare(b))
	);
	const { rows } = isPostgres(db)
		? await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = 'public' and indexname like 'idx\\_%'`.execute(db)
		: await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name like 'idx\\_%' escape '\\'`.execute(db);
	return { columns, indexes: rows.map((r) => r.name).sort() };
}

// Only under `npm run test:pg`, where both databases are at hand.
describe.runIf(onPostgres)('the same migrations on both databases', () => {
	let t: TestApp;
	let dir: string;
	let sqlite: Db;
	afterAll(async () => {
		await sqlite?.destroy();
		await t?.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('create the same tables, columns, nullability, defaults and indexes', async () => {
		t = await createTestApp();
		dir = mkdtempSync(join(tmpdir(), 'tautoko-schema-'));
		sqlite = openSqlite(join(dir, 'schema.db'));
		await migrateToLatest(sqlite, bundledMigrations);

		const [onSqlite, onPg] = [await shape(sqlite), await shape(t.db)];
		expect(Object.keys(onSqlite.columns).length).toBeGreaterThan(25);
		expect(onPg).toEqual(onSqlite);
	});
});
