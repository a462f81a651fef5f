import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { csvResponse } from '../../report-load';

/**
 * One table of the report as a CSV file, with the same suppression as the page (report.csv).
 * A refusal is a 403 or 404 like the page; a malformed table or period is a 400.
 */
export const GET: RequestHandler = async (event) => {
	const params = event.url.searchParams;
	const input = {
		lmgId: event.params.lmgId,
		// Unchecked here on purpose: the procedure's schema validates every field.
		table: (params.get('table') ?? '') as 'referrals',
		from: params.get('from') ?? '',
		to: params.get('to') ?? ''
	};
	let exported: { filename: string; csv: string };
	try {
		exported = await loadOrFail(() => callerFor(event).report.csv(input));
	} catch (cause) {
		if (cause instanceof TRPCError && cause.code === 'BAD_REQUEST') error(400, 'Choose a table and a period (first and last day) to download.');
		throw cause;
	}
	return csvResponse(exported);
};
