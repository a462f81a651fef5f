import * as plans from '../../domain/plan/plan.service';
import { getPlanInput, savePlanInput, updateActionInput } from '../../domain/plan/plan.schema';
import { myQueue } from '../../domain/queue/queue.service';
import { caseWorkerProcedure, router } from '../init';

export const planRouter = router({
	get: caseWorkerProcedure.input(getPlanInput).query(({ ctx, input }) => plans.getPlan(ctx.app, ctx.user, input)),
	save: caseWorkerProcedure.input(savePlanInput).mutation(({ ctx, input }) => plans.savePlan(ctx.app, ctx.user, input))
});

export const actionRouter = router({
	update: caseWorkerProcedure.input(updateActionInput).mutation(({ ctx, input }) => plans.updateAction(ctx.app, ctx.user, input))
});

export const queueRouter = router({
	mine: caseWorkerProcedure.query(({ ctx }) => myQueue(ctx.app, ctx.user))
});
