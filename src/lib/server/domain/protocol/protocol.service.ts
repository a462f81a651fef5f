import type { Executor } from '../../db';
import { NotFoundError } from '../errors';
import { findCurrentProtocolVersions, findProtocolVersionById } from './protocol.repository';
import { protocolDocumentSchema, type ProtocolDocument } from './protocol.schema';

/** One published version of an LMG's protocol, parsed: what a case or referral is run under. */
export type ProtocolVersion = { id: string; lmgId: string; version: number; document: ProtocolDocument };

function toProtocolVersion(row: { id: string; lmg_id: string; version: number; document_json: string }): ProtocolVersion {
	return { id: row.id, lmgId: row.lmg_id, version: row.version, document: protocolDocumentSchema.parse(JSON.parse(row.document_json)) };
}

/** The version a case or referral is pinned to. */
export async function getProtocolVersion(db: Executor, id: string): Promise<ProtocolVersion> {
	const row = await findProtocolVersionById(db, id);
	if (!row) throw new NotFoundError('protocol version');
	return toProtocolVersion(row);
}

/** The newest published version: what new referrals and cases take. */
export async function getCurrentProtocol(db: Executor, lmgId: string): Promise<ProtocolVersion> {
	const [row] = await findCurrentProtocolVersions(db, [lmgId]);
	if (!row) throw new NotFoundError('protocol');
	return toProtocolVersion(row);
}

export function categoryKeys(protocol: ProtocolVersion): string[] {
	return protocol.document.informationCategories.map((c) => c.key);
}
