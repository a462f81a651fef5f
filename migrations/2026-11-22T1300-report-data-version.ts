import { type Kysely, PostgresAdapter, sql } from 'kysely';

// A number per LMG that moves on every write to a row the LMG's reports read, so that a report
// computed once can be served again, exactly, until the next such write (see
// src/lib/server/domain/report/report-cache.ts). A report depends on nothing but these rows (no
// clock), so "same version" means "same report".
//
// Database triggers bump it, not application code, so that no write path can forget: the
// services, the demo seed, the retention job, bench/generate.ts's raw inserts, an operator's
// psql, and code not yet written.
//
// The tables are those buildReport and buildSeries read, directly or through getProtocolVersion
// and getCurrentProtocol. tests/integration/report-cache.test.ts records every statement the two
// send and fails, by table name, if one of them reads a table without these triggers: a report
// that starts reading a new table needs a migration adding that table here.

function isPostgres(db: Kysely<any>): boolean {
	const adapter = db.getExecutor().adapter;
	return adapter instanceof PostgresAdapter || adapter.constructor.name === 'PostgresAdapter';
}

/** How a changed row leads to the LMG(s) whose reports read it. */
type Owner =
	/** the LMG row itself: a new LMG gets its version row; a deleted one loses it (foreign key, on delete cascade) */
	| { kind: 'self' }
	| { kind: 'lmg'; column: string }
	| { kind: 'case'; column: string }
	| { kind: 'plan'; column: string }
	/** Agency names appear in every LMG's report (referring and responsible agencies); renames are rare. */
	| { kind: 'every' };

const REPORTED_TABLES: Record<string, Owner> = {
	lmg: { kind: 'self' },
	agency: { kind: 'every' },
	protocol_version: { kind: 'lmg', column: 'lmg_id' },
	referral: { kind: 'lmg', column: 'lmg_id' },
	family_case: { kind: 'lmg', column: 'lmg_id' },
	conference: { kind: 'case', column: 'case_id' },
	action_plan: { kind: 'case', column: 'case_id' },
	consent_event: { kind: 'case', column: 'case_id' },
	feedback_answer: { kind: 'case', column: 'case_id' },
	plan_action: { kind: 'plan', column: 'plan_id' }
};

const EVENTS = ['insert', 'update', 'delete'] as const;
type Event = (typeof EVENTS)[number];

/** An LMG's version row goes with it, so only its insert and update need a trigger. */
const eventsOf = (owner: Owner): readonly Event[] => (owner.kind === 'self' ? ['insert', 'update'] : EVENTS);

const triggerName = (table: string, event: Event | 'truncate') => `${table}_bumps_lmg_data_version_on_${event}`;
const functionName = (table: string) => `${table}_bumps_lmg_data_version`;

/**
 * SQLite: a query naming the LMG of the one row `row` (new or old), as column lmg_id. A case or
 * plan already deleted names none; deleting it bumped the LMG itself.
 */
function sqliteLmgOf(owner: Owner, row: 'new' | 'old'): string {
	switch (owner.kind) {
		case 'self':
			return `select ${row}.id as lmg_id`;
		case 'lmg':
			return `select ${row}.${owner.column} as lmg_id`;
		case 'case':
			return `select lmg_id from family_case where id = ${row}.${owner.column}`;
		case 'plan':
			return `select c.lmg_id from action_plan as p join family_case as c on c.id = p.case_id where p.id = ${row}.${owner.column}`;
		case 'every':
			return `select id as lmg_id from lmg`;
	}
}

