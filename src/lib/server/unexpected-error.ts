import type { Logger } from './log';

/** What a person is shown when a request fails unexpectedly: a plain message and an id to quote. */
export type UnexpectedErrorBody = { message: string; errorId: string };

/** A short id that ties what the person sees to the log line an operator will look for. */
export function newErrorId(): string {
	return crypto.randomUUID().replaceAll('-', '').slice(0, 12);
}

/**
 * An unexpected failure outside the API's procedures: logged with an id, shown with the same id
 * and nothing else. hooks.server.ts's handleError and the direct API path (direct-api.ts) both
 * answer through this.
 */
export function unexpectedError(log: Logger, error: unknown, path: string): UnexpectedErrorBody {
	const errorId = newErrorId();
	log.error({ errorId, path, err: error }, 'request failed');
	return { message: 'Something went wrong on our side. Please try again in a moment.', errorId };
}
