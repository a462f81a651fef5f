import { redirect, type ActionFailure } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction, type FormFailure } from '$lib/server/forms';
import type { CriterionMet } from '$lib/server/db/schema';

export const load: PageServerLoad = async (event) => ({
	referral: await loadOrFail(() => callerFor(event).referral.get({ referralId: event.params.id })),
	sent: event.url.searchParams.has('sent'),
	withdrawn: event.url.searchParams.has('withdrawn'),
	confirmWithdraw: event.url.searchParams.get('confirm') === 'withdraw'
});

export const actions: Actions = {
	assess: async (event) => {
		const values = formValues(await event.request.formData());
		// Each criterion sends met.<key> (a radio) and note.<key>; a criterion left untouched is not sent on.
		const keys = [...new Set(Object.keys(values).flatMap((k) => /^(?:met|note)\.(.+)$/.exec(k)?.[1] ?? []))].filter(
			(key) => (values[`met.${key}`] ?? '') !== '' || (values[`note.${key}`] ?? '').trim() !== ''
		);
		const result = await runFormAction('assess', values, async () => {
			await callerFor(event).referral.assess({
				referralId: event.params.id,
				answers: keys.map((key) => ({
					criterionKey: key,
					// Unchecked here on purpose: the procedure's schema validates every answer.
					met: values[`met.${key}`] as CriterionMet,
					note: values[`note.${key}`] || null
				}))
			});
			return { done: 'Your answers are saved.' };
		});
		return 'done' in result ? result : answersByCriterion(result, keys);
	},
	accept: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await runFormAction('decide', values, () => callerFor(event).referral.decide({ referralId: event.params.id, decision: 'accept' }));
		if ('decision' in result && result.decision === 'accepted') redirect(303, `/cases/${result.caseId}?opened=1`);
		return result;
	},
	decline: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('decline', values, async () => {
			await callerFor(event).referral.decide({ referralId: event.params.id, decision: 'decline', reason: values.reason ?? '' });
			return { done: 'The referral is declined. The referrer has been told, with your reason.' };
		});
	},
	withdraw: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await runFormAction('withdraw', values, () => callerFor(event).referral.withdraw({ referralId: event.params.id }));
		if (result === undefined) redirect(303, `/referrals/${event.params.id}?withdrawn=1`);
		return result;
	}
};

/** The procedure numbers answers in the order sent; the form shows each beside its criterion. */
function answersByCriterion(failure: ActionFailure<FormFailure>, keys: string[]) {
	const fieldErrors: Record<string, string[]> = {};
	for (const [field, messages] of Object.entries(failure.data.fieldErrors)) {
		const match = /^answers\.(\d+)\./.exec(field);
		const renamed = match && keys[Number(match[1])] !== undefined ? `criteria.${keys[Number(match[1])]}` : field;
		(fieldErrors[renamed] ??= []).push(...messages);
	}
	failure.data.fieldErrors = fieldErrors;
	return failure;
}