/** PostgreSQL: a query naming the LMGs of every row in a statement's transition table. */
function postgresLmgsOf(owner: Owner, rows: 'new_rows' | 'old_rows'): string {
	switch (owner.kind) {
		case 'self':
			return `select id from ${rows}`;
		case 'lmg':
			return `select ${owner.column} from ${rows}`;
		case 'case':
			return `select c.lmg_id from ${rows} as changed join family_case as c on c.id = changed.${owner.column}`;
		case 'plan':
			return `select c.lmg_id from ${rows} as changed join action_plan as p on p.id = changed.${owner.column} join family_case as c on c.id = p.case_id`;
		case 'every':
			return `select id from lmg where exists (select from ${rows})`;
	}
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);

	await db.schema
		.createTable('lmg_data_version')
		.addColumn('lmg_id', 'text', (c) => c.primaryKey().notNull().references('lmg.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.execute();
	await sql`insert into lmg_data_version (lmg_id, version) select id, 0 from lmg`.execute(db);

	if (pg) {
		// One upsert per statement, not per row: a statement changing many rows of one LMG (the
		// retention job's updates, a bulk load) bumps it once. The upsert holds the version row's lock
		// until the writing transaction ends, so concurrent writers to one LMG queue there (writes
		// within one LMG are few); readers never wait (MVCC). Each statement locks its LMGs in id
		// order, so two statements touching several LMGs at once (an agency's rename touches all) do
		// not deadlock on each other; should transactions ever cross in some other order, PostgreSQL
		// fails one of them, as with any row lock.
		await sql`
			create function bump_lmg_data_versions(lmg_ids text[]) returns void
			language sql as $$
				insert into lmg_data_version as v (lmg_id, version)
				select distinct id, 1 from unnest(lmg_ids) as id where id is not null order by id
				on conflict (lmg_id) do update set version = v.version + 1
			$$`.execute(db);
		// TRUNCATE empties a table without firing its delete triggers. Nothing in Tautoko truncates,
		// but an operator might; SQLite has no TRUNCATE.
		await sql`
			create function bump_every_lmg_data_version() returns trigger
			language plpgsql as $$
			begin
				perform bump_lmg_data_versions(array(select id from lmg));
				return null;
			end
			$$`.execute(db);
		for (const [table, owner] of Object.entries(REPORTED_TABLES)) {
			const changed = {
				insert: postgresLmgsOf(owner, 'new_rows'),
				update: `${postgresLmgsOf(owner, 'new_rows')} union ${postgresLmgsOf(owner, 'old_rows')}`,
				delete: postgresLmgsOf(owner, 'old_rows')
			};
			// Only the branch of the firing event is planned, so each names only the transition tables its trigger has.
			await sql`
				create function ${sql.raw(functionName(table))}() returns trigger
				language plpgsql as $$
				begin
					if tg_op = 'INSERT' then
						perform bump_lmg_data_versions(array(${sql.raw(changed.insert)}));
					elsif tg_op = 'UPDATE' then
						perform bump_lmg_data_versions(array(${sql.raw(changed.update)}));
					else
						perform bump_lmg_data_versions(array(${sql.raw(changed.delete)}));
					end if;
					return null;
				end
				$$`.execute(db);
			for (const event of eventsOf(owner)) {
				const transitionTables = { insert: 'new table as new_rows', update: 'old table as old_rows new table as new_rows', delete: 'old table as old_rows' }[event];
				await sql`
					create trigger ${sql.raw(triggerName(table, event))} after ${sql.raw(event)} on ${sql.table(table)}
					referencing ${sql.raw(transitionTables)}
					for each statement execute function ${sql.raw(functionName(table))}()`.execute(db);
			}
			// The LMG table cannot be truncated without its version table (foreign key): nothing to bump.
			if (owner.kind !== 'self') {
				await sql`
					create trigger ${sql.raw(triggerName(table, 'truncate'))} after truncate on ${sql.table(table)}
					for each statement execute function bump_every_lmg_data_version()`.execute(db);
			}
		}
	} else {
		// SQLite has row triggers only. As on PostgreSQL, one upsert: the version row is made if it is
		// missing, else bumped. Measured loading 200,000 plan actions into SQLite here: about 4 µs a
		// row on top of the 6 µs the insert costs alone. A request writes a few dozen rows at most;
		// a bulk load (bench/generate.ts) pays it on every row.
		for (const [table, owner] of Object.entries(REPORTED_TABLES)) {
			for (const event of eventsOf(owner)) {
				const changed = {
					insert: sqliteLmgOf(owner, 'new'),
					update: `${sqliteLmgOf(owner, 'new')} union ${sqliteLmgOf(owner, 'old')}`,
					delete: sqliteLmgOf(owner, 'old')
				}[event];
				await sql`
					create trigger ${sql.raw(triggerName(table, event))} after ${sql.raw(event)} on ${sql.table(table)}
					begin
						insert into lmg_data_version (lmg_id, version) select lmg_id, 1 from (${sql.raw(changed)}) where lmg_id is not null
						on conflict (lmg_id) do update set version = version + 1;
					end`.execute(db);
			}
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	for (const [table, owner] of Object.entries(REPORTED_TABLES)) {
		for (const event of eventsOf(owner)) {
			if (pg) await sql`drop trigger if exists ${sql.raw(triggerName(table, event))} on ${sql.table(table)}`.execute(db);
			else await sql`drop trigger if exists ${sql.raw(triggerName(table, event))}`.execute(db);
		}
		if (pg) {
			await sql`drop trigger if exists ${sql.raw(triggerName(table, 'truncate'))} on ${sql.table(table)}`.execute(db);
			await sql`drop function if exists ${sql.raw(functionName(table))}()`.execute(db);
		}
	}
	if (pg) {
		await sql`drop function if exists bump_every_lmg_data_version()`.execute(db);
		await sql`drop function if exists bump_lmg_data_versions(text[])`.execute(db);
	}
	await db.schema.dropTable('lmg_data_version').execute();
}
