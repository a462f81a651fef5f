import { redirect, type ActionFailure } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction, type FormFailure } from '$lib/server/forms';
import type { AgreementMethod, MemberKind } from '$lib/server/db/schema';

/** How many member rows the form offers before anyone asks for more. */
const BLANK_MEMBER_ROWS = 4;
const MEMBER_FIELDS = ['name', 'relationship', 'kind', 'dateOfBirth', 'gender', 'school'] as const;

export const load: PageServerLoad = async (event) => {
	const options = await loadOrFail(() => callerFor(event).referral.options());
	const asked = event.url.searchParams.get('lmg');
	// An agency in one LMG has nothing to choose; otherwise the person picks first.
	const lmg = options.lmgs.find((l) => l.id === asked) ?? (options.lmgs.length === 1 ? options.lmgs[0] : null);
	return {
		lmgs: options.lmgs.map((l) => ({ id: l.id, name: l.name })),
		lmg,
		choiceMissing: asked !== null && !lmg,
		blankRows: BLANK_MEMBER_ROWS
	};
};

/** The member rows the person filled in (any field at all), each with the row number it came from. */
function memberRows(values: Record<string, string>) {
	const indexes = new Set<number>();
	for (const key of Object.keys(values)) {
		const match = /^members\.(\d+)\./.exec(key);
		if (match) indexes.add(Number(match[1]));
	}
	return [...indexes]
		.sort((a, b) => a - b)
		.map((row) => ({ row, field: (name: (typeof MEMBER_FIELDS)[number]) => (values[`members.${row}.${name}`] ?? '').trim() }))
		.filter((m) => MEMBER_FIELDS.some((name) => m.field(name) !== ''));
}

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const needs = data.getAll('needs').map(String);
		// Checkboxes send one value each; they are echoed back as one line each.
		const values: Record<string, string> = { ...formValues(data), needs: needs.join('\n') };
		const rows = memberRows(values);
		const result = await runFormAction('createReferral', values, () =>
			callerFor(event).referral.create({
				lmgId: values.lmgId ?? '',
				family: {
					label: values['family.label'] ?? '',
					area: values['family.area'] ?? '',
					languages: (values['family.languages'] ?? '')
						.split(',')
						.map((l) => l.trim())
						.filter(Boolean),
					interpreterNeeded: values['family.interpreterNeeded'] === 'yes',
					culturalIdentity: values['family.culturalIdentity'] || null,
					iwi: values['family.iwi'] || null
				},
				members: rows.map((m) => ({
					name: m.field('name'),
					relationship: m.field('relationship'),
					// Unchecked here on purpose: the procedure's schema validates every field.
					kind: m.field('kind') as MemberKind,
					dateOfBirth: m.field('dateOfBirth') || null,
					gender: m.field('gender') || null,
					school: m.field('school') || null
				})),
				needs,
				summary: values.summary ?? '',
				agreement: { date: values['agreement.date'] ?? '', method: values['agreement.method'] as AgreementMethod }
			})
		);
		if ('id' in result) redirect(303, `/referrals/${result.id}?sent=1`);
		return renumberMemberErrors(result, rows.map((m) => m.row));
	}
};

/** The procedure numbers members among the rows sent; the form numbers every row it showed. */
function renumberMemberErrors(failure: ActionFailure<FormFailure>, rowOf: number[]) {
	const fieldErrors: Record<string, string[]> = {};
	for (const [key, messages] of Object.entries(failure.data.fieldErrors)) {
		const match = /^members\.(\d+)(\..*)?$/.exec(key);
		const renamed = match && rowOf[Number(match[1])] !== undefined ? `members.${rowOf[Number(match[1])]}${match[2] ?? ''}` : key;
		(fieldErrors[renamed] ??= []).push(...messages);
	}
	failure.data.fieldErrors = fieldErrors;
	return failure;
}
