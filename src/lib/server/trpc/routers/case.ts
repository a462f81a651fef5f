import * as cases from '../../domain/case/case.service';
import { addNoteInput, listCasesInput } from '../../domain/case/case.schema';
import { caseIdInput } from '../../domain/consent/consent.schema';
import { protectedProcedure, router } from '../init';

/** Case procedures are open to every signed-in person; the consent gate inside each decides. */
export const caseRouter = router({
	list: protectedProcedure.input(listCasesInput).query(({ ctx, input }) => cases.listCases(ctx.app, ctx.user, input)),
	get: protectedProcedure.input(caseIdInput).query(({ ctx, input }) => cases.getCase(ctx.app, ctx.user, input.caseId)),
	timeline: protectedProcedure.input(caseIdInput).query(({ ctx, input }) => cases.caseTimeline(ctx.app, ctx.user, input.caseId)),
	addNote: protectedProcedure.input(addNoteInput).mutation(({ ctx, input }) => cases.addNote(ctx.app, ctx.user, input))
});
