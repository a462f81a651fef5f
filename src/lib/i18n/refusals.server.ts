import { fail, type ActionFailure } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TooManyAttemptsError } from '$lib/server/domain/errors';
import { fieldErrorsOf } from '$lib/server/trpc/errors';

/**
 * A refused portal form, as codes rather than sentences: the page says it in the reader's
 * language. `fields` names the inputs the procedure pointed at; `values` echoes what was typed
 * (never passwords).
 */
export type PortalRefusal = {
	refused: 'invalid' | 'conflict' | 'not_found' | 'forbidden' | 'throttled';
	fields: string[];
	retryAfterMinutes: number | null;
	values: Record<string, string>;
};

const refusalOf: Partial<Record<TRPCError['code'], PortalRefusal['refused']>> = {
	BAD_REQUEST: 'invalid',
	CONFLICT: 'conflict',
	NOT_FOUND: 'not_found',
	FORBIDDEN: 'forbidden',
	TOO_MANY_REQUESTS: 'throttled'
};

/** The text fields of a form as typed; any field whose name mentions a password is left out. */
export function typedValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data.entries()) if (typeof value === 'string' && !/password/i.test(key)) values[key] = value;
	return values;
}

export function refuse(refused: PortalRefusal['refused'], fields: string[], values: Record<string, string>, status = 400): ActionFailure<PortalRefusal> {
	return fail(status, { refused, fields, retryAfterMinutes: null, values });
}

/** Runs one procedure for a portal form; a refusal becomes codes the page translates, anything unexpected goes to the error page. */
export async function runPortalAction<T>(values: Record<string, string>, run: () => Promise<T>): Promise<T | ActionFailure<PortalRefusal>> {
	try {
		return await run();
	} catch (cause) {
		const refused = cause instanceof TRPCError ? refusalOf[cause.code] : undefined;
		if (!(cause instanceof TRPCError) || !refused) throw cause;
		const wait = cause.cause instanceof TooManyAttemptsError ? Math.max(1, Math.ceil(cause.cause.retryAfterSeconds / 60)) : null;
		return fail(getHTTPStatusCodeFromError(cause), { refused, fields: Object.keys(fieldErrorsOf(cause.cause) ?? {}), retryAfterMinutes: wait, values });
	}
}
