import type { Kysely } from 'kysely';

// Indexes for national scale, found by the benchmark (bench/; findings in bench/results.md).
// At 100,000 cases an LMG's rows are spread through the whole file, so every row fetched from a
// table is a page of its own: these let the busiest reads find their rows, or read only the index.
//
// conference (case_id, status): "does this case have a scheduled conference" (the coordinator's
// queue) and "this LMG's held conferences" (reports) name both columns; with only
// (case_id, scheduled_start_at) and (status, scheduled_start_at) to choose from, SQLite took the
// status index and read every scheduled or held conference in the country for each case.
//
// family_case (lmg_id, opened_at, ...): the case list shows an LMG's cases newest first (without
// it, all of them were read and sorted to show 25), and the report's cases of a period come from
// the index alone.
//
// family_case (lead_worker_id, status): an agency worker's queue lists the active cases they
// lead; without it every case in the country was read.
//
// action_plan (case_id, status, version, id) and plan_action (plan_id, due_on, ...): the report
// counts the actions due in a period across every agreed plan version of an LMG's cases (some
// 15,000 rows for a large LMG's year); both come from the indexes alone. The second makes the
// plain plan_id index redundant.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('idx_conference_case_status').on('conference').columns(['case_id', 'status']).execute();
	await db.schema
		.createIndex('idx_family_case_lmg_opened')
		.on('family_case')
		.columns(['lmg_id', 'opened_at', 'closed_at', 'closure_reason', 'protocol_version_id', 'id'])
		.execute();
	await db.schema.createIndex('idx_family_case_lead_worker').on('family_case').columns(['lead_worker_id', 'status']).execute();
	await db.schema.createIndex('idx_action_plan_case_status').on('action_plan').columns(['case_id', 'status', 'version', 'id']).execute();
	await db.schema
		.createIndex('idx_plan_action_plan_due')
		.on('plan_action')
		.columns(['plan_id', 'due_on', 'action_key', 'completed_on', 'responsible_agency_id'])
		.execute();
	await db.schema.dropIndex('idx_plan_action_plan').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('idx_plan_action_plan').on('plan_action').columns(['plan_id']).execute();
	await db.schema.dropIndex('idx_plan_action_plan_due').execute();
	await db.schema.dropIndex('idx_action_plan_case_status').execute();
	await db.schema.dropIndex('idx_family_case_lead_worker').execute();
	await db.schema.dropIndex('idx_family_case_lmg_opened').execute();
	await db.schema.dropIndex('idx_conference_case_status').execute();
}
