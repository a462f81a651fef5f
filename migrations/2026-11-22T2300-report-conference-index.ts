import type { Kysely } from 'kysely';

// conference (case_id, status, held_at, kind): widened so a report reads the held conferences of
// an LMG's cases from the index alone, already in the order it counts them (each case's, oldest
// first). With only (case_id, status), a report fetched the table row of each of some 6,000 held
// conferences for its date and kind, then sorted them: 6.3 of a report's 38 ms at 100,000 cases,
// 3.8 ms now (bench/results-notes.md, item 21). The new index keeps the old one's columns first,
// so every query that used the old one can use this.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('idx_conference_case_held').on('conference').columns(['case_id', 'status', 'held_at', 'kind']).execute();
	await db.schema.dropIndex('idx_conference_case_status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('idx_conference_case_status').on('conference').columns(['case_id', 'status']).execute();
	await db.schema.dropIndex('idx_conference_case_held').execute();
}
