import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Conferences and invitees, action plans (goals, actions, progress), handovers, safety concerns,
// family feedback, notifications, family invitations, and the append-only audit log.
//
// conference.plan_id -> action_plan and action_plan.conference_id -> conference reference each
// other. Both are real foreign keys: action_plan is created first; on SQLite its reference to the
// not-yet-created conference table is declared inline (SQLite resolves it at use); on PostgreSQL the
// constraint is added with ALTER TABLE once conference exists.

function isPostgres(db: Kysely<any>): boolean {
  const adapter = db.getExecutor().adapter;
  return adapter instanceof PostgresAdapter || adapter.constructor.name === 'PostgresAdapter';
}

/** CHECK expression: column in ('a', 'b', ...). Values are inlined as literals. */
function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const PLAN_STATUSES = ['draft', 'agreed'] as const;
const CONFERENCE_KINDS = ['initial', 'review', 'closing'] as const;
const CONFERENCE_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
const INVITEE_KINDS = ['agency', 'worker', 'family_member', 'support_person'] as const;
const ATTENDANCE = ['invited', 'present', 'apologies', 'absent'] as const;
const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'not_done', 'cancelled'] as const;
const HANDOVER_STATUSES = ['proposed', 'accepted', 'declined', 'cancelled'] as const;
const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;

