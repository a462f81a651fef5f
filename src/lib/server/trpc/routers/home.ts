import { homeFor } from '../../domain/home/home.service';
import { listNotifications, markNotificationsRead, markReadInput } from '../../domain/notification/notification.service';
import { protectedProcedure, router } from '../init';

export const homeRouter = router({
	today: protectedProcedure.query(({ ctx }) => homeFor(ctx.app, ctx.user))
});

export const notificationRouter = router({
	list: protectedProcedure.query(({ ctx }) => listNotifications(ctx.app, ctx.user)),
	markRead: protectedProcedure.input(markReadInput).mutation(({ ctx, input }) => markNotificationsRead(ctx.app, ctx.user, input))
});
