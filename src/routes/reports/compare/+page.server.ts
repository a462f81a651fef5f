import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/http';
import { loadOrFail } from '$lib/server/forms';
import type { ComparisonView } from '$lib/components/ReportWords';
import { periodAsked, periodProblem, toComparisonView } from '../report-load';

/**
 * The administrator's regional view: every LMG's key measures for one period, grouped by region
 * (report.compare refuses anyone else). Suppressed counts lose their values here as on the LMG's page.
 */
export const load: PageServerLoad = async (event) => {
	// Administrators belong to no LMG: the default period is the last twelve months in New Zealand time.
	const period = periodAsked(event.url, 'Pacific/Auckland');
	const caller = callerFor(event);
	try {
		const reports = await loadOrFail(() => caller.report.compare(period));
		const regions: { name: string; lmgs: ComparisonView[] }[] = [];
		for (const r of reports) {
			const region = regions.at(-1)?.name === r.region ? regions.at(-1)! : regions[regions.push({ name: r.region, lmgs: [] }) - 1];
			region.lmgs.push(toComparisonView(r));
		}
		return { period, regions, problem: null };
	} catch (cause) {
		const problem = periodProblem(cause);
		if (!problem) throw cause;
		return { period, regions: [], problem };
	}
};
