import { sql, type SqlBool } from 'kysely';

/**
 * "column contains text", ignoring case, with the same answer on SQLite and PostgreSQL. Both sides
 * are lowercased (SQLite's LIKE ignores ASCII case, PostgreSQL's does not), and %, _ and \ in the
 * text are matched as themselves (PostgreSQL's LIKE treats \ as an escape by default, SQLite's
 * does not, and neither should let a search for "50%" match everything).
 */
export function containsIgnoringCase(column: string, text: string) {
	const escaped = text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
	return sql<SqlBool>`lower(${sql.ref(column)}) like ${`%${escaped}%`} escape '\\'`;
}
