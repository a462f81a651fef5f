import * as cases from '../../domain/case/case.service';
import { addNoteInput, listCasesInput } from '../../domain/case/case.schema';
import { caseIdInput } from '../../domain/consent/consent.schema';
import { caseWorkerProcedure, router } from '../init';

/** Case procedures are for case workers; the consent gate inside each decides which cases. */
export const caseRouter = router({
	list: caseWorkerProcedure.input(listCasesInput).query(({ ctx, input }) => cases.listCases(ctx.app, ctx.user, input)),
	get: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => cases.getCase(ctx.app, ctx.user, input.caseId)),
	timeline: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => cases.caseTimeline(ctx.app, ctx.user, input.caseId)),
	addNote: caseWorkerProcedure.input(addNoteInput).mutation(({ ctx, input }) => cases.addNote(ctx.app, ctx.user, input))
});
