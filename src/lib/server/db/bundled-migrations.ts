import type { Migration, MigrationProvider } from 'kysely';

/**
 * The migrations in /migrations, bundled by Vite. Kysely's FileMigrationProvider cannot import
 * TypeScript under plain Node, and the built server has no migrations folder beside it, so the
 * app and vitest take them from here; the command-line tools (run by tsx) read the folder.
 */
export const bundledMigrations: MigrationProvider = {
	async getMigrations() {
		const modules = import.meta.glob<Migration>('/migrations/*.ts', { eager: true });
		return Object.fromEntries(
			Object.entries(modules).map(([path, migration]) => [path.split('/').pop()!.replace(/\.ts$/, ''), migration])
		);
	}
};
