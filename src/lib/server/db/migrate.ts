import { Migrator, sql, type MigrationProvider } from 'kysely';
import { isPostgres, type Db } from './index';

/** Applies every pending migration, in name order, or throws with the one that failed. */
export async function migrateToLatest(db: Db, provider: MigrationProvider): Promise<void> {
	if (isPostgres(db)) await assertUtf8(db);
	const migrator = new Migrator({ db, provider });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error) {
		const name = failed ? ` (${failed.migrationName})` : '';
		throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
			cause: error
		});
	}
}

/**
 * Names such as "Ngata whānau" need UTF-8. A PostgreSQL database created in a bare locale may be
 * SQL_ASCII (stores bytes, lowercases and sorts them as ASCII) or LATIN1 (refuses macrons); SQLite
 * is always UTF-8. Better to refuse at start than to find out on the first macron.
 */
async function assertUtf8(db: Db): Promise<void> {
	const { rows } = await sql<{ encoding: string }>`select pg_encoding_to_char(encoding) as encoding from pg_database where datname = current_database()`.execute(db);
	const encoding = rows[0]?.encoding;
	if (encoding !== 'UTF8') {
		throw new Error(`The PostgreSQL database is ${encoding}, not UTF8. Create it with: createdb --encoding=UTF8 --locale=C.UTF-8 --template=template0 <name>`);
	}
}
