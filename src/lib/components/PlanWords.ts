/**
 * Plain words for what plan.get returns. Display only: nothing here decides what anyone may see.
 */

export const actionStatusWords: Record<string, string> = {
	not_started: 'Not started',
	in_progress: 'In progress',
	done: 'Done',
	not_done: 'Not done',
	cancelled: 'Cancelled'
};

export const actionStatusOptions = Object.entries(actionStatusWords).map(([value, label]) => ({ value, label }));

export const planStatusWords: Record<string, string> = {
	draft: 'Draft, not yet agreed',
	agreed: 'Agreed'
};

/** A goal's ratings across the versions, oldest first: "3 → 5 → 7". */
export function ratingTrail(history: readonly { rating: number }[]): string {
	return history.map((h) => String(h.rating)).join(' → ');
}
