import { z } from 'zod';
import { auditForCase } from '../../domain/audit/case-audit.service';
import { myAccessLog } from '../../domain/portal/portal.service';
import { coordinatorProcedure, familyProcedure, router } from '../init';

export const auditRouter = router({
	forCase: coordinatorProcedure
		.input(z.object({ caseId: z.string().trim().min(1), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(50) }))
		.query(({ ctx, input }) => auditForCase(ctx.app, ctx.user, input)),
	myAccessLog: familyProcedure.query(({ ctx }) => myAccessLog(ctx.app, ctx.user))
});
