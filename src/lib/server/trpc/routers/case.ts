import * as lifecycle from '../../domain/case/case-lifecycle.service';
import * as cases from '../../domain/case/case.service';
import {
	addNoteInput,
	closeCaseInput,
	closingReportInput,
	declineHandoverInput,
	listCasesInput,
	proposeHandoverInput,
	raiseConcernInput,
	respondToHandoverInput,
	setLeadAgencyInput
} from '../../domain/case/case.schema';
import { caseIdInput } from '../../domain/consent/consent.schema';
import { moveCaseToNewestProtocol } from '../../domain/protocol/protocol-editor.service';
import { moveCaseInput } from '../../domain/protocol/protocol-editor.schema';
import { agencyWorkerProcedure, caseWorkerProcedure, coordinatorProcedure, router } from '../init';

/** Case procedures are for case workers; the consent gate inside each decides which cases. */
export const caseRouter = router({
	list: caseWorkerProcedure.input(listCasesInput).query(({ ctx, input }) => cases.listCases(ctx.app, ctx.user, input)),
	filterOptions: caseWorkerProcedure.query(({ ctx }) => cases.caseFilterOptions(ctx.app, ctx.user)),
	protocol: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => cases.caseProtocol(ctx.app, ctx.user, input.caseId)),
	get: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => cases.getCase(ctx.app, ctx.user, input.caseId)),
	timeline: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => cases.caseTimeline(ctx.app, ctx.user, input.caseId)),
	addNote: caseWorkerProcedure.input(addNoteInput).mutation(({ ctx, input }) => cases.addNote(ctx.app, ctx.user, input)),
	setLeadAgency: coordinatorProcedure.input(setLeadAgencyInput).mutation(({ ctx, input }) => lifecycle.setLeadAgency(ctx.app, ctx.user, input)),
	proposeHandover: coordinatorProcedure.input(proposeHandoverInput).mutation(({ ctx, input }) => lifecycle.proposeHandover(ctx.app, ctx.user, input)),
	acceptHandover: agencyWorkerProcedure.input(respondToHandoverInput).mutation(({ ctx, input }) => lifecycle.acceptHandover(ctx.app, ctx.user, input)),
	declineHandover: agencyWorkerProcedure.input(declineHandoverInput).mutation(({ ctx, input }) => lifecycle.declineHandover(ctx.app, ctx.user, input)),
	// The lead worker as well as the coordinator: the service checks which.
	raiseConcern: caseWorkerProcedure.input(raiseConcernInput).mutation(({ ctx, input }) => lifecycle.raiseConcern(ctx.app, ctx.user, input)),
	writeClosingReport: caseWorkerProcedure.input(closingReportInput).mutation(({ ctx, input }) => lifecycle.writeClosingReport(ctx.app, ctx.user, input)),
	close: coordinatorProcedure.input(closeCaseInput).mutation(({ ctx, input }) => lifecycle.closeCase(ctx.app, ctx.user, input)),
	moveToNewestProtocol: coordinatorProcedure.input(moveCaseInput).mutation(({ ctx, input }) => moveCaseToNewestProtocol(ctx.app, ctx.user, input))
});
