import { z } from 'zod';
import type { App } from '../../app';
import { hasRole, type Actor } from '../actor';
import { caseVisibility } from '../consent/case-access';
import { recordAudit } from '../audit/audit.service';
import * as repo from './notification.repository';

export const markReadInput = z.object({ ids: z.array(z.string().min(1)).min(1, 'Choose at least one notification').max(100) });

/** An agency worker's notifications about a case show while their agency may see it (repo.NotificationReader). */
function readerOf(app: App, actor: Actor): repo.NotificationReader {
	return { userId: actor.userId, now: app.clock.now(), caseVisibility: hasRole(actor, 'agency_worker') ? caseVisibility(actor) : null };
}

export async function countUnreadNotifications(app: App, actor: Actor): Promise<number> {
	return repo.countUnread(app.db, readerOf(app, actor));
}

export async function listNotifications(app: App, actor: Actor) {
	const reader = readerOf(app, actor);
	const [rows, unread] = await Promise.all([repo.findNotificationsFor(app.db, reader, 50), repo.countUnread(app.db, reader)]);
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
