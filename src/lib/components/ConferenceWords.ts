/**
 * Plain words for what conference.list returns, and its local times. Display only: nothing here
 * decides what anyone may see or do.
 */

export const conferenceKindWords: Record<string, string> = {
	initial: 'Initial conference',
	review: 'Review conference',
	closing: 'Closing conference'
};

export const conferenceStatusWords: Record<string, string> = {
	scheduled: 'Scheduled',
	held: 'Held',
	cancelled: 'Cancelled'
};

export const attendanceWords: Record<string, string> = {
	invited: 'Invited, not yet recorded',
	present: 'Present',
	apologies: 'Apologies',
	absent: 'Absent'
};

export const inviteeKindWords: Record<string, string> = {
	agency: 'Agency',
	worker: 'Worker',
	family_member: 'Family member',
	support_person: 'Support person'
};

/**
 * A local date and time as conference.list gives it ('YYYY-MM-DDTHH:mm', already in the LMG's
 * timezone), as people read it. It is a wall-clock time, so no timezone is applied again.
 */
export function formatLocalStart(localStart: string): string {
	const [date, time] = localStart.split('T');
	const [y, m, d] = date.split('-').map(Number);
	const [h, min] = (time ?? '00:00').split(':').map(Number);
	return new Date(Date.UTC(y, m - 1, d, h, min)).toLocaleString('en-NZ', {
		timeZone: 'UTC',
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit'
	});
}

/** "Ngata whānau (TAN-2026-0003)". */
export function caseTitle(about: { reference: string; familyLabel: string }): string {
	return `${about.familyLabel} (${about.reference})`;
}
