import { error, fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { fieldErrorsOf } from './trpc/errors';

/** What a refused form gets back: a message, the fields to fix, and what the person typed (never passwords). */
export type FormFailure = { formName: string; message: string; fieldErrors: Record<string, string[]>; values: Record<string, string> };

/** The text fields of a form, trimmed; fields whose name mentions a password are left out of what is echoed back. */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data.entries()) {
		if (typeof value === 'string' && !/password/i.test(key)) values[key] = value;
	}
	return values;
}

/**
 * Runs one procedure for a form action (`formName` tells the page which of its forms failed). A refusal (bad input, conflict, not found) becomes a
 * form failure the page shows beside the fields; anything unexpected goes to the error page.
 */
export async function runFormAction<T>(
	formName: string,
	values: Record<string, string>,
	run: () => Promise<T>
): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await run();
	} catch (cause) {
		if (cause instanceof TRPCError && cause.code !== 'INTERNAL_SERVER_ERROR') {
			const fieldErrors = fieldErrorsOf(cause.cause) ?? {};
			const message = cause.code === 'BAD_REQUEST' ? 'Some answers need changing before this can be saved.' : cause.message;
			return fail(getHTTPStatusCodeFromError(cause), { formName, message, fieldErrors, values });
		}
		throw cause;
	}
}

/** Runs one procedure for a page load; refusals become the matching error page. */
export async function loadOrFail<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (cause) {
		if (cause instanceof TRPCError) {
			if (cause.code === 'UNAUTHORIZED') redirect(303, '/login');
			if (cause.code === 'FORBIDDEN') error(403, 'This page is not part of your role in Tautoko.');
			if (cause.code === 'NOT_FOUND') error(404, 'We could not find that page.');
		}
		throw cause;
	}
}
