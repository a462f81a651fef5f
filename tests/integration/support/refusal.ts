import { TRPCError } from '@trpc/server';

/** Awaits a call that must be refused, and returns the refusal. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof TRPCError) return error;
		throw error;
	}
	throw new Error('expected the call to be refused, but it succeeded');
}

/** The field messages of a BAD_REQUEST, keyed by dotted path. */
export function fieldErrors(error: TRPCError): Record<string, string[]> {
	const cause = error.cause as { issues?: { path: PropertyKey[]; message: string }[]; fieldErrors?: Record<string, string[]> } | undefined;
	if (cause?.fieldErrors) return cause.fieldErrors;
	const fields: Record<string, string[]> = {};
	for (const issue of cause?.issues ?? []) (fields[issue.path.join('.')] ??= []).push(issue.message);
	return fields;
}
