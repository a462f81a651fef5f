import { z } from 'zod';
import type { App } from '../../app';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
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

/** Marks the caller's own notifications among `ids` read (others' are left alone); a change, so audited. */
export async function markNotificationsRead(app: App, actor: Actor, input: z.infer<typeof markReadInput>) {
	const now = app.clock.now();
	return app.db.transaction().execute(async (trx) => {
		const marked = await repo.markRead(trx, actor.userId, input.ids, now);
		await recordAudit(trx, { at: now, actor, procedure: 'notification.markRead', outcome: 'allowed', detail: `${marked} marked read` });
		return { marked };
	});
}
