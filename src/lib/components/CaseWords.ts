/**
 * Plain words for the states the referral, case and consent procedures return, and the date
 * formats their pages use. Display only: nothing here decides what anyone may see.
 */

export const referralStatusWords: Record<string, string> = {
	submitted: 'Waiting for assessment',
	under_assessment: 'Being assessed',
	accepted: 'Accepted',
	declined: 'Declined',
	withdrawn: 'Withdrawn'
};

export const caseStatusWords: Record<string, string> = {
	awaiting_conference: 'Awaiting first conference',
	active: 'Active',
	closed: 'Closed'
};

export const dueWords: Record<string, string> = {
	on_track: 'On track',
	due_soon: 'Due soon',
	overdue: 'Overdue'
};

export const consentStateWords: Record<string, string> = {
	granted: 'Granted',
	declined: 'Refused',
	withdrawn: 'Withdrawn',
	expired: 'Expired'
};

export const consentMethodWords: Record<string, string> = {
	signed_form: 'Signed form',
	verbal: 'Verbal',
	family_portal: 'Family portal'
};

export const agreementMethodWords: Record<string, string> = {
	signed_form: 'Signed form',
	verbal: 'Verbal',
	other: 'Other'
};

export const memberKindWords: Record<string, string> = {
	caregiver: 'Caregiver',
	child: 'Child',
	other_adult: 'Other adult'
};

export const criterionWords: Record<string, string> = { yes: 'Yes', no: 'No', unsure: 'Unsure' };

export const roleWords: Record<string, string> = {
	admin: 'System administrator',
	lmg_admin: 'LMG member',
	coordinator: 'Coordinator',
	agency_worker: 'Agency worker',
	family: 'Family member'
};

/** The procedures a case's audit log names, in words; anything else is shown as recorded. */
export const procedureWords: Record<string, string> = {
	'case.get': 'Opened the case',
	'case.timeline': 'Read the timeline',
	'case.addNote': 'Added a note',
	'consent.list': 'Read the consent record',
	'consent.record': 'Recorded consent',
	'consent.withdraw': 'Recorded a withdrawal of consent',
	'consent.disclose': 'Shared information without consent',
	'consent.regrant': 'Consent given again',
	'audit.forCase': 'Read the audit log',
	'referral.decide': 'Accepted the referral',
	'family.addMember': 'Added a family member',
	'family.invite': 'Invited a family member',
	'retention.anonymise': 'Anonymised the case after its retention period'
};

export function targetWords(target: { amount: number; unit: 'days' | 'working_days' }): string {
	return `${target.amount} ${target.unit === 'working_days' ? 'working days' : 'days'}`;
}

/** A calendar date (YYYY-MM-DD) as people read it; it is already a local date, so no timezone applies. */
export function formatDay(isoDate: string | null | undefined): string {
	if (!isoDate) return '—';
	const [y, m, d] = isoDate.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-NZ', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}

/** An instant as a date in the LMG's timezone. */
export function formatDate(instant: Date | null | undefined, timeZone: string): string {
	if (!instant) return '—';
	return instant.toLocaleDateString('en-NZ', { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
}

/** An instant as date and time in the LMG's timezone. */
export function formatDateTime(instant: Date | null | undefined, timeZone: string): string {
	if (!instant) return '—';
	return instant.toLocaleString('en-NZ', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** Today's date (YYYY-MM-DD) in a timezone: the default for date fields. */
export function todayIn(timeZone: string): string {
	return new Date().toLocaleDateString('en-CA', { timeZone });
}

/** Every message for a field and the parts inside it ("needs" also gathers "needs.0"). */
export function errorsUnder(fieldErrors: Record<string, string[]> | null | undefined, key: string): string[] {
	return Object.entries(fieldErrors ?? {})
		.filter(([k]) => k === key || k.startsWith(`${key}.`))
		.flatMap(([, messages]) => messages);
}
