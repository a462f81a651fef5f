import type { Executor } from '../../db';
import type { CaseVisibility } from '../consent/case-access';
import { caseIsVisible } from '../consent/consent.repository';

export async function insertNotification(
	db: Executor,
	row: { userId: string; kind: string; title: string; body: string; link: string | null; caseId: string | null; at: Date }
): Promise<void> {
	await db
		.insertInto('notification')
		.values({
			id: crypto.randomUUID(),
			user_id: row.userId,
			kind: row.kind,
			title: row.title,
			body: row.body,
			link: row.link,
			case_id: row.caseId,
			read_at: null,
			created_at: row.at.toISOString()
		})
		.execute();
}

/**
 * Who reads the notifications, and whether a notification about a case shows to them. An agency
 * worker's notifications name the case (its reference, sometimes the family) and link to it: they
 * show only while the agency may see the case (the consent gate's rule, as the case list applies
 * it), so withdrawing consent takes them away with the case and giving it back returns them.
 * Everyone else's show as written (`caseVisibility: null`).
 */
export type NotificationReader = { userId: string; now: Date; caseVisibility: CaseVisibility | null };

function notificationsOf(db: Executor, reader: NotificationReader) {
	const visibleTo = reader.caseVisibility;
	const mine = db.selectFrom('notification as n').where('n.user_id', '=', reader.userId);
	if (!visibleTo) return mine;
	return mine.where((eb) =>
		eb.or([
			eb('n.case_id', 'is', null),
			eb.exists(eb.selectFrom('family_case as c').select('c.id').whereRef('c.id', '=', 'n.case_id').where(caseIsVisible(db, visibleTo, reader.now)))
		])
	);
}

export async function findNotificationsFor(db: Executor, reader: NotificationReader, limit: number) {
	return notificationsOf(db, reader)
		.select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.link', 'n.read_at', 'n.created_at'])
		.orderBy('n.created_at', 'desc')
		.limit(limit)
		.execute();
}

export async function countUnread(db: Executor, reader: NotificationReader): Promise<number> {
	const row = await notificationsOf(db, reader)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('n.read_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Marks read only the caller's own notifications: someone else's id matches nothing. */
export async function markRead(db: Executor, userId: string, ids: string[], at: Date): Promise<number> {
	if (ids.length === 0) return 0;
	const result = await db
		.updateTable('notification')
		.set({ read_at: at.toISOString() })
		.where('user_id', '=', userId)
		.where('id', 'in', ids)
		.where('read_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}
