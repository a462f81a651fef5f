import { createCallerFactory, router } from './init';
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { homeRouter, notificationRouter } from './routers/home';

export const appRouter = router({
	auth: authRouter,
	admin: adminRouter,
	home: homeRouter,
	notification: notificationRouter
});

export type AppRouter = typeof appRouter;

/** The same procedures, called in-process: page loads and form actions use this, as do tests. */
export const createCaller = createCallerFactory(appRouter);
