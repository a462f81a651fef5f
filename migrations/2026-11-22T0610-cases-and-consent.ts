import { type Kysely, sql } from 'kysely';

// Referrals, cases, the case's agency network, consent, disclosures, notes, timeline and
// declined workers. (family and family_member are created in the first migration.)
//
// consent_event is append-only by application rule: every change is a new row and the current
// state is the newest row per (case_id, agency_id). Nothing cascades into it.

/** CHECK expression: column in ('a', 'b', ...). Values are inlined as literals. */
function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const AGREEMENT_METHODS = ['signed_form', 'verbal', 'other'] as const;
const REFERRAL_STATUSES = [
  'submitted',
  'under_assessment',
  'accepted',
  'declined',
  'withdrawn'
] as const;
const CRITERION_MET = ['yes', 'no', 'unsure'] as const;
const CASE_STATUSES = ['awaiting_conference', 'active', 'closed'] as const;
const CONSENT_STATES = ['granted', 'declined', 'withdrawn', 'expired'] as const;
const CONSENT_METHODS = ['signed_form', 'verbal', 'family_portal'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referral')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('lmg_id', 'text', (c) => c.notNull().references('lmg.id'))
    .addColumn('family_id', 'text', (c) => c.notNull().references('family.id'))
    .addColumn('referring_agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('referring_user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('protocol_version_id', 'text', (c) =>
      c.notNull().references('protocol_version.id')
    )
    .addColumn('needs_json', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('agreement_on', 'text', (c) => c.notNull())
    .addColumn('agreement_method', 'text', (c) =>
      c.notNull().check(oneOf('agreement_method', AGREEMENT_METHODS))
    )
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', REFERRAL_STATUSES)))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_referral_lmg_status')
    .on('referral')
    .columns(['lmg_id', 'status', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('idx_referral_agency')
    .on('referral')
    .columns(['referring_agency_id', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('idx_referral_user')
    .on('referral')
    .columns(['referring_user_id'])
    .execute();

  await db.schema
    .createTable('referral_criterion_answer')
    .addColumn('referral_id', 'text', (c) =>
      c.notNull().references('referral.id').onDelete('cascade')
    )
    .addColumn('criterion_key', 'text', (c) => c.notNull())
    .addColumn('met', 'text', (c) => c.notNull().check(oneOf('met', CRITERION_MET)))
    .addColumn('note', 'text')
    .addColumn('answered_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('referral_criterion_answer_pkey', ['referral_id', 'criterion_key'])
    .execute();

  await db.schema
    .createTable('family_case')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('lmg_id', 'text', (c) => c.notNull().references('lmg.id'))
    .addColumn('family_id', 'text', (c) => c.notNull().references('family.id'))
    .addColumn('referral_id', 'text', (c) => c.notNull().unique().references('referral.id'))
    .addColumn('protocol_version_id', 'text', (c) =>
      c.notNull().references('protocol_version.id')
    )
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', CASE_STATUSES)))
    .addColumn('needs_lead_agency', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('coordinator_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('lead_agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('lead_worker_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('facilitator_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('next_review_on', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closure_reason', 'text')
    .addColumn('closing_report', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_family_case_lmg_status')
    .on('family_case')
    .columns(['lmg_id', 'status', 'opened_at'])
    .execute();
  await db.schema
    .createIndex('idx_family_case_lead_agency')
    .on('family_case')
    .columns(['lead_agency_id'])
    .execute();
  await db.schema
    .createIndex('idx_family_case_family')
    .on('family_case')
    .columns(['family_id'])
    .execute();

  await db.schema
    .createTable('case_agency')
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('added_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_agency_pkey', ['case_id', 'agency_id'])
    .execute();
  await db.schema
    .createIndex('idx_case_agency_agency')
    .on('case_agency')
    .columns(['agency_id', 'case_id'])
    .execute();

  await db.schema
    .createTable('consent_event')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', CONSENT_STATES)))
    .addColumn('scope_all', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('categories_json', 'text', (c) => c.notNull())
    .addColumn('given_by_member_id', 'text', (c) => c.references('family_member.id'))
    .addColumn('recorded_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('method', 'text', (c) => c.check(oneOf('method', CONSENT_METHODS)))
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_consent_event_case_agency')
    .on('consent_event')
    .columns(['case_id', 'agency_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('idx_consent_event_agency_case')
    .on('consent_event')
    .columns(['agency_id', 'case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('disclosure')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('disclosed_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_disclosure_case')
    .on('disclosure')
    .columns(['case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('case_note')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('noted_on', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('author_agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_case_note_case')
    .on('case_note')
    .columns(['case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('case_event')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('actor_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_case_event_case')
    .on('case_event')
    .columns(['case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('declined_worker')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('reason', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('declined_worker_case_user_key', ['case_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'declined_worker',
    'case_event',
    'case_note',
    'disclosure',
    'consent_event',
    'case_agency',
    'family_case',
    'referral_criterion_answer',
    'referral'
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
