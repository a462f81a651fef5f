import { Migrator, type MigrationProvider } from 'kysely';
import type { Db } from './index';

/** Applies every pending migration, in name order, or throws with the one that failed. */
export async function migrateToLatest(db: Db, provider: MigrationProvider): Promise<void> {
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
