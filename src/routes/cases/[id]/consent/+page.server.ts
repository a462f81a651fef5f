import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';
import type { ConsentMethod } from '$lib/server/db/schema';
import { legalBases } from '$lib/server/domain/consent/consent.schema';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const caseId = event.params.id;
	const familyCase = await loadOrFail(() => caller.case.get({ caseId }));
	const consent = await loadOrFail(() => caller.consent.list({ caseId }));
	const params = event.url.searchParams;
	return {
		familyCase,
		consent,
		legalBases: Object.entries(legalBases).map(([value, label]) => ({ value, label })),
		/** The first step of a withdrawal (which agency, everything or some kinds), waiting to be confirmed. */
		withdrawal: params.get('withdraw')
			? { agencyId: params.get('withdraw')!, part: params.get('part') === 'some' ? ('some' as const) : ('all' as const), categories: params.getAll('categories') }
			: null,
		withdrawn: params.has('withdrawn')
	};
};

export const actions: Actions = {
	record: async (event) => {
		const data = await event.request.formData();
		const scope = data.getAll('scope').map(String);
		const values: Record<string, string> = { ...formValues(data), scope: scope.join('\n') };
		return runFormAction('record', values, async () => {
			await callerFor(event).consent.record({
				caseId: event.params.id,
				agencyId: values.agencyId ?? '',
				// Unchecked here on purpose: the procedure's schema validates every field.
				decision: values.decision as 'granted' | 'declined',
				scope: values.scopeKind === 'some' ? scope : 'all',
				givenByMemberId: values.givenByMemberId ?? '',
				method: values.method as ConsentMethod,
				validFrom: values.validFrom || undefined,
				validUntil: values.validUntil || undefined,
				note: values.note || undefined
			});
			return { done: values.decision === 'declined' ? 'The family’s refusal is recorded.' : 'The family’s consent is recorded.' };
		});
	},
	withdraw: async (event) => {
		const data = await event.request.formData();
		const categories = data.getAll('categories').map(String);
		const values = formValues(data);
		const result = await runFormAction('withdraw', values, () =>
			callerFor(event).consent.withdraw({
				caseId: event.params.id,
				agencyId: values.agencyId ?? '',
				categories: values.part === 'some' ? categories : undefined,
				note: values.note || undefined
			})
		);
		if ('withdrawn' in result) redirect(303, `/cases/${event.params.id}/consent?withdrawn=1`);
		return result;
	},
	disclose: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('disclose', values, async () => {
			await callerFor(event).consent.disclose({
				caseId: event.params.id,
				agencyId: values.agencyId ?? '',
				legalBasis: values.legalBasis as keyof typeof legalBases,
				reason: values.reason ?? ''
			});
			return { done: 'The sharing without consent is recorded. It is on the case’s timeline and audit log, and the family sees it in their access log.' };
		});
	}
};
