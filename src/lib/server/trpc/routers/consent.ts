import * as consent from '../../domain/consent/consent.service';
import { caseIdInput, discloseInput, recordConsentInput, withdrawConsentInput } from '../../domain/consent/consent.schema';
import { coordinatorProcedure, caseWorkerProcedure, router } from '../init';

export const consentRouter = router({
	list: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => consent.listConsent(ctx.app, ctx.user, input.caseId)),
	record: coordinatorProcedure.input(recordConsentInput).mutation(({ ctx, input }) => consent.recordConsent(ctx.app, ctx.user, input)),
	withdraw: coordinatorProcedure.input(withdrawConsentInput).mutation(({ ctx, input }) => consent.withdrawConsent(ctx.app, ctx.user, input)),
	disclose: coordinatorProcedure.input(discloseInput).mutation(({ ctx, input }) => consent.recordDisclosure(ctx.app, ctx.user, input))
});
