import { createCallerFactory, router } from './init';
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { auditRouter } from './routers/audit';
import { caseRouter } from './routers/case';
import { conferenceRouter } from './routers/conference';
import { consentRouter } from './routers/consent';
import { familyRouter, portalRouter } from './routers/family';
import { homeRouter, notificationRouter } from './routers/home';
import { actionRouter, planRouter, queueRouter } from './routers/plan';
import { protocolRouter } from './routers/protocol';
import { reportRouter } from './routers/report';
import { referralRouter } from './routers/referral';

export const appRouter = router({
	auth: authRouter,
	admin: adminRouter,
	home: homeRouter,
	notification: notificationRouter,
	referral: referralRouter,
	case: caseRouter,
	consent: consentRouter,
	audit: auditRouter,
	conference: conferenceRouter,
	plan: planRouter,
	action: actionRouter,
	queue: queueRouter,
	family: familyRouter,
	portal: portalRouter,
	protocol: protocolRouter,
	report: reportRouter
});

export type AppRouter = typeof appRouter;

/** The same procedures, called in-process: page loads and form actions use this, as do tests. */
export const createCaller = createCallerFactory(appRouter);
