/**
 * The protocol edit form: what it shows (from the draft or the version in force, or from what
 * the person sent back after a refusal), how its fields are named, and the document it sends.
 * Form plumbing only: protocol.saveDraft validates everything.
 *
 * Fields are named like the document's own paths ("reviewIntervalWeeks",
 * "referralCriteria.2.text"), so the procedure's messages ("document.referralCriteria.2.text")
 * land beside the right field once renumbered from the sorted list to the rows the form showed.
 */

export const LISTS = ['referralCriteria', 'informationCategories', 'planDomains', 'closureReasons', 'feedbackQuestions'] as const;
export type ListName = (typeof LISTS)[number];

/** The lists of items with text (criteria, questions) and of items with a label. */
export const textField = (list: ListName): 'text' | 'label' => (list === 'referralCriteria' || list === 'feedbackQuestions' ? 'text' : 'label');

/** One row of a list. `text` holds the criterion or question text, or the label. */
export type Row = { key: string; text: string; required: boolean; position: string; existing: boolean; remove: boolean };

export type ProtocolForm = {
	lists: Record<ListName, Row[]>;
	/** Every other field, by its name (a document path); checkboxes as "yes" or "". */
	fields: Record<string, string>;
	requiredParticipants: string[];
};

export const SCALARS = [
	'consent.formWording',
	'consent.validityMonths',
	'targets.referralToDecision.amount',
	'targets.referralToDecision.unit',
	'targets.acceptanceToFirstConference.amount',
	'targets.acceptanceToFirstConference.unit',
	'reviewIntervalWeeks',
	'maxCaseLengthMonths',
	'facilitatorMustBeIndependent',
	'accessLogShowsStaffNames',
	'retentionMonthsAfterClosure'
] as const;

/** Blank rows offered under the saved ones; rows left blank are ignored. */
export const BLANK_ROWS = 2;

type Target = { amount: number; unit: string };
type Doc = {
	referralCriteria: readonly { key: string; text: string; required: boolean }[];
	informationCategories: readonly { key: string; label: string }[];
	consent: { formWording: string; validityMonths: number };
	targets: { referralToDecision: Target; acceptanceToFirstConference: Target };
	reviewIntervalWeeks: number;
	maxCaseLengthMonths: number;
	requiredParticipants: readonly string[];
	facilitatorMustBeIndependent: boolean;
	planDomains: readonly { key: string; label: string }[];
	closureReasons: readonly { key: string; label: string }[];
	feedbackQuestions: readonly { key: string; text: string }[];
	accessLogShowsStaffNames: boolean;
	retentionMonthsAfterClosure: number;
};

const blank = (position: number): Row => ({ key: '', text: '', required: false, position: String(position), existing: false, remove: false });
const yes = (on: boolean) => (on ? 'yes' : '');

/** The saved document as form rows and fields, with blank rows after each list. */
export function formFromDocument(doc: Doc): ProtocolForm {
	const rows = (items: readonly { key: string; text?: string; label?: string; required?: boolean }[]): Row[] => {
		const saved = items.map((item, i) => ({ key: item.key, text: item.text ?? item.label ?? '', required: item.required ?? false, position: String(i + 1), existing: true, remove: false }));
		return [...saved, ...Array.from({ length: BLANK_ROWS }, (_, i) => blank(saved.length + i + 1))];
	};
	return {
		lists: {
			referralCriteria: rows(doc.referralCriteria),
			informationCategories: rows(doc.informationCategories),
			planDomains: rows(doc.planDomains),
			closureReasons: rows(doc.closureReasons),
			feedbackQuestions: rows(doc.feedbackQuestions)
		},
		fields: {
			'consent.formWording': doc.consent.formWording,
			'consent.validityMonths': String(doc.consent.validityMonths),
			'targets.referralToDecision.amount': String(doc.targets.referralToDecision.amount),
			'targets.referralToDecision.unit': doc.targets.referralToDecision.unit,
			'targets.acceptanceToFirstConference.amount': String(doc.targets.acceptanceToFirstConference.amount),
			'targets.acceptanceToFirstConference.unit': doc.targets.acceptanceToFirstConference.unit,
			reviewIntervalWeeks: String(doc.reviewIntervalWeeks),
			maxCaseLengthMonths: String(doc.maxCaseLengthMonths),
			facilitatorMustBeIndependent: yes(doc.facilitatorMustBeIndependent),
			accessLogShowsStaffNames: yes(doc.accessLogShowsStaffNames),
			retentionMonthsAfterClosure: String(doc.retentionMonthsAfterClosure)
		},
		requiredParticipants: [...doc.requiredParticipants]
	};
}

