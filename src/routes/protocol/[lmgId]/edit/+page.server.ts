import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { formValues, loadOrFail, runFormAction } from '$lib/server/forms';
import { documentFromForm, formFromDocument, formFromValues, importErrors, renumberErrors } from './protocol-form';

export const load: PageServerLoad = async (event) => {
	const protocol = await loadOrFail(() => callerFor(event).protocol.get({ lmgId: event.params.lmgId }));
	if (!protocol.canEdit) error(403, 'Only this LMG’s members can change its protocol. You can read it.');
	// The draft if there is one, else the version in force: the next version starts from it.
	return { protocol, form: formFromDocument(protocol.draft?.document ?? protocol.current.document) };
};

type SaveDraft = Parameters<ReturnType<typeof callerFor>['protocol']['saveDraft']>[0];

export const actions: Actions = {
	save: async (event) => {
		const data = await event.request.formData();
		const lmgId = event.params.lmgId;
		const values: Record<string, string> = { ...formValues(data), requiredParticipants: data.getAll('requiredParticipants').map(String).join('\n') };
		const sent = formFromValues(values);
		const { document, rowOf } = documentFromForm(sent);
		const result = await runFormAction('save', values, async () => {
			// Unchecked here on purpose: the procedure's schema validates every field.
			await callerFor(event).protocol.saveDraft({ lmgId, document: document as SaveDraft['document'] });
			return { saved: true as const };
		});
		if ('saved' in result) redirect(303, `/protocol/${lmgId}?saved=1`);
		result.data.fieldErrors = renumberErrors(result.data.fieldErrors, rowOf, sent);
		return result;
	},
	import: async (event) => {
		const data = await event.request.formData();
		const lmgId = event.params.lmgId;
		const values = formValues(data);
		const file = data.get('file');
		const json = file instanceof File && file.size > 0 ? await file.text() : (values.json ?? '');
		const result = await runFormAction('import', values, async () => {
			await callerFor(event).protocol.import({ lmgId, json });
			return { imported: true as const };
		});
		if ('imported' in result) redirect(303, `/protocol/${lmgId}?imported=1`);
		result.data.fieldErrors = importErrors(result.data.fieldErrors);
		return result;
	}
};
