import { z } from 'zod';
import { changePassword, INVALID_LOGIN_MESSAGE, login, logout, throttledMessage } from '../../auth/login';
import { PASSWORD_MIN_LENGTH } from '../../auth/password';
import { TooManyAttemptsError, UnauthenticatedError } from '../../domain/errors';
import { protectedProcedure, publicProcedure, router } from '../init';

export const loginInput = z.object({
	email: z.string().trim().min(1, 'Enter your email address').max(200),
	password: z.string().min(1, 'Enter your password').max(200)
});

export const authRouter = router({
	// login audits the refusals it decides (throttled, invalid) and they come back marked; a refusal
	// before it runs (malformed input) is the middleware's to audit.
	login: publicProcedure
		.input(loginInput)
		.mutation(async ({ ctx, input }) => {
			const outcome = await login(ctx.app, { ...input, ...ctx.request });
			if (outcome.kind === 'throttled') throw new TooManyAttemptsError(throttledMessage(outcome.retryAfterSeconds), outcome.retryAfterSeconds).markAudited();
			if (outcome.kind === 'invalid') throw new UnauthenticatedError(INVALID_LOGIN_MESSAGE).markAudited();
			ctx.cookies.set(outcome.token, outcome.session.expiresAt);
			return { name: outcome.user.name, roles: outcome.user.roles };
		}),

	logout: protectedProcedure.mutation(async ({ ctx }) => {
		await logout(ctx.app, ctx.user, ctx.session.id);
		ctx.cookies.clear();
		return { signedOut: true };
	}),

	// A refusal before the check of the current password (no session, bad input) is the middleware's to audit; the refusals changePassword audits come back marked.
	changePassword: protectedProcedure
		.input(
			z.object({
				currentPassword: z.string().min(1, 'Enter your current password').max(200),
				newPassword: z.string().min(PASSWORD_MIN_LENGTH, `Choose a new password of at least ${PASSWORD_MIN_LENGTH} characters`).max(200)
			})
		)
		.mutation(async ({ ctx, input }) => {
			const { token, session } = await changePassword(ctx.app, ctx.user, { ...input, ...ctx.request });
			ctx.cookies.set(token, session.expiresAt);
			return { changed: true };
		}),

	me: protectedProcedure.query(({ ctx }) => ({
		id: ctx.user.userId,
		name: ctx.user.name,
		email: ctx.user.email,
		roles: ctx.user.roles,
		agencyId: ctx.user.agencyId
	}))
});