/** The highest row number sent for a list ("planDomains.7.label" → 8 rows). */
function rowCount(values: Record<string, string>, list: ListName): number {
	const pattern = new RegExp(`^${list}\\.(\\d+)\\.`);
	return Math.min(200, Math.max(0, ...Object.keys(values).map((k) => (pattern.test(k) ? Number(pattern.exec(k)![1]) + 1 : 0))));
}

export const rowIsBlank = (r: Row) => !r.existing && !r.key.trim() && !r.text.trim();

/**
 * The form exactly as the person sent it, so a refused save loses nothing they typed. Blank rows
 * are topped up at the end, so there is still room to add after filling the ones offered.
 */
export function formFromValues(values: Record<string, string>): ProtocolForm {
	const v = (key: string) => values[key] ?? '';
	const lists = {} as Record<ListName, Row[]>;
	for (const list of LISTS) {
		const field = textField(list);
		const rows: Row[] = Array.from({ length: rowCount(values, list) }, (_, i) => ({
			key: v(`${list}.${i}.key`),
			text: v(`${list}.${i}.${field}`),
			required: v(`${list}.${i}.required`) === 'yes',
			position: v(`${list}.${i}.position`),
			existing: v(`${list}.${i}.existing`) === 'yes',
			remove: v(`${list}.${i}.remove`) === 'yes'
		}));
		let trailing = 0;
		while (trailing < rows.length && rowIsBlank(rows[rows.length - 1 - trailing])) trailing++;
		for (let i = trailing; i < BLANK_ROWS; i++) rows.push(blank(rows.length + 1));
		lists[list] = rows;
	}
	return {
		lists,
		fields: Object.fromEntries(SCALARS.map((name) => [name, v(name)])),
		requiredParticipants: v('requiredParticipants').split('\n').filter(Boolean)
	};
}

/** A whole number as typed; anything else becomes 0, so the procedure's own "Must be at least 1" is what the person reads. */
function whole(text: string): number {
	return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : 0;
}

/** A key made from a new row's text when none is typed: "Kaupapa Māori provider" → "kaupapa_maori_provider". */
export function keyFrom(text: string): string {
	const key = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^[^a-z]+/, '')
		.slice(0, 40)
		.replace(/_+$/, '');
	return key;
}

/** The rows kept (not blank, not removed), in the order of their position numbers; rows with no number keep their place at the end. */
function keptRows(rows: Row[]): { row: Row; index: number }[] {
	const order = (r: Row) => (/^\s*-?\d+(\.\d+)?\s*$/.test(r.position) ? Number(r.position) : Number.POSITIVE_INFINITY);
	return rows
		.map((row, index) => ({ row, index }))
		.filter(({ row }) => !rowIsBlank(row) && !row.remove)
		.sort((a, b) => order(a.row) - order(b.row));
}

/**
 * The document the form describes, and for each list the form row each item came from (so the
 * procedure's messages can be put back beside the rows the person sees).
 */
export function documentFromForm(form: ProtocolForm) {
	const rowOf = {} as Record<ListName, number[]>;
	const items = (list: ListName) => {
		const kept = keptRows(form.lists[list]);
		rowOf[list] = kept.map((k) => k.index);
		// A new row's key may be left empty: one is made from its text.
		return kept.map(({ row }) => ({ key: row.key.trim() || (row.existing ? '' : keyFrom(row.text)), text: row.text, required: row.required }));
	};
	const f = form.fields;
	const document = {
		referralCriteria: items('referralCriteria'),
		informationCategories: items('informationCategories').map(({ key, text }) => ({ key, label: text })),
		consent: { formWording: f['consent.formWording'] ?? '', validityMonths: whole(f['consent.validityMonths'] ?? '') },
		targets: {
			referralToDecision: { amount: whole(f['targets.referralToDecision.amount'] ?? ''), unit: f['targets.referralToDecision.unit'] ?? '' },
			acceptanceToFirstConference: { amount: whole(f['targets.acceptanceToFirstConference.amount'] ?? ''), unit: f['targets.acceptanceToFirstConference.unit'] ?? '' }
		},
		reviewIntervalWeeks: whole(f.reviewIntervalWeeks ?? ''),
		maxCaseLengthMonths: whole(f.maxCaseLengthMonths ?? ''),
		requiredParticipants: form.requiredParticipants,
		facilitatorMustBeIndependent: f.facilitatorMustBeIndependent === 'yes',
		planDomains: items('planDomains').map(({ key, text }) => ({ key, label: text })),
		closureReasons: items('closureReasons').map(({ key, text }) => ({ key, label: text })),
		feedbackQuestions: items('feedbackQuestions').map(({ key, text }) => ({ key, text })),
		accessLogShowsStaffNames: f.accessLogShowsStaffNames === 'yes',
		retentionMonthsAfterClosure: whole(f.retentionMonthsAfterClosure ?? '')
	};
	return { document, rowOf };
}