const ACTION_PLAN_CONFERENCE_FK = 'action_plan_conference_id_fkey';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .createTable('action_plan')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', PLAN_STATUSES)))
    .addColumn('conference_id', 'text', (c) => (pg ? c : c.references('conference.id')))
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('agreed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('action_plan_case_version_key', ['case_id', 'version'])
    .execute();

  await db.schema
    .createTable('conference')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', CONFERENCE_KINDS)))
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', CONFERENCE_STATUSES)))
    .addColumn('scheduled_start_at', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('facilitator_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('interpreter', 'text')
    .addColumn('support_people', 'text')
    .addColumn('minutes', 'text')
    .addColumn('decisions', 'text')
    .addColumn('plan_id', 'text', (c) => c.references('action_plan.id'))
    .addColumn('held_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_conference_case')
    .on('conference')
    .columns(['case_id', 'scheduled_start_at'])
    .execute();
  await db.schema
    .createIndex('idx_conference_status')
    .on('conference')
    .columns(['status', 'scheduled_start_at'])
    .execute();

  if (pg) {
    await db.schema
      .alterTable('action_plan')
      .addForeignKeyConstraint(ACTION_PLAN_CONFERENCE_FK, ['conference_id'], 'conference', ['id'])
      .execute();
  }

  await db.schema
    .createTable('conference_invitee')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('conference_id', 'text', (c) =>
      c.notNull().references('conference.id').onDelete('cascade')
    )
    .addColumn('invitee_kind', 'text', (c) =>
      c.notNull().check(oneOf('invitee_kind', INVITEE_KINDS))
    )
    .addColumn('agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('family_member_id', 'text', (c) => c.references('family_member.id'))
    .addColumn('name', 'text')
    .addColumn('attendance', 'text', (c) => c.notNull().check(oneOf('attendance', ATTENDANCE)))
    .addColumn('apology_update', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_conference_invitee_conference')
    .on('conference_invitee')
    .columns(['conference_id'])
    .execute();

  await db.schema
    .createTable('goal')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('plan_id', 'text', (c) =>
      c.notNull().references('action_plan.id').onDelete('cascade')
    )
    .addColumn('goal_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) =>
      c.notNull().check(sql`${sql.ref('rating')} between 0 and 10`)
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idx_goal_plan').on('goal').columns(['plan_id']).execute();

  await db.schema
    .createTable('plan_action')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('plan_id', 'text', (c) =>
      c.notNull().references('action_plan.id').onDelete('cascade')
    )
    // set null: replacing a draft's goals must not be blocked by actions that pointed at them
    .addColumn('goal_id', 'text', (c) => c.references('goal.id').onDelete('set null'))
    .addColumn('action_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('responsible_agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('responsible_member_id', 'text', (c) => c.references('family_member.id'))
    .addColumn('worker_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ACTION_STATUSES)))
    .addColumn('needs_reassignment', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_on', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_plan_action_plan')
    .on('plan_action')
    .columns(['plan_id'])
    .execute();
  await db.schema
    .createIndex('idx_plan_action_agency')
    .on('plan_action')
    .columns(['responsible_agency_id', 'status', 'due_on'])
    .execute();

  await db.schema
    .createTable('action_progress')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('action_id', 'text', (c) =>
      c.notNull().references('plan_action.id').onDelete('cascade')
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_action_progress_action')
    .on('action_progress')
    .columns(['action_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('handover')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('from_agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('to_agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', HANDOVER_STATUSES)))
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('responded_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('responded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_handover_case')
    .on('handover')
    .columns(['case_id', 'proposed_at'])
    .execute();
  await db.schema
    .createIndex('idx_handover_to_agency')
    .on('handover')
    .columns(['to_agency_id', 'status'])
    .execute();

  await db.schema
    .createTable('concern')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('statutory_referral_to', 'text', (c) => c.notNull())
    .addColumn('statutory_referral_on', 'text')
    .addColumn('raised_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idx_concern_case').on('concern').columns(['case_id']).execute();

  await db.schema
    .createTable('feedback_answer')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_feedback_answer_case')
    .on('feedback_answer')
    .columns(['case_id'])
    .execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) =>
      c.notNull().references('app_user.id').onDelete('cascade')
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('case_id', 'text', (c) => c.references('family_case.id'))
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_notification_user')
    .on('notification')
    .columns(['user_id', 'read_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('family_invitation')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('family_case.id'))
    .addColumn('family_member_id', 'text', (c) => c.notNull().references('family_member.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invitation_failure')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_invitation_failure_address')
    .on('invitation_failure')
    .columns(['address', 'created_at'])
    .execute();

  // audit_log: no foreign keys (the log outlives users and cases); append-only, enforced below.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) =>
      pg ? c.primaryKey() : c.primaryKey().autoIncrement()
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('role', 'text')
    .addColumn('agency_id', 'text')
    .addColumn('lmg_id', 'text')
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(oneOf('outcome', AUDIT_OUTCOMES)))
    .addColumn('detail', 'text')
    .addColumn('address', 'text')
    .execute();
  await db.schema
    .createIndex('idx_audit_log_case')
    .on('audit_log')
    .columns(['case_id', 'at'])
    .execute();
  await db.schema
    .createIndex('idx_audit_log_user')
    .on('audit_log')
    .columns(['user_id', 'at'])
    .execute();
  await db.schema
    .createIndex('idx_audit_log_lmg')
    .on('audit_log')
    .columns(['lmg_id', 'at'])
    .execute();

  if (pg) {
    await sql`
      create or replace function audit_log_append_only() returns trigger
      language plpgsql as $$
      begin
        raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
      end
      $$`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  if (pg) {
    await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop trigger if exists audit_log_no_delete on audit_log`.execute(db);
    await sql`drop trigger if exists audit_log_no_update on audit_log`.execute(db);
    await sql`drop function if exists audit_log_append_only()`.execute(db);
  } else {
    await sql`drop trigger if exists audit_log_no_delete`.execute(db);
    await sql`drop trigger if exists audit_log_no_update`.execute(db);
  }

  for (const table of [
    'audit_log',
    'invitation_failure',
    'family_invitation',
    'notification',
    'feedback_answer',
    'concern',
    'handover',
    'action_progress',
    'plan_action',
    'goal',
    'conference_invitee'
  ]) {
    await db.schema.dropTable(table).execute();
  }

  // Break the conference <-> action_plan cycle before dropping conference.
  if (pg) {
    await db.schema.alterTable('action_plan').dropConstraint(ACTION_PLAN_CONFERENCE_FK).execute();
  } else {
    await db.updateTable('action_plan').set({ conference_id: null }).execute();
  }
  await db.schema.dropTable('conference').execute();
  await db.schema.dropTable('action_plan').execute();
}
