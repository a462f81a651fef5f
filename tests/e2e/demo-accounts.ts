/**
 * The demo accounts that src/lib/server/seed/demo.ts creates (DESIGN.md "Demo data"), with what
 * each should see on signing in.
 */
export const DEMO_PASSWORD = 'tautoko-demo-2026';

export type DemoAccount = {
	email: string;
	role: 'admin' | 'coordinator' | 'lmg_admin' | 'agency_worker' | 'family';
	firstName: string;
	/** The heading of the role's section on the home page. */
	homeSection: string;
	/** Where signing in lands: the home page, or for a family member their portal. */
	landing: '/' | '/portal';
};

const homeSections: Record<DemoAccount['role'], string> = {
	admin: 'Organisation at a glance',
	coordinator: 'Your LMG',
	lmg_admin: 'Your LMG’s protocol',
	agency_worker: 'Your agency',
	family: 'Who is helping you'
};

const account = (local: string, role: DemoAccount['role'], firstName: string): DemoAccount => ({
	email: `${local}@demo.tautoko.nz`,
	role,
	firstName,
	homeSection: homeSections[role],
	landing: role === 'family' ? '/portal' : '/'
});

export const demo = {
	admin: account('admin', 'admin', 'Mere'),
	coordinatorNorth: account('coordinator.north', 'coordinator', 'Hemi'),
	coordinatorSouth: account('coordinator.south', 'coordinator', 'Sarah'),
	lmgNorth: account('lmg.north', 'lmg_admin', 'Ruth'),
	workerHealth: account('worker.health', 'agency_worker', 'Priya'),
	workerSchool: account('worker.school', 'agency_worker', 'Anna'),
	workerPolice: account('worker.police', 'agency_worker', 'Wiremu'),
	workerNgo: account('worker.ngo', 'agency_worker', 'Losa'),
	family: account('family', 'family', 'Aroha')
} as const;

export const demoAccounts: DemoAccount[] = Object.values(demo);
