import type { Kysely } from 'kysely';

// When a closed case was anonymised under its protocol's retention period (npm run retention).
// Null until then; set once, in the same transaction that removes the family's details, so the
// job can tell what it has done and a second run changes nothing. Plain text column: portable.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('family_case').addColumn('anonymised_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('family_case').dropColumn('anonymised_at').execute();
}
