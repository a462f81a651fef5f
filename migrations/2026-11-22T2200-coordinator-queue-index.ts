import type { Kysely } from 'kysely';

// family_case (lmg_id, status, next_review_on, …): widened so the coordinator's queue reads an
// LMG's open cases from the index alone. Both of the queue's case statements walk every open case
// of the LMG (some 280 in a large one) and, with only (lmg_id, status, next_review_on) to go on,
// fetched each case's table row for its reference, family and dates. At 100,000 cases those rows
// are spread through the whole file, so each fetch cost more than at 10,000, and the queue's
// 100k/10k latency ratio sat at the 1.2 line (bench/results-notes.md, item 20). `id` is listed
// because the table's key is a text column, which SQLite's indexes do not carry (they carry the
// rowid). The new index keeps the old one's columns first, so every query that used the old one
// can use this.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('idx_family_case_lmg_queue')
		.on('family_case')
		.columns(['lmg_id', 'status', 'next_review_on', 'needs_lead_agency', 'first_conference_due_on', 'id', 'family_id', 'reference'])
		.execute();
	await db.schema.dropIndex('idx_family_case_lmg_review_due').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('idx_family_case_lmg_review_due').on('family_case').columns(['lmg_id', 'status', 'next_review_on']).execute();
	await db.schema.dropIndex('idx_family_case_lmg_queue').execute();
}
