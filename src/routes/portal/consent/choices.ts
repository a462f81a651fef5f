/**
 * The two-step consent changes of the family portal (choose, then confirm): what each step may
 * offer and what a choice means, worked out from portal.consents. The procedures check it all
 * again; this only keeps the family from being asked to confirm something that cannot happen.
 */

type Category = { key: string; label: string };
type AgencyConsent = { agencyId: string; agency: string; state: string; scope: 'all' | string[] };
export type Consents = { categories: Category[]; agencies: AgencyConsent[] };

/** What the family picked in step 1, from a form or from the confirm page's address. */
export type Choice = { agencyId: string; part: 'all' | 'some' | null; kinds: string[] };

/** Problems with a choice, as codes the page says in the reader's language. */
export type ChoiceProblems = Partial<{ agencyId: 'agency'; part: 'part'; categories: 'kinds' | 'not_held' | 'already' }>;

export type Checked = { ok: true; agency: AgencyConsent; kinds: 'all' | string[] } | { ok: false; problems: ChoiceProblems; agency: AgencyConsent | null };

export function choiceFrom(source: { get(name: string): unknown; getAll(name: string): unknown[] }): Choice {
	const part = String(source.get('part') ?? '');
	return {
		agencyId: String(source.get('agency') ?? '').trim(),
		part: part === 'all' || part === 'some' ? part : null,
		kinds: source.getAll('kinds').map(String).filter(Boolean)
	};
}

/** The kinds an agency can see now (none unless its consent is granted). */
export function heldKinds(agency: AgencyConsent, categories: Category[]): string[] {
	if (agency.state !== 'granted') return [];
	return agency.scope === 'all' ? categories.map((c) => c.key) : agency.scope;
}

export const canWithdraw = (agency: AgencyConsent) => agency.state === 'granted';
export const canGive = (agency: AgencyConsent) => agency.state !== 'granted' || agency.scope !== 'all';

export function checkWithdrawal(consents: Consents, choice: Choice): Checked {
	const agency = consents.agencies.find((a) => a.agencyId === choice.agencyId && canWithdraw(a)) ?? null;
	const problems: ChoiceProblems = {};
	if (!agency) problems.agencyId = 'agency';
	if (!choice.part) problems.part = 'part';
	if (choice.part === 'some' && choice.kinds.length === 0) problems.categories = 'kinds';
	if (!agency || Object.keys(problems).length > 0) return { ok: false, problems, agency };
	if (choice.part === 'all') return { ok: true, agency, kinds: 'all' };
	const held = heldKinds(agency, consents.categories);
	const kinds = held.filter((k) => choice.kinds.includes(k));
	if (kinds.length === 0) return { ok: false, problems: { categories: 'not_held' }, agency };
	// Every kind the agency holds, chosen one by one, is the same as everything.
	return { ok: true, agency, kinds: kinds.length === held.length ? 'all' : kinds };
}

export function checkGiving(consents: Consents, choice: Choice): Checked {
	const agency = consents.agencies.find((a) => a.agencyId === choice.agencyId && canGive(a)) ?? null;
	const problems: ChoiceProblems = {};
	if (!agency) problems.agencyId = 'agency';
	if (!choice.part) problems.part = 'part';
	const known = consents.categories.map((c) => c.key);
	const kinds = known.filter((k) => choice.kinds.includes(k));
	if (choice.part === 'some' && kinds.length === 0) problems.categories = 'kinds';
	if (!agency || Object.keys(problems).length > 0) return { ok: false, problems, agency };
	if (choice.part === 'all') return { ok: true, agency, kinds: 'all' };
	const held = heldKinds(agency, consents.categories);
	if (kinds.every((k) => held.includes(k))) return { ok: false, problems: { categories: 'already' }, agency };
	return { ok: true, agency, kinds };
}

/** The confirm step's address: the agency, and the kinds (none for everything). */
export function confirmHref(step: 'withdraw' | 'give', agencyId: string, kinds: 'all' | string[]): string {
	const params = new URLSearchParams({ agency: agencyId, part: kinds === 'all' ? 'all' : 'some' });
	if (kinds !== 'all') for (const k of kinds) params.append('kinds', k);
	return `/portal/consent/${step}/confirm?${params}`;
}

/** Where the family lands after confirming: the consent page, saying what was done. */
export function doneHref(done: 'withdrawn' | 'given', agencyId: string, kinds: 'all' | string[]): string {
	const params = new URLSearchParams({ done, agency: agencyId });
	if (kinds !== 'all') for (const k of kinds) params.append('kinds', k);
	return `/portal/consent?${params}`;
}
