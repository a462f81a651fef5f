import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import {
	ConflictError,
	DomainError,
	ForbiddenError,
	NotFoundError,
	TooManyAttemptsError,
	UnauthenticatedError,
	ValidationError
} from '../domain/errors';
import { newErrorId } from '../unexpected-error';

/** The one place domain errors become tRPC codes. */
export function toTRPCError(error: DomainError): TRPCError {
	const code: TRPC_ERROR_CODE_KEY =
		error instanceof NotFoundError
			? 'NOT_FOUND'
			: error instanceof ForbiddenError
				? 'FORBIDDEN'
				: error instanceof ValidationError
					? 'BAD_REQUEST'
					: error instanceof ConflictError
						? 'CONFLICT'
						: error instanceof TooManyAttemptsError
							? 'TOO_MANY_REQUESTS'
							: error instanceof UnauthenticatedError
								? 'UNAUTHORIZED'
								: 'INTERNAL_SERVER_ERROR';
	return new TRPCError({ code, message: error.message, cause: error });
}

const errorIds = new WeakMap<object, string>();

/** The error's id (newErrorId), the same each time it is asked for. */
export function errorIdOf(error: object): string {
	let id = errorIds.get(error);
	if (!id) {
		id = newErrorId();
		errorIds.set(error, id);
	}
	return id;
}

type ValidationIssue = { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string };

function isIssueList(value: unknown): value is { issues: ValidationIssue[] } {
	return typeof value === 'object' && value !== null && Array.isArray((value as { issues?: unknown }).issues);
}

function issuePath(issue: ValidationIssue): string {
	return (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
}

/** Field messages keyed by dotted path ("roles.0.lmgId"), "" for the input as a whole. */
export function fieldErrorsOf(cause: unknown): Record<string, string[]> | null {
	if (cause instanceof ValidationError) return cause.fieldErrors;
	if (!isIssueList(cause)) return null;
	const fields: Record<string, string[]> = {};
	for (const issue of cause.issues) (fields[issuePath(issue)] ??= []).push(issue.message);
	return fields;
}
