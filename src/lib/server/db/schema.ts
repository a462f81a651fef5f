// Kysely table types for Tautoko. Mirrors migrations/*.ts; keep the two in step.
//
// Conventions: ids are app-generated UUID strings (audit_log.id is an auto-increment integer);
// *_at columns hold ISO-8601 UTC instants ('2026-11-22T06:01:14.000Z'); *_on / *_date columns
// hold calendar dates ('YYYY-MM-DD'); booleans are 0/1 numbers; *_json columns hold JSON text.
// Columns with a database default are Generated<...> (optional on insert).
//
// On PostgreSQL, node-postgres would return bigint (audit_log.id, count(*)) as a string; openPostgres
// in db/index.ts parses OID 20 as a number for its pool, so both dialects give numbers.

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// ---------------------------------------------------------------------------------------------
// Enumerations (the same lists as the CHECK constraints in the migrations)

export const ROLES = ['admin', 'lmg_admin', 'coordinator', 'agency_worker', 'family'] as const;
export type Role = (typeof ROLES)[number];

export const AGENCY_KINDS = [
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
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_SECTORS = ['government', 'non_government'] as const;
export type AgencySector = (typeof AGENCY_SECTORS)[number];

export const PROTOCOL_STATUSES = ['draft', 'published'] as const;
export type ProtocolStatus = (typeof PROTOCOL_STATUSES)[number];

export const MEMBER_KINDS = ['caregiver', 'child', 'other_adult'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const AGREEMENT_METHODS = ['signed_form', 'verbal', 'other'] as const;
export type AgreementMethod = (typeof AGREEMENT_METHODS)[number];

export const REFERRAL_STATUSES = [
  'submitted',
  'under_assessment',
  'accepted',
  'declined',
  'withdrawn'
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const CRITERION_MET = ['yes', 'no', 'unsure'] as const;
export type CriterionMet = (typeof CRITERION_MET)[number];

export const CASE_STATUSES = ['awaiting_conference', 'active', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CONSENT_STATES = ['granted', 'declined', 'withdrawn', 'expired'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const CONSENT_METHODS = ['signed_form', 'verbal', 'family_portal'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONFERENCE_KINDS = ['initial', 'review', 'closing'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];

export const CONFERENCE_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type ConferenceStatus = (typeof CONFERENCE_STATUSES)[number];

export const INVITEE_KINDS = ['agency', 'worker', 'family_member', 'support_person'] as const;
export type InviteeKind = (typeof INVITEE_KINDS)[number];

export const ATTENDANCE = ['invited', 'present', 'apologies', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

export const PLAN_STATUSES = ['draft', 'agreed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const ACTION_STATUSES = [
  'not_started',
  'in_progress',
  'done',
  'not_done',
  'cancelled'
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const HANDOVER_STATUSES = ['proposed', 'accepted', 'declined', 'cancelled'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

// ---------------------------------------------------------------------------------------------
// Organisation, users, sessions, protocols (migration 0600)

export interface RegionTable {
  id: string;
  name: string;
  created_at: string;
}

export interface LmgTable {
  id: string;
  region_id: string;
  name: string;
  /** IANA time zone, e.g. 'Pacific/Auckland' */
  timezone: string;
  created_at: string;
}

export interface AgencyTable {
  id: string;
  name: string;
  kind: AgencyKind;
  sector: AgencySector;
  created_at: string;
}

export interface LmgAgencyTable {
  lmg_id: string;
  agency_id: string;
  joined_at: string;
}

export interface FamilyTable {
  id: string;
  lmg_id: string;
  label: string;
  area: string;
  /** JSON array of language names */
  languages_json: string;
  interpreter_needed: Generated<number>;
  cultural_identity: string | null;
  iwi: string | null;
  created_at: string;
}

export interface FamilyMemberTable {
  id: string;
  family_id: string;
  name: string;
  /** YYYY-MM-DD */
  date_of_birth: string | null;
  gender: string | null;
  relationship: string;
  member_kind: MemberKind;
  school: string | null;
  created_at: string;
}

export interface AppUserTable {
  id: string;
  /** stored lowercased */
  email: string;
  name: string;
  /** null until a family member joins through an invitation */
  password_hash: string | null;
  agency_id: string | null;
  family_member_id: string | null;
  disabled_at: string | null;
  password_changed_at: string | null;
  created_at: string;
}

export interface UserRoleTable {
  id: string;
  user_id: string;
  role: Role;
  /** set for lmg_admin and coordinator */
  lmg_id: string | null;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 hex of the session token */
  id: string;
  user_id: string;
  created_at: string;
  last_active_at: string;
  user_agent: string | null;
}

export interface LoginFailureTable {
  id: string;
  /** lowercased email as typed, whether or not such a user exists */
  account_key: string;
  address: string;
  created_at: string;
}

export interface ProtocolVersionTable {
  id: string;
  lmg_id: string;
  version: number;
  status: ProtocolStatus;
  document_json: string;
  change_note: string | null;
  created_by: string | null;
  published_by: string | null;
  published_at: string | null;
  created_at: string;
}

// ---------------------------------------------------------------------------------------------
// Referrals, cases, consent (migration 0610)

export interface ReferralTable {
  id: string;
  lmg_id: string;
  family_id: string;
  referring_agency_id: string;
  referring_user_id: string;
  protocol_version_id: string;
  /** JSON array of need categories */
  needs_json: string;
  summary: string;
  /** YYYY-MM-DD */
  agreement_on: string;
  agreement_method: AgreementMethod;
  status: ReferralStatus;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  withdrawn_at: string | null;
  submitted_at: string;
  created_at: string;
}

export interface ReferralCriterionAnswerTable {
  referral_id: string;
  criterion_key: string;
  met: CriterionMet;
  note: string | null;
  answered_by: string;
  answered_at: string;
}

export interface FamilyCaseTable {
  id: string;
  /** human-readable, e.g. 'TAN-2026-0042' */
  reference: string;
  lmg_id: string;
  family_id: string;
  referral_id: string;
  protocol_version_id: string;
  status: CaseStatus;
  needs_lead_agency: Generated<number>;
  coordinator_id: string | null;
  lead_agency_id: string | null;
  lead_worker_id: string | null;
  facilitator_id: string | null;
  opened_at: string;
  /** YYYY-MM-DD */
  next_review_on: string | null;
  /** YYYY-MM-DD, set at acceptance from the protocol's target (migration 0700) */
  first_conference_due_on: string | null;
  closed_at: string | null;
  closure_reason: string | null;
  closing_report: string | null;
  updated_at: string;
  created_at: string;
  /** set when the case was anonymised after its retention period (migration 0900) */
  anonymised_at: string | null;
}

export interface CaseAgencyTable {
  case_id: string;
  agency_id: string;
  added_by: string | null;
  added_at: string;
}

/** Append-only (by application rule): the newest row per (case_id, agency_id) is the current state. */
export interface ConsentEventTable {
  id: string;
  case_id: string;
  agency_id: string;
  state: ConsentState;
  scope_all: Generated<number>;
  /** JSON array of information categories */
  categories_json: string;
  given_by_member_id: string | null;
  recorded_by: string | null;
  method: ConsentMethod | null;
  valid_from: string | null;
  valid_until: string | null;
  note: string | null;
  created_at: string;
}

export interface DisclosureTable {
  id: string;
  case_id: string;
  agency_id: string;
  legal_basis: string;
  reason: string;
  disclosed_by: string;
  created_at: string;
}

export interface CaseNoteTable {
  id: string;
  case_id: string;
  category: string;
  body: string;
  /** YYYY-MM-DD */
  noted_on: string;
  author_id: string;
  author_agency_id: string | null;
  created_at: string;
}

/** Timeline entry. summary is short and holds no sensitive content. */
export interface CaseEventTable {
  id: string;
  case_id: string;
  kind: string;
  summary: string;
  /** information category; null = visible to anyone with consent */
  category: string | null;
  actor_id: string | null;
  created_at: string;
}

export interface DeclinedWorkerTable {
  id: string;
  case_id: string;
  user_id: string;
  reason: string | null;
  recorded_by: string | null;
  created_at: string;
}

// ---------------------------------------------------------------------------------------------
// Conferences, plans, handovers, notifications, audit (migration 0620)

export interface ConferenceTable {
  id: string;
  case_id: string;
  kind: ConferenceKind;
  status: ConferenceStatus;
  scheduled_start_at: string;
  location: string;
  facilitator_id: string | null;
  interpreter: string | null;
  support_people: string | null;
  minutes: string | null;
  decisions: string | null;
  /** the plan version agreed at this conference */
  plan_id: string | null;
  held_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  created_by: string;
  created_at: string;
}

export interface ConferenceInviteeTable {
  id: string;
  conference_id: string;
  invitee_kind: InviteeKind;
  agency_id: string | null;
  user_id: string | null;
  family_member_id: string | null;
  /** support people */
  name: string | null;
  attendance: Attendance;
  apology_update: string | null;
  created_at: string;
}

export interface ActionPlanTable {
  id: string;
  case_id: string;
  version: number;
  status: PlanStatus;
  conference_id: string | null;
  created_by: string;
  agreed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface GoalTable {
  id: string;
  plan_id: string;
  /** stable across plan versions */
  goal_key: string;
  position: number;
  text: string;
  domain: string;
  category: string;
  /** 0..10 */
  rating: number;
  created_at: string;
}

export interface PlanActionTable {
  id: string;
  plan_id: string;
  goal_id: string | null;
  /** stable across plan versions */
  action_key: string;
  position: number;
  description: string;
  category: string;
  responsible_agency_id: string | null;
  responsible_member_id: string | null;
  worker_id: string | null;
  /** YYYY-MM-DD */
  due_on: string;
  status: ActionStatus;
  needs_reassignment: Generated<number>;
  /** YYYY-MM-DD */
  completed_on: string | null;
  updated_at: string;
  created_at: string;
}

export interface ActionProgressTable {
  id: string;
  action_id: string;
  /** free text in the database (no CHECK); normally an ActionStatus */
  status: string;
  note: string;
  author_id: string;
  created_at: string;
}

export interface HandoverTable {
  id: string;
  case_id: string;
  from_agency_id: string | null;
  to_agency_id: string;
  reason: string;
  note: string | null;
  status: HandoverStatus;
  proposed_by: string;
  proposed_at: string;
  responded_by: string | null;
  responded_at: string | null;
  created_at: string;
}

export interface ConcernTable {
  id: string;
  case_id: string;
  description: string;
  statutory_referral_to: string;
  /** YYYY-MM-DD */
  statutory_referral_on: string | null;
  raised_by: string;
  created_at: string;
}

export interface FeedbackAnswerTable {
  id: string;
  case_id: string;
  question_key: string;
  answer: string;
  created_at: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  case_id: string | null;
  read_at: string | null;
  created_at: string;
}

export interface FamilyInvitationTable {
  id: string;
  case_id: string;
  family_member_id: string;
  /** SHA-256 hex of the invitation code */
  code_hash: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
  created_by: string;
  created_at: string;
}

export interface InvitationFailureTable {
  id: string;
  address: string;
  created_at: string;
}

/** Append-only: the database refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  role: string | null;
  agency_id: string | null;
  lmg_id: string | null;
  /** e.g. 'case.get', 'auth.login' */
  procedure: string;
  case_id: string | null;
  outcome: AuditOutcome;
  /** short; never case content, passwords or tokens */
  detail: string | null;
  address: string | null;
}

/**
 * Moves on every write to a row an LMG's reports read; written only by the database's triggers
 * (migrations/2026-11-22T1300-report-data-version.ts), read by the report cache.
 */
export interface LmgDataVersionTable {
  lmg_id: string;
  version: number;
}

// ---------------------------------------------------------------------------------------------

export interface Database {
  region: RegionTable;
  lmg: LmgTable;
  agency: AgencyTable;
  lmg_agency: LmgAgencyTable;
  family: FamilyTable;
  family_member: FamilyMemberTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  login_failure: LoginFailureTable;
  protocol_version: ProtocolVersionTable;
  referral: ReferralTable;
  referral_criterion_answer: ReferralCriterionAnswerTable;
  family_case: FamilyCaseTable;
  case_agency: CaseAgencyTable;
  consent_event: ConsentEventTable;
  disclosure: DisclosureTable;
  case_note: CaseNoteTable;
  case_event: CaseEventTable;
  declined_worker: DeclinedWorkerTable;
  conference: ConferenceTable;
  conference_invitee: ConferenceInviteeTable;
  action_plan: ActionPlanTable;
  goal: GoalTable;
  plan_action: PlanActionTable;
  action_progress: ActionProgressTable;
  handover: HandoverTable;
  concern: ConcernTable;
  feedback_answer: FeedbackAnswerTable;
  notification: NotificationTable;
  family_invitation: FamilyInvitationTable;
  invitation_failure: InvitationFailureTable;
  audit_log: AuditLogTable;
  lmg_data_version: LmgDataVersionTable;
}

// ---------------------------------------------------------------------------------------------
// Row aliases

export type RegionRow = Selectable<RegionTable>;
export type LmgRow = Selectable<LmgTable>;
export type AgencyRow = Selectable<AgencyTable>;
export type LmgAgencyRow = Selectable<LmgAgencyTable>;
export type FamilyRow = Selectable<FamilyTable>;
export type NewFamily = Insertable<FamilyTable>;
export type FamilyMemberRow = Selectable<FamilyMemberTable>;
export type NewFamilyMember = Insertable<FamilyMemberTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type UserRoleRow = Selectable<UserRoleTable>;
export type SessionRow = Selectable<SessionTable>;
export type ProtocolVersionRow = Selectable<ProtocolVersionTable>;
export type ReferralRow = Selectable<ReferralTable>;
export type NewReferral = Insertable<ReferralTable>;
export type ReferralUpdate = Updateable<ReferralTable>;
export type ReferralCriterionAnswerRow = Selectable<ReferralCriterionAnswerTable>;
export type FamilyCaseRow = Selectable<FamilyCaseTable>;
export type NewFamilyCase = Insertable<FamilyCaseTable>;
export type FamilyCaseUpdate = Updateable<FamilyCaseTable>;
export type CaseAgencyRow = Selectable<CaseAgencyTable>;
export type ConsentEventRow = Selectable<ConsentEventTable>;
export type NewConsentEvent = Insertable<ConsentEventTable>;
export type DisclosureRow = Selectable<DisclosureTable>;
export type CaseNoteRow = Selectable<CaseNoteTable>;
export type NewCaseNote = Insertable<CaseNoteTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type NewCaseEvent = Insertable<CaseEventTable>;
export type DeclinedWorkerRow = Selectable<DeclinedWorkerTable>;
export type ConferenceRow = Selectable<ConferenceTable>;
export type NewConference = Insertable<ConferenceTable>;
export type ConferenceUpdate = Updateable<ConferenceTable>;
export type ConferenceInviteeRow = Selectable<ConferenceInviteeTable>;
export type ActionPlanRow = Selectable<ActionPlanTable>;
export type GoalRow = Selectable<GoalTable>;
export type NewGoal = Insertable<GoalTable>;
export type PlanActionRow = Selectable<PlanActionTable>;
export type NewPlanAction = Insertable<PlanActionTable>;
export type PlanActionUpdate = Updateable<PlanActionTable>;
export type ActionProgressRow = Selectable<ActionProgressTable>;
export type HandoverRow = Selectable<HandoverTable>;
export type ConcernRow = Selectable<ConcernTable>;
export type FeedbackAnswerRow = Selectable<FeedbackAnswerTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type NewNotification = Insertable<NotificationTable>;
export type FamilyInvitationRow = Selectable<FamilyInvitationTable>;
export type InvitationFailureRow = Selectable<InvitationFailureTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLog = Insertable<AuditLogTable>;
