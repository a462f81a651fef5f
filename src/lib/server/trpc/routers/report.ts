import { compareInput, csvInput, reportInput } from '../../domain/report/report.schema';
import * as reports from '../../domain/report/report.service';
import { adminProcedure, protectedProcedure, router } from '../init';

/** LMG members and coordinators read their own LMG's reports (the service checks which LMG); administrators compare LMGs. */
export const reportRouter = router({
	summary: protectedProcedure.input(reportInput).query(({ ctx, input }) => reports.reportSummary(ctx.app, ctx.user, input)),
	series: protectedProcedure.input(reportInput).query(({ ctx, input }) => reports.reportSeries(ctx.app, ctx.user, input)),
	csv: protectedProcedure.input(csvInput).query(({ ctx, input }) => reports.reportCsv(ctx.app, ctx.user, input)),
	compare: adminProcedure.input(compareInput).query(({ ctx, input }) => reports.compareLmgs(ctx.app, ctx.user, input)),
	compareCsv: adminProcedure.input(compareInput).query(({ ctx, input }) => reports.compareCsv(ctx.app, ctx.user, input))
});
