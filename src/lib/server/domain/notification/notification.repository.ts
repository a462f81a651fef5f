import type { Executor } from '../../db';

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

export async function findNotificationsForUser(db: Executor, userId: string, limit: number) {
	return db
		.selectFrom('notification')
		.select(['id', 'kind', 'title', 'body', 'link', 'read_at', 'created_at'])
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.limit(limit)
		.execute();
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
	const row = await db
		.selectFrom('notification')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
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
