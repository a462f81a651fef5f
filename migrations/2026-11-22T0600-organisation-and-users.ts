import { type Kysely, sql } from 'kysely';

// Organisation (region, LMG, agency), families, users and their sessions, and protocols.
// family and family_member live here rather than in the cases migration so that
// app_user.family_member_id can be a real foreign key on both SQLite and PostgreSQL
// (SQLite cannot add a foreign key to an existing table).
//
// Conventions: text UUID ids supplied by the app; *_at = ISO-8601 UTC text; *_on / *_date =
// YYYY-MM-DD text; booleans = integer 0/1; JSON = text; enumerations = text + CHECK.

/** CHECK expression: column in ('a', 'b', ...). Values are inlined as literals. */
function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const AGENCY_KINDS = [
  'health',
  'education',
  'police',
  'housing',
  'income',
  'care_and_protection',
  'ngo',
  'maori_provider',
  'pacific_provider',
  'other'
] as const;
const AGENCY_SECTORS = ['government', 'non_government'] as const;
const MEMBER_KINDS = ['caregiver', 'child', 'other_adult'] as const;
const ROLES = ['admin', 'lmg_admin', 'coordinator', 'agency_worker', 'family'] as const;
const PROTOCOL_STATUSES = ['draft', 'published'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('region')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('lmg')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('region_id', 'text', (c) => c.notNull().references('region.id'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agency')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', AGENCY_KINDS)))
    .addColumn('sector', 'text', (c) => c.notNull().check(oneOf('sector', AGENCY_SECTORS)))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('lmg_agency')
    .addColumn('lmg_id', 'text', (c) => c.notNull().references('lmg.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lmg_agency_pkey', ['lmg_id', 'agency_id'])
    .execute();
  await db.schema
    .createIndex('idx_lmg_agency_agency')
    .on('lmg_agency')
    .columns(['agency_id'])
    .execute();

  await db.schema
    .createTable('family')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('lmg_id', 'text', (c) => c.notNull().references('lmg.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('languages_json', 'text', (c) => c.notNull())
    .addColumn('interpreter_needed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cultural_identity', 'text')
    .addColumn('iwi', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('family_member')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('family_id', 'text', (c) =>
      c.notNull().references('family.id').onDelete('cascade')
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text')
    .addColumn('gender', 'text')
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('member_kind', 'text', (c) => c.notNull().check(oneOf('member_kind', MEMBER_KINDS)))
    .addColumn('school', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_family_member_family')
    .on('family_member')
    .columns(['family_id'])
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('family_member_id', 'text', (c) => c.references('family_member.id'))
    .addColumn('disabled_at', 'text')
    .addColumn('password_changed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_role')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) =>
      c.notNull().references('app_user.id').onDelete('cascade')
    )
    .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', ROLES)))
    .addColumn('lmg_id', 'text', (c) => c.references('lmg.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('user_role_user_role_lmg_key', ['user_id', 'role', 'lmg_id'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull()) // SHA-256 hex of the token
    .addColumn('user_id', 'text', (c) =>
      c.notNull().references('app_user.id').onDelete('cascade')
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_active_at', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('idx_session_user').on('session').columns(['user_id']).execute();

  await db.schema
    .createTable('login_failure')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_login_failure_account')
    .on('login_failure')
    .columns(['account_key', 'created_at'])
    .execute();
  await db.schema
    .createIndex('idx_login_failure_address')
    .on('login_failure')
    .columns(['address', 'created_at'])
    .execute();

  await db.schema
    .createTable('protocol_version')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('lmg_id', 'text', (c) => c.notNull().references('lmg.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', PROTOCOL_STATUSES)))
    .addColumn('document_json', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('published_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('protocol_version_lmg_version_key', ['lmg_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'protocol_version',
    'login_failure',
    'session',
    'user_role',
    'app_user',
    'family_member',
    'family',
    'lmg_agency',
    'agency',
    'lmg',
    'region'
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
