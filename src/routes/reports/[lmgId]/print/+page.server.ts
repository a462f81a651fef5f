import type { PageServerLoad } from './$types';
import { loadReport } from '../../report-load';

/** The same report, laid out to print for the LMG's meeting. */
export const load: PageServerLoad = (event) => loadReport(event);
