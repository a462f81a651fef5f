import { addFamilyMember, inviteFamilyMember, joinWithCode } from '../../domain/family/family.service';
import { addMemberInput, inviteFamilyInput, joinInput } from '../../domain/family/family.schema';
import * as portal from '../../domain/portal/portal.service';
import { portalDeclineWorkerInput } from '../../domain/portal/portal.schema';
import { coordinatorProcedure, familyProcedure, publicProcedure, router } from '../init';

export const familyRouter = router({
	invite: coordinatorProcedure.input(inviteFamilyInput).mutation(({ ctx, input }) => inviteFamilyMember(ctx.app, ctx.user, input)),
	addMember: coordinatorProcedure.input(addMemberInput).mutation(({ ctx, input }) => addFamilyMember(ctx.app, ctx.user, input)),
	// joinWithCode audits (and marks) the refusals it decides; any other refusal (bad input, an email already taken) is the middleware's to audit.
	join: publicProcedure
		.input(joinInput)
		.mutation(async ({ ctx, input }) => {
			const { token, session, user } = await joinWithCode(ctx.app, input, ctx.request);
			ctx.cookies.set(token, session.expiresAt);
			return { name: user.name };
		})
});

/** The family's own portal: every procedure finds the family's case from the signed-in member. */
export const portalRouter = router({
	overview: familyProcedure.query(({ ctx }) => portal.portalOverview(ctx.app, ctx.user)),
	plan: familyProcedure.query(({ ctx }) => portal.portalPlan(ctx.app, ctx.user)),
	meetings: familyProcedure.query(({ ctx }) => portal.portalMeetings(ctx.app, ctx.user)),
	declineWorker: familyProcedure.input(portalDeclineWorkerInput).mutation(({ ctx, input }) => portal.portalDeclineWorker(ctx.app, ctx.user, input)),
	consents: familyProcedure.query(({ ctx }) => portal.portalConsents(ctx.app, ctx.user))
});