/**
 * The procedure's messages under the form's names: "document.planDomains.6.key" becomes the
 * key of the form row that item came from; "document.reviewIntervalWeeks" becomes "reviewIntervalWeeks".
 * A key used twice is reported on the later item; when one of the two is a saved row (whose key
 * cannot be edited), the message goes to the new row instead, where it can be fixed.
 */
export function renumberErrors(fieldErrors: Record<string, string[]>, rowOf: Record<ListName, number[]>, form: ProtocolForm): Record<string, string[]> {
	const renamed: Record<string, string[]> = {};
	for (const [key, messages] of Object.entries(fieldErrors)) {
		let name = key.replace(/^document\.?/, '');
		const match = /^([A-Za-z]+)\.(\d+)(\..*)?$/.exec(name);
		if (match && (LISTS as readonly string[]).includes(match[1])) {
			const list = match[1] as ListName;
			let row = rowOf[list]?.[Number(match[2])];
			const rows = form.lists[list];
			if (row !== undefined && match[3] === '.key' && rows[row].existing) {
				const kept = new Set(rowOf[list]);
				const fresh = rows.findIndex((r, i) => !r.existing && kept.has(i) && r.key.trim() === rows[row!].key);
				if (fresh >= 0) row = fresh;
			}
			if (row !== undefined) name = `${list}.${row}${match[3] ?? ''}`;
		}
		if (name.startsWith('requiredParticipants.')) name = 'requiredParticipants';
		(renamed[name] ??= []).push(...messages);
	}
	return renamed;
}

/** The element each message's link in the error summary goes to. */
export function fieldIdFor(name: string): string {
	if (name === '') return 'protocol-form';
	return name.replaceAll('.', '-');
}

const listWords: Record<ListName, { name: string; item: string }> = {
	referralCriteria: { name: 'Referral criteria', item: 'Referral criterion' },
	informationCategories: { name: 'Kinds of information', item: 'Kind of information' },
	planDomains: { name: 'Action-plan areas', item: 'Action-plan area' },
	closureReasons: { name: 'Closure reasons', item: 'Closure reason' },
	feedbackQuestions: { name: 'Feedback questions', item: 'Feedback question' }
};

const fieldWords: Record<string, string> = {
	consent: 'Consent',
	'consent.formWording': 'Consent form wording',
	'consent.validityMonths': 'How long consent lasts',
	targets: 'Targets',
	'targets.referralToDecision': 'Target from referral to decision',
	'targets.referralToDecision.amount': 'Target from referral to decision',
	'targets.referralToDecision.unit': 'Target from referral to decision',
	'targets.acceptanceToFirstConference': 'Target from acceptance to first conference',
	'targets.acceptanceToFirstConference.amount': 'Target from acceptance to first conference',
	'targets.acceptanceToFirstConference.unit': 'Target from acceptance to first conference',
	reviewIntervalWeeks: 'Review interval',
	maxCaseLengthMonths: 'Longest case',
	requiredParticipants: 'Who must attend a conference',
	facilitatorMustBeIndependent: 'Independent facilitator',
	accessLogShowsStaffNames: 'Staff names in the family’s access log',
	retentionMonthsAfterClosure: 'How long closed cases are kept'
};

/** A document path in words, for messages about a file: "referralCriteria.2.text" → "Referral criterion 3, text". */
export function pathWords(path: string): string {
	const match = /^([A-Za-z]+)(?:\.(\d+)(?:\.(\w+))?)?$/.exec(path);
	if (match && match[1] in listWords) {
		const words = listWords[match[1] as ListName];
		if (match[2] === undefined) return words.name;
		return `${words.item} ${Number(match[2]) + 1}${match[3] ? `, ${match[3]}` : ''}`;
	}
	return fieldWords[path] ?? fieldWords[path.replace(/\.\d+$/, '')] ?? path;
}

/**
 * An imported file's messages are about parts of a document nobody sees on this page: each says
 * which part, and all are shown beside the file.
 */
export function importErrors(fieldErrors: Record<string, string[]>): Record<string, string[]> {
	const messages: string[] = [];
	for (const [path, list] of Object.entries(fieldErrors)) {
		if (path === 'json' || path === 'lmgId') messages.push(...list);
		else messages.push(...list.map((m) => `${path === '' ? 'The file' : pathWords(path)}: ${m}`));
	}
	return messages.length > 0 ? { json: messages } : {};
}
