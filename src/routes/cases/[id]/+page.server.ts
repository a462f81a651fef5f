import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const caseId = event.params.id;
	// One after the other: a refused case.get ends here, with one denied row in the audit log.
	const familyCase = await loadOrFail(() => caller.case.get({ caseId }));
	const timeline = await loadOrFail(() => caller.case.timeline({ caseId }));
	// The agencies and workers the coordinator's lead-agency and handover forms choose from.
	const options = familyCase.access.via === 'coordinator' && familyCase.status !== 'closed' ? await loadOrFail(() => caller.conference.options({ caseId })) : null;
	return {
		familyCase,
		timeline,
		options: options ? { agencies: options.agencies, workers: options.workers } : null,
		opened: event.url.searchParams.has('opened'),
		today: new Date().toLocaleDateString('en-CA', { timeZone: familyCase.lmg.timezone })
	};
};

export const actions: Actions = {
	/** The code appears once, in this answer only: never in the address, a notification or the log. */
	inviteFamily: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('inviteFamily', values, async () => {
			const invitation = await callerFor(event).family.invite({ caseId: event.params.id, familyMemberId: values.familyMemberId ?? '' });
			return { invitation };
		});
	},
	addNote: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('addNote', values, async () => {
			await callerFor(event).case.addNote({ caseId: event.params.id, category: values.category ?? '', body: values.body ?? '', notedOn: values.notedOn || undefined });
			return { done: 'Your note is added.' };
		});
	},
	setLeadAgency: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('setLeadAgency', values, async () => {
			await callerFor(event).case.setLeadAgency({ caseId: event.params.id, agencyId: values.agencyId ?? '', leadWorkerId: values.leadWorkerId ?? '', reason: values.reason ?? '' });
			return { done: 'The lead agency is appointed. The lead worker is told.' };
		});
	},
	proposeHandover: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('proposeHandover', values, async () => {
			await callerFor(event).case.proposeHandover({ caseId: event.params.id, toAgencyId: values.toAgencyId ?? '', reason: values.reason ?? '', note: values.note || undefined });
			return { done: 'The handover is proposed. Nothing changes until the agency accepts it.' };
		});
	},
	acceptHandover: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('acceptHandover', values, async () => {
			await callerFor(event).case.acceptHandover({ handoverId: values.handoverId ?? '' });
			return { done: 'Your agency now leads this case, and you are its lead worker. The coordinator is told.' };
		});
	},
	declineHandover: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('declineHandover', values, async () => {
			await callerFor(event).case.declineHandover({ handoverId: values.handoverId ?? '', reason: values.reason ?? '' });
			return { done: 'The handover is declined. The coordinator is told, with your reason.' };
		});
	},
	raiseConcern: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('raiseConcern', values, async () => {
			await callerFor(event).case.raiseConcern({
				caseId: event.params.id,
				description: values.description ?? '',
				statutoryReferralTo: values.statutoryReferralTo ?? '',
				statutoryReferralOn: values.statutoryReferralOn ?? ''
			});
			return { done: 'The safety concern is recorded. The coordinator is told at once.' };
		});
	},
	writeClosingReport: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('writeClosingReport', values, async () => {
			await callerFor(event).case.writeClosingReport({ caseId: event.params.id, report: values.report ?? '' });
			return { done: 'The closing report is saved.' };
		});
	},
	close: async (event) => {
		const values = formValues(await event.request.formData());
		// Each feedback question sends feedback.<key>; unanswered ones are sent empty and not kept.
		const feedback = Object.entries(values).flatMap(([k, answer]) => {
			const key = /^feedback\.(.+)$/.exec(k)?.[1];
			return key ? [{ questionKey: key, answer }] : [];
		});
		const result = await runFormAction('close', values, async () => {
			await callerFor(event).case.close({ caseId: event.params.id, reason: values.reason ?? '', feedback });
			return { done: 'The case is closed. It can no longer change.' };
		});
		if ('done' in result) return result;
		// The procedure numbers answers in the order sent; the form shows each under its question.
		const fieldErrors: Record<string, string[]> = {};
		for (const [field, messages] of Object.entries(result.data.fieldErrors)) {
			const match = /^feedback\.(\d+)\./.exec(field);
			const renamed = match && feedback[Number(match[1])] ? `feedback.${feedback[Number(match[1])].questionKey}` : field;
			(fieldErrors[renamed] ??= []).push(...messages);
		}
		result.data.fieldErrors = fieldErrors;
		return result;
	}
};
