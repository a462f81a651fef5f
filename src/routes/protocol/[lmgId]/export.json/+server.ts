import type { RequestHandler } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';

/** The protocol in force as a file to download, for another LMG to import. */
export const GET: RequestHandler = async (event) => {
	const exported = await loadOrFail(() => callerFor(event).protocol.export({ lmgId: event.params.lmgId }));
	const name = exported.exportedFrom
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return new Response(`${JSON.stringify(exported, null, 2)}\n`, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="tautoko-protocol-${name}.json"`
		}
	});
};
