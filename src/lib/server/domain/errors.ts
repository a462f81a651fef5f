/**
 * Domain errors: plain named classes, mapped once to tRPC codes in trpc/errors.ts.
 * Domain code never knows about HTTP.
 */
export class DomainError extends Error {
	/** Set when the service already wrote the audit row for this refusal (with its case id). */
	audited = false;
	constructor(message: string) {
		super(message);
		this.name = new.target.name;
	}
	markAudited(): this {
		this.audited = true;
		return this;
	}
}

/** No such record — or one the caller may not know exists. The two must be indistinguishable. */
export class NotFoundError extends DomainError {
	constructor(what = 'record') {
		super(`No such ${what}.`);
	}
}

/** The caller's role may not do this at all. */
export class ForbiddenError extends DomainError {
	constructor(message = 'You do not have permission to do that.') {
		super(message);
	}
}

/** Input that passed its schema but breaks a rule; fieldErrors name the fields to fix. */
export class ValidationError extends DomainError {
	constructor(
		message: string,
		readonly fieldErrors: Record<string, string[]> = {}
	) {
		super(message);
	}
	static field(field: string, message: string): ValidationError {
		return new ValidationError(message, { [field]: [message] });
	}
}

/** A stale version or a transition the record's state does not allow. */
export class ConflictError extends DomainError {}

export class TooManyAttemptsError extends DomainError {
	constructor(
		message: string,
		readonly retryAfterSeconds: number
	) {
		super(message);
	}
}

export class UnauthenticatedError extends DomainError {
	constructor(message = 'Please sign in.') {
		super(message);
	}
}
