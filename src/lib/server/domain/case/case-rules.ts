import { ConflictError } from '../errors';

/** A closed case is read-only: every change to it, of any kind, is refused with this. */
export function assertCaseOpen(facts: { status: string }): void {
	if (facts.status === 'closed') throw new ConflictError('This case is closed; nothing on it can change.');
}
