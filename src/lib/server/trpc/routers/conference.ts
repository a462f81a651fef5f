import * as conferences from '../../domain/conference/conference.service';
import {
	cancelConferenceInput,
	declineWorkerInput,
	holdConferenceInput,
	inviteInput,
	recordAttendanceInput,
	scheduleConferenceInput
} from '../../domain/conference/conference.schema';
import { caseIdInput } from '../../domain/consent/consent.schema';
import { caseWorkerProcedure, coordinatorProcedure, router } from '../init';

export const conferenceRouter = router({
	schedule: coordinatorProcedure.input(scheduleConferenceInput).mutation(({ ctx, input }) => conferences.scheduleConference(ctx.app, ctx.user, input)),
	invite: coordinatorProcedure.input(inviteInput).mutation(({ ctx, input }) => conferences.inviteToConference(ctx.app, ctx.user, input)),
	declineWorker: coordinatorProcedure.input(declineWorkerInput).mutation(({ ctx, input }) => conferences.declineWorker(ctx.app, ctx.user, input)),
	list: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => conferences.listConferences(ctx.app, ctx.user, input.caseId)),
	options: caseWorkerProcedure.input(caseIdInput).query(({ ctx, input }) => conferences.conferenceOptions(ctx.app, ctx.user, input.caseId)),
	// The facilitator may be an agency worker: the services check coordinator-or-facilitator.
	recordAttendance: caseWorkerProcedure.input(recordAttendanceInput).mutation(({ ctx, input }) => conferences.recordAttendance(ctx.app, ctx.user, input)),
	hold: caseWorkerProcedure.input(holdConferenceInput).mutation(({ ctx, input }) => conferences.holdConference(ctx.app, ctx.user, input)),
	cancel: coordinatorProcedure.input(cancelConferenceInput).mutation(({ ctx, input }) => conferences.cancelConference(ctx.app, ctx.user, input))
});
