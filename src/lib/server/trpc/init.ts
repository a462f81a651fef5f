/**
 * tRPC setup, in four parts:
 *   1. the root object: transformer and the error shape every client sees
 *   2. the error and audit middleware every procedure runs through
 *   3. base procedures: public, signed-in, and one per role, each narrowing the context
 *   4. exports: only the builders routers are meant to use
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { transformer } from './transformer';
import { hasRole, lmgIdsWhere, type Role } from '../domain/actor';
import { recordAudit } from '../domain/audit/audit.service';
import { DomainError, ValidationError } from '../domain/errors';
import type { Context } from './context';
import { errorIdOf, fieldErrorsOf, toTRPCError } from './errors';

// ── 1. Root ─────────────────────────────────────────────────────────────────

const t = initTRPC
	.context<Context>()
	.create({
		transformer,
		// Never put stack traces in responses, whatever NODE_ENV says.
		isDev: false,
		errorFormatter({ shape, error }) {
			const errorId = errorIdOf(error);
			const fieldErrors = fieldErrorsOf(error.cause);
			let message = shape.message;
			if (error.code === 'INTERNAL_SERVER_ERROR') {
				// The real message may hold SQL or internals: it goes to the log, not the client.
				message = `Something went wrong on our side. Nothing was changed. If it keeps happening, quote error ${errorId}.`;
			} else if (fieldErrors && !(error.cause instanceof ValidationError)) {
				message =
					'Please check: ' +
					Object.entries(fieldErrors)
						.map(([field, messages]) => (field ? `${field}: ${messages.join(', ')}` : messages.join(', ')))
						.join('; ');
			}
			return {
				code: shape.code,
				message,
				data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, errorId, fieldErrors }
			};
		}
	});

// ── 2. Middleware ───────────────────────────────────────────────────────────

/**
 * Turns domain errors into tRPC codes, and writes one audit row for every refused or failed
 * call — after any transaction has rolled back, so a rejected call writes nothing but that row.
 */
const errorsAndAudit = t.middleware(async ({ ctx, next, path }) => {
	const result = await next();
	if (result.ok) return result;

	const cause = result.error.cause;
	const error = cause instanceof DomainError ? toTRPCError(cause) : result.error;
	// A service that audited a refusal itself marks the error (DomainError.markAudited).
	const alreadyAudited = cause instanceof DomainError && cause.audited;
	if (!alreadyAudited) {
		try {
			await recordAudit(ctx.app.db, {
				at: ctx.app.clock.now(),
				actor: ctx.user,
				procedure: path,
				outcome: error.code === 'INTERNAL_SERVER_ERROR' ? 'failed' : 'denied',
				detail: error.code,
				address: ctx.request.address
			});
		} catch (auditError) {
			ctx.app.log.error({ err: auditError, path }, 'could not write the audit row for a refused call');
		}
	}
	throw error;
});

// ── 3. Base procedures ──────────────────────────────────────────────────────

export const publicProcedure = t.procedure.use(errorsAndAudit);

/**
 * Signed in: the context's user and session are no longer null. The user carries the request's
 * address from here on, so every audit row a service writes says where the call came from.
 */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
	if (!ctx.user || !ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
	return next({ ctx: { user: { ...ctx.user, address: ctx.request.address }, session: ctx.session } });
});

function requireRole(role: Role) {
	return protectedProcedure.use(({ ctx, next }) => {
		if (!hasRole(ctx.user, role)) throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this.' });
		return next({ ctx: { role } });
	});
}

export const adminProcedure = requireRole('admin');

/** An LMG member: the context carries the LMGs they may act for. */
export const lmgAdminProcedure = requireRole('lmg_admin').use(({ ctx, next }) =>
	next({ ctx: { lmgIds: lmgIdsWhere(ctx.user, 'lmg_admin') } })
);

/** A coordinator: the context carries the LMGs they coordinate. */
export const coordinatorProcedure = requireRole('coordinator').use(({ ctx, next }) =>
	next({ ctx: { lmgIds: lmgIdsWhere(ctx.user, 'coordinator') } })
);

/** An agency worker: the context carries their agency, never null here. */
export const agencyWorkerProcedure = requireRole('agency_worker').use(({ ctx, next }) => {
	if (!ctx.user.agencyId) throw new TRPCError({ code: 'FORBIDDEN', message: 'Your account is not linked to an agency.' });
	return next({ ctx: { agencyId: ctx.user.agencyId } });
});

/**
 * Case work: coordinators and agency workers. The role check is all this does — whether this
 * person may see this case is for the consent gate inside each service to decide.
 */
export const caseWorkerProcedure = protectedProcedure.use(({ ctx, next }) => {
	if (!hasRole(ctx.user, 'coordinator') && !hasRole(ctx.user, 'agency_worker')) {
		throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not include case work.' });
	}
	return next();
});

/** A family member: the context carries which member of which family they are. */
export const familyProcedure = requireRole('family').use(({ ctx, next }) => {
	if (!ctx.user.familyMemberId) throw new TRPCError({ code: 'FORBIDDEN', message: 'Your account is not linked to a family.' });
	return next({ ctx: { familyMemberId: ctx.user.familyMemberId } });
});

// ── 4. Exports ──────────────────────────────────────────────────────────────

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
