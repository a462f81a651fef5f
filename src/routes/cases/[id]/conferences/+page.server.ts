import type { ActionFailure } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction, type FormFailure } from '$lib/server/forms';
import type { ConferenceKind } from '$lib/server/db/schema';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const caseId = event.params.id;
	// One after the other: a refused list ends here, with one denied row in the audit log.
	const list = await loadOrFail(() => caller.conference.list({ caseId }));
	// The people to choose from, only for the coordinator's forms.
	const options = list.canSchedule ? await loadOrFail(() => caller.conference.options({ caseId })) : null;
	// Holding agrees the plan as it is now: the version shown here is the one the hold names.
	const running = list.conferences.some((c) => c.canRun);
	const plan = running ? await loadOrFail(() => caller.plan.get({ caseId })) : null;
	return {
		list,
		options,
		planToAgree: plan?.plan ? { version: plan.plan.version, status: plan.plan.status, goals: plan.goals.length, actions: plan.actions.length } : null,
		today: new Date().toLocaleDateString('en-CA', { timeZone: list.timezone })
	};
};

/** Ticked boxes arrive one value each; they are echoed back one a line. */
function listed(data: FormData, name: string): string[] {
	return data.getAll(name).map(String);
}

export const actions: Actions = {
	schedule: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('schedule', values, async () => {
			const result = await callerFor(event).conference.schedule({
				caseId: event.params.id,
				// Unchecked here on purpose: the procedure's schema validates every field.
				kind: values.kind as ConferenceKind,
				date: values.date ?? '',
				time: values.time ?? '',
				location: values.location ?? '',
				facilitatorId: values.facilitatorId ?? ''
			});
			return { done: 'The conference is scheduled. Next, invite the people the family wants there.', warning: result.warning };
		});
	},
	invite: async (event) => {
		const data = await event.request.formData();
		const agencyIds = listed(data, 'agencyIds');
		const workerIds = listed(data, 'workerIds');
		const familyMemberIds = listed(data, 'familyMemberIds');
		const values: Record<string, string> = { ...formValues(data), agencyIds: agencyIds.join('\n'), workerIds: workerIds.join('\n'), familyMemberIds: familyMemberIds.join('\n') };
		return runFormAction('invite', values, async () => {
			await callerFor(event).conference.invite({
				conferenceId: values.conferenceId ?? '',
				agencyIds,
				workerIds,
				familyMemberIds,
				supportPeople: (values.supportPeople ?? '')
					.split(',')
					.map((name) => name.trim())
					.filter(Boolean)
			});
			return { done: 'The invitations are sent. Invited workers are told in Tautoko.' };
		});
	},
	declineWorker: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('declineWorker', values, async () => {
			await callerFor(event).conference.declineWorker({ caseId: event.params.id, userId: values.userId ?? '', reason: values.reason || undefined });
			return { done: 'Recorded: that worker will not be invited to this family’s conferences.' };
		});
	},
	attendance: async (event) => {
		const values = formValues(await event.request.formData());
		// Each invitee sends attendance.<id> (a radio) and apology.<id>; an invitee left untouched is not sent on.
		const inviteeIds = [...new Set(Object.keys(values).flatMap((k) => /^(?:attendance|apology)\.(.+)$/.exec(k)?.[1] ?? []))].filter(
			(id) => (values[`attendance.${id}`] ?? '') !== ''
		);
		const result = await runFormAction('attendance', values, async () => {
			await callerFor(event).conference.recordAttendance({
				conferenceId: values.conferenceId ?? '',
				attendance: inviteeIds.map((inviteeId) => ({
					inviteeId,
					// Unchecked here on purpose: the procedure's schema validates every answer.
					attendance: values[`attendance.${inviteeId}`] as 'present' | 'apologies' | 'absent',
					apologyUpdate: values[`apology.${inviteeId}`] || undefined
				})),
				supportPeople: values.supportPeople ?? '',
				interpreter: values.interpreter ?? '',
				minutes: values.minutes ?? '',
				decisions: values.decisions ?? ''
			});
			return { done: 'Attendance and the record of the meeting are saved.' };
		});
		return 'done' in result ? result : byInvitee(result, inviteeIds);
	},
	hold: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('hold', values, async () => {
			const held = await callerFor(event).conference.hold({ conferenceId: values.conferenceId ?? '', planVersion: Number(values.planVersion ?? 0) });
			return {
				done: `The conference is held. Plan version ${held.planVersion} is agreed and sent to everyone who was there.`,
				nextReviewOn: held.nextReviewOn
			};
		});
	},
	cancel: async (event) => {
		const values = formValues(await event.request.formData());
		return runFormAction('cancel', values, async () => {
			await callerFor(event).conference.cancel({ conferenceId: values.conferenceId ?? '', reason: values.reason ?? '' });
			return { done: 'The conference is cancelled. Invited workers are told, with your reason.' };
		});
	}
};

/** The procedure numbers attendance in the order sent; the form shows each answer beside its person. */
function byInvitee(failure: ActionFailure<FormFailure>, inviteeIds: string[]) {
	const fieldErrors: Record<string, string[]> = {};
	for (const [field, messages] of Object.entries(failure.data.fieldErrors)) {
		const match = /^attendance\.(\d+)\.(.+)$/.exec(field);
		const renamed = match && inviteeIds[Number(match[1])] ? `${match[2] === 'apologyUpdate' ? 'apology' : 'attendance'}.${inviteeIds[Number(match[1])]}` : field;
		(fieldErrors[renamed] ??= []).push(...messages);
	}
	failure.data.fieldErrors = fieldErrors;
	return failure;
}
