/**
 * The family portal's words for the codes its procedures return (states, kinds, statuses,
 * procedure names, legal-basis keys), in the reader's language. Display only: nothing here
 * decides what anyone may see. Names and protocol labels come from data and stay as they are.
 */
import { m } from '$lib/paraglide/messages';

type Words = Record<string, () => string>;

function lookup(words: Words, code: string | null | undefined, fallback: () => string): string {
	return (code ? words[code] : undefined)?.() ?? fallback();
}

const stages: Words = { awaiting_conference: m.stage_awaiting_conference, active: m.stage_active, closed: m.stage_closed };
export const stageText = (status: string | null | undefined) => lookup(stages, status, m.stage_unknown);

const actionStatuses: Words = {
	not_started: m.status_not_started,
	in_progress: m.status_in_progress,
	done: m.status_done,
	not_done: m.status_not_done,
	cancelled: m.status_cancelled
};
export const actionStatusText = (status: string | null | undefined) => lookup(actionStatuses, status, m.status_unknown);

const conferenceKinds: Words = { initial: m.kind_initial, review: m.kind_review, closing: m.kind_closing };
export const conferenceKindText = (kind: string | null | undefined) => lookup(conferenceKinds, kind, m.kind_other);

const consentStates: Words = { granted: m.state_granted, withdrawn: m.state_withdrawn, declined: m.state_declined, expired: m.state_expired };
export const consentStateText = (state: string | null | undefined) => lookup(consentStates, state, m.state_unknown);

const consentMethods: Words = { signed_form: m.method_signed_form, verbal: m.method_verbal, family_portal: m.method_family_portal };
export const consentMethodText = (method: string | null | undefined) => lookup(consentMethods, method, m.method_unknown);

const legalBases: Words = { serious_threat: m.basis_serious_threat, child_wellbeing: m.basis_child_wellbeing, family_violence: m.basis_family_violence };
export const legalBasisText = (basis: string | null | undefined) => lookup(legalBases, basis, m.basis_other);

const roles: Words = { coordinator: m.role_coordinator, agency_worker: m.role_agency_worker };
export const roleText = (role: string | null | undefined) => lookup(roles, role, m.role_other);

/** Procedures by exact name, then by area (every conference procedure arranges a meeting). */
const procedures: Words = {
	'case.get': m.proc_case_get,
	'case.timeline': m.proc_case_timeline,
	'plan.get': m.proc_plan_get,
	'plan.save': m.proc_plan_save,
	'action.update': m.proc_action_update,
	'conference.list': m.proc_conference_list,
	'conference.options': m.proc_conference_options,
	'consent.list': m.proc_consent_list,
	'consent.record': m.proc_consent_record,
	'consent.withdraw': m.proc_consent_withdraw,
	'consent.disclose': m.proc_consent_disclose,
	'referral.get': m.proc_referral_get,
	'referral.assess': m.proc_referral_assess,
	'referral.decide': m.proc_referral_assess,
	'case.addNote': m.proc_case_add_note,
	'case.setLeadAgency': m.proc_lead,
	'case.proposeHandover': m.proc_lead,
	'case.acceptHandover': m.proc_lead,
	'case.declineHandover': m.proc_lead,
	'case.raiseConcern': m.proc_concern,
	'case.writeClosingReport': m.proc_close,
	'case.close': m.proc_close,
	'audit.forCase': m.proc_audit,
	'family.invite': m.proc_family_invite,
	'family.addMember': m.proc_family_add
};
const procedureAreas: Words = { conference: m.proc_conference };

export function procedureText(procedure: string | null | undefined): string {
	if (procedure && procedures[procedure]) return procedures[procedure]();
	return lookup(procedureAreas, procedure?.split('.')[0], m.proc_other);
}

/** What an agency may see: "Everything", or the protocol's own labels for the kinds, in its order. */
export function scopeText(scope: 'all' | readonly string[], categories: readonly { key: string; label: string }[]): string {
	if (scope === 'all') return m.consent_everything();
	return kindLabels(scope, categories).join(', ');
}

export function kindLabels(kinds: readonly string[], categories: readonly { key: string; label: string }[]): string[] {
	const known = categories.filter((c) => kinds.includes(c.key)).map((c) => c.label);
	const unknown = kinds.filter((k) => !categories.some((c) => c.key === k));
	return [...known, ...unknown];
}

/** "your information" or "your information about Housing, Health", for the consent explanations. */
export function whatText(kinds: 'all' | readonly string[], categories: readonly { key: string; label: string }[]): string {
	return kinds === 'all' ? m.what_all() : m.what_some({ kinds: kindLabels(kinds, categories).join(', ') });
}
