import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import { csvResponse } from '../../report-load';

/** The regional comparison as a CSV file (report.compareCsv: administrators only, same suppression as the page). */
export const GET: RequestHandler = async (event) => {
	const params = event.url.searchParams;
	try {
		return csvResponse(await loadOrFail(() => callerFor(event).report.compareCsv({ from: params.get('from') ?? '', to: params.get('to') ?? '' })));
	} catch (cause) {
		if (cause instanceof TRPCError && cause.code === 'BAD_REQUEST') error(400, 'Choose a period (first and last day) to download.');
		throw cause;
	}
};
