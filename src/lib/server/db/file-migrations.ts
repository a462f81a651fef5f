import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider } from 'kysely';

/** The migrations folder, for the command-line tools that run under tsx. */
export const fileMigrations = new FileMigrationProvider({
	fs,
	path,
	migrationFolder: path.resolve(import.meta.dirname, '../../../../migrations')
});
