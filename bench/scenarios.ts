/** The procedures the bench drives, with the inputs the pages send. Shared by run.ts and explain.ts. */
import { addMonths, format, parseISO } from 'date-fns';
import { localDate } from '../src/lib/server/domain/deadlines/deadlines';

/** The reports page's default period: the twelve months to today, from the first of the month (report-load.ts). */
export function defaultReportPeriod(now: Date, timeZone = 'Pacific/Auckland') {
	const to = localDate(now, timeZone);
	return { from: format(addMonths(parseISO(`${to.slice(0, 7)}-01`), -11), 'yyyy-MM-dd'), to };
}

/**
 * The case list as the cases page asks for it (pageSize 25): the default view, and the status
 * filters and second page a coordinator uses most, in turn.
 */
export const caseListInputs = [{ page: 1, pageSize: 25 }, { status: 'active' as const, page: 1, pageSize: 25 }, { page: 2, pageSize: 25 }, { status: 'awaiting_conference' as const, page: 1, pageSize: 25 }];

export function trpcGetPath(procedure: string, input: unknown): string {
	return input === undefined ? `/api/trpc/${procedure}` : `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}
