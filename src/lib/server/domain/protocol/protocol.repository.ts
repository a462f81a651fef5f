import type { Executor } from '../../db';
import type { ProtocolDocument } from './protocol.schema';

export async function insertPublishedProtocolVersion(
	db: Executor,
	row: { id: string; lmgId: string; version: number; document: ProtocolDocument; changeNote: string; publishedBy: string | null; at: Date }
): Promise<void> {
	await db
		.insertInto('protocol_version')
		.values({
			id: row.id,
			lmg_id: row.lmgId,
			version: row.version,
			status: 'published',
			document_json: JSON.stringify(row.document),
			change_note: row.changeNote,
			created_by: row.publishedBy,
			published_by: row.publishedBy,
			published_at: row.at.toISOString(),
			created_at: row.at.toISOString()
		})
		.execute();
}

/** The newest published version of each given LMG's protocol. */
export async function findCurrentProtocolVersions(db: Executor, lmgIds: string[]) {
	if (lmgIds.length === 0) return [];
	return db
		.selectFrom('protocol_version as pv')
		.select(['pv.id', 'pv.lmg_id', 'pv.version', 'pv.document_json', 'pv.published_at'])
		.where('pv.lmg_id', 'in', lmgIds)
		.where('pv.status', '=', 'published')
		.where(({ eb, selectFrom }) =>
			eb(
				'pv.version',
				'=',
				selectFrom('protocol_version as newer')
					.select((e) => e.fn.max('newer.version').as('v'))
					.whereRef('newer.lmg_id', '=', 'pv.lmg_id')
					.where('newer.status', '=', 'published')
			)
		)
		.execute();
}

export async function findProtocolVersionById(db: Executor, id: string) {
	return db
		.selectFrom('protocol_version')
		.select(['id', 'lmg_id', 'version', 'status', 'document_json', 'published_at'])
		.where('id', '=', id)
		.executeTakeFirst();
}
