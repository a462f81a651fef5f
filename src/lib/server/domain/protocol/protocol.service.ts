import type { Executor } from '../../db';
import { deepFreeze } from '../../deep-freeze';
import { NotFoundError } from '../errors';
import { findCurrentProtocolVersions, findProtocolVersionById } from './protocol.repository';
import { protocolDocumentSchema, type ProtocolDocument } from './protocol.schema';

/** One published version of an LMG's protocol, parsed: what a case or referral is run under. */
export type ProtocolVersion = { id: string; lmgId: string; version: number; document: ProtocolDocument };

function toProtocolVersion(row: { id: string; lmg_id: string; version: number; document_json: string }): ProtocolVersion {
	return { id: row.id, lmgId: row.lmg_id, version: row.version, document: protocolDocumentSchema.parse(JSON.parse(row.document_json)) };
}

/**
 * Published versions never change (a new version is a new row), so each is read and validated
 * once per process rather than on every case read; drafts are always read afresh.
 */
const publishedVersions = new Map<string, ProtocolVersion>();

/** The version a case or referral is pinned to. */
export async function getProtocolVersion(db: Executor, id: string): Promise<ProtocolVersion> {
	const known = publishedVersions.get(id);
	if (known) return known;
	const row = await findProtocolVersionById(db, id);
	if (!row) throw new NotFoundError('protocol version');
	const version = toProtocolVersion(row);
	if (row.status === 'published' && publishedVersions.size < 10_000) publishedVersions.set(id, deepFreeze(version));
	return version;
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
