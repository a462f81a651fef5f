import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction, type FormFailure } from '$lib/server/forms';
import type { ActionStatus } from '$lib/server/db/schema';
import { actionIsBlank, goalIsBlank, rowsFromValues } from '$lib/components/PlanRows';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const caseId = event.params.id;
	const plan = await loadOrFail(() => caller.plan.get({ caseId }));
	// The people and agencies to choose from, only for someone who may change the plan.
	const options = plan.canEdit ? await loadOrFail(() => caller.conference.options({ caseId })) : null;
	return { plan, options };
};

/** A rating as a number; anything else becomes -1, so the procedure's own "Rate from 0 to 10" is what the person reads. */
function rating(text: string): number {
	return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : -1;
}

export const actions: Actions = {
	save: async (event) => {
		const values = formValues(await event.request.formData());
		const rows = rowsFromValues(values);
		const goalRows = rows.goals.map((g, row) => ({ g, row })).filter(({ g }) => !goalIsBlank(g) && !g.remove);
		const actionRows = rows.actions.map((a, row) => ({ a, row })).filter(({ a }) => !actionIsBlank(a) && !a.remove);
		// A new goal gets its key here, so the actions typed beside it can point at it.
		const goalKeys = new Map(goalRows.map(({ g, row }) => [`row:${row}`, g.key || `g-${crypto.randomUUID().slice(0, 8)}`]));
		const result = await runFormAction('save', values, () =>
			callerFor(event).plan.save({
				caseId: event.params.id,
				baseVersion: Number(values.baseVersion ?? 0),
				goals: goalRows.map(({ g, row }) => ({
					key: goalKeys.get(`row:${row}`),
					text: g.text,
					domain: g.domain,
					category: g.category,
					rating: rating(g.rating)
				})),
				actions: actionRows.map(({ a }) => ({
					key: a.key || undefined,
					// A goal row left empty or removed is not in the plan: the procedure says so.
					goalKey: a.goal ? (goalKeys.get(a.goal) ?? a.goal) : null,
					description: a.description,
					category: a.category,
					responsibleAgencyId: a.responsibleAgencyId || null,
					responsibleMemberId: a.responsibleMemberId || null,
					workerId: a.workerId || null,
					dueOn: a.dueOn,
					// Unchecked here on purpose: the procedure's schema validates every field.
					status: (a.status || undefined) as ActionStatus | undefined
				}))
			})
		);
		if ('version' in result) redirect(303, `/cases/${event.params.id}/plan?saved=${result.version}`);
		const failure = renumber(result, goalRows.map((r) => r.row), actionRows.map((r) => r.row));
		// Someone else saved first: the page shows the newer version beside what this person typed.
		return fail(failure.status, { ...failure.data, conflict: failure.status === 409 });
	}
};

/** The procedure numbers the rows it was sent; the form numbers every row it showed. */
function renumber(failure: ActionFailure<FormFailure>, goalRowOf: number[], actionRowOf: number[]) {
	const fieldErrors: Record<string, string[]> = {};
	for (const [key, messages] of Object.entries(failure.data.fieldErrors)) {
		const match = /^(goals|actions)\.(\d+)(\..*)?$/.exec(key);
		const rowOf = match?.[1] === 'goals' ? goalRowOf : actionRowOf;
		let renamed = match && rowOf[Number(match[2])] !== undefined ? `${match[1]}.${rowOf[Number(match[2])]}${match[3] ?? ''}` : key;
		// The form's goal field for an action is "goal"; the procedure's is "goalKey".
		renamed = renamed.replace(/^(actions\.\d+)\.goalKey$/, '$1.goal');
		(fieldErrors[renamed] ??= []).push(...messages);
	}
	failure.data.fieldErrors = fieldErrors;
	return failure;
}
