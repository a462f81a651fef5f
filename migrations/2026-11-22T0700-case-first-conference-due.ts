import type { Kysely } from 'kysely';

// The date a case's first conference is due, fixed at acceptance from the protocol's target in
// the LMG's timezone, so "overdue" can be filtered in SQL over many thousands of cases.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('family_case').addColumn('first_conference_due_on', 'text').execute();
	await db.schema.createIndex('idx_family_case_lmg_first_conference_due').on('family_case').columns(['lmg_id', 'status', 'first_conference_due_on']).execute();
	await db.schema.createIndex('idx_family_case_lmg_review_due').on('family_case').columns(['lmg_id', 'status', 'next_review_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('idx_family_case_lmg_review_due').execute();
	await db.schema.dropIndex('idx_family_case_lmg_first_conference_due').execute();
	await db.schema.alterTable('family_case').dropColumn('first_conference_due_on').execute();
}
