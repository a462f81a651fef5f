import { TRPCError } from '@trpc/server';
import { hasRole } from '../../domain/actor';
import * as consent from '../../domain/consent/consent.service';
import { caseIdInput, discloseInput, recordConsentInput, withdrawConsentInput } from '../../domain/consent/consent.schema';
import { portalRegrant, portalWithdraw } from '../../domain/portal/portal.service';
import { portalRegrantInput } from '../../domain/portal/portal.schema';
import { caseWorkerProcedure, coordinatorProcedure, familyProcedure, protectedProcedure, router } from '../init';

export const consentRouter = router({
	list: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => consent.listConsent(ctx.app, ctx.user, input.caseId)),
	record: coordinatorProcedure.input(recordConsentInput).mutation(({ ctx, input }) => consent.recordConsent(ctx.app, ctx.user, input)),
	/**
	 * The coordinator withdraws on a named case; a family member withdraws on their own case,
	 * which is never named by the caller (so a family's call without caseId is the family's own).
	 */
	withdraw: protectedProcedure.input(withdrawConsentInput.partial({ caseId: true })).mutation(({ ctx, input }) => {
		if (input.caseId && hasRole(ctx.user, 'coordinator')) return consent.withdrawConsent(ctx.app, ctx.user, { ...input, caseId: input.caseId });
		if (!input.caseId && hasRole(ctx.user, 'family')) return portalWithdraw(ctx.app, ctx.user, input);
		throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this.' });
	}),
	regrant: familyProcedure.input(portalRegrantInput).mutation(({ ctx, input }) => portalRegrant(ctx.app, ctx.user, input)),
	disclose: coordinatorProcedure.input(discloseInput).mutation(({ ctx, input }) => consent.recordDisclosure(ctx.app, ctx.user, input))
});
