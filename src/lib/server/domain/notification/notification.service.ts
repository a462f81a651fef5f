import { z } from 'zod';
import type { App } from '../../app';
import type { Actor } from '../actor';
import * as repo from './notification.repository';

export const markReadInput = z.object({ ids: z.array(z.string().min(1)).min(1, 'Choose at least one notification').max(100) });

export async function listNotifications(app: App, actor: Actor) {
	const [rows, unread] = await Promise.all([repo.findNotificationsForUser(app.db, actor.userId, 50), repo.countUnread(app.db, actor.userId)]);
	return {
		unread,
		items: rows.map((n) => ({
			id: n.id,
			kind: n.kind,
			title: n.title,
			body: n.body,
			link: n.link,
			read: n.read_at !== null,
			createdAt: new Date(n.created_at)
		}))
	};
}

export async function markNotificationsRead(app: App, actor: Actor, input: z.infer<typeof markReadInput>) {
	return { marked: await repo.markRead(app.db, actor.userId, input.ids, app.clock.now()) };
}
