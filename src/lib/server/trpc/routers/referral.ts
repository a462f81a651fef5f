import { z } from 'zod';
import * as referrals from '../../domain/referral/referral.service';
import { assessReferralInput, createReferralInput, decideReferralInput, listReferralsInput, referralIdInput } from '../../domain/referral/referral.schema';
import { agencyWorkerProcedure, coordinatorProcedure, caseWorkerProcedure, router } from '../init';

export const referralRouter = router({
	create: agencyWorkerProcedure.input(createReferralInput).mutation(({ ctx, input }) => referrals.createReferral(ctx.app, ctx.user, input)),
	list: caseWorkerProcedure.input(listReferralsInput).query(({ ctx, input }) => referrals.listReferrals(ctx.app, ctx.user, input)),
	get: caseWorkerProcedure.input(referralIdInput).query(({ ctx, input }) => referrals.getReferral(ctx.app, ctx.user, input.referralId)),
	assess: coordinatorProcedure.input(assessReferralInput).mutation(({ ctx, input }) => referrals.assessReferral(ctx.app, ctx.user, input)),
	decide: coordinatorProcedure.input(decideReferralInput).mutation(({ ctx, input }) => referrals.decideReferral(ctx.app, ctx.user, input)),
	withdraw: agencyWorkerProcedure.input(referralIdInput).mutation(({ ctx, input }) => referrals.withdrawReferral(ctx.app, ctx.user, input.referralId)),
	/** The LMGs the worker's agency may refer to, with each one's kinds of need (its protocol's categories). */
	options: agencyWorkerProcedure.input(z.void()).query(({ ctx }) => referrals.referralOptions(ctx.app, ctx.agencyId))
});
