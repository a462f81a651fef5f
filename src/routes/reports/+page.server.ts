import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { hasRole } from '$lib/server/domain/actor';
import { reportHref } from '$lib/components/ReportWords';
import { defaultPeriod, periodAsked, reportLmgs } from './report-load';

/**
 * Where reports start: choose the LMG and the period. The choice is a GET form, so without
 * JavaScript it comes back here and is sent on to the report's own address. With one LMG (and no
 * regional view) there is nothing to choose. report.summary decides what anyone may actually read.
 */
export const load: PageServerLoad = async (event) => {
	const isAdmin = event.locals.user ? hasRole(event.locals.user, 'admin') : false;
	const lmgs = await reportLmgs(event);
	if (lmgs.length === 0 && !isAdmin) error(403, 'This page is not part of your role in Tautoko.');

	const params = event.url.searchParams;
	const asked = params.get('lmg');
	const chosen = lmgs.find((l) => l.id === asked) ?? (lmgs.length === 1 && !isAdmin ? lmgs[0] : undefined);
	if (chosen) redirect(303, reportHref(chosen.id, periodAsked(event.url, chosen.timezone)));

	const timeZone = lmgs[0]?.timezone ?? 'Pacific/Auckland';
	const standard = defaultPeriod(timeZone);
	return {
		lmgs: lmgs.map((l) => ({ id: l.id, name: l.name })),
		isAdmin,
		standard,
		period: params.has('from') || params.has('to') ? periodAsked(event.url, timeZone) : standard,
		fieldErrors: asked !== null ? { lmg: ['Choose the LMG whose report you want'] } : null
	};
};
