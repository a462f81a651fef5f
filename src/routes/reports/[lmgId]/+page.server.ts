import type { PageServerLoad } from './$types';
import { loadReport } from '../report-load';

/** An LMG's report for the period in the address (the last twelve months unless chosen). */
export const load: PageServerLoad = (event) => loadReport(event);
