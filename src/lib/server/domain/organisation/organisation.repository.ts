import type { Executor } from '../../db';
import { holdInTransaction } from '../../db/locks';
import type { AgencyKind } from '../../db/schema';

export async function insertRegion(db: Executor, row: { id: string; name: string; at: Date }) {
	await db.insertInto('region').values({ id: row.id, name: row.name, created_at: row.at.toISOString() }).execute();
}

export async function insertLmg(db: Executor, row: { id: string; regionId: string; name: string; timezone: string; at: Date }) {
	await db
		.insertInto('lmg')
		.values({ id: row.id, region_id: row.regionId, name: row.name, timezone: row.timezone, created_at: row.at.toISOString() })
		.execute();
}

export async function insertAgency(db: Executor, row: { id: string; name: string; kind: AgencyKind; sector: 'government' | 'non_government'; at: Date }) {
	await db
		.insertInto('agency')
		.values({ id: row.id, name: row.name, kind: row.kind, sector: row.sector, created_at: row.at.toISOString() })
		.execute();
}

export async function insertLmgAgency(db: Executor, row: { lmgId: string; agencyId: string; at: Date }) {
	await db.insertInto('lmg_agency').values({ lmg_id: row.lmgId, agency_id: row.agencyId, joined_at: row.at.toISOString() }).execute();
}

export async function regionExists(db: Executor, id: string) {
	return (await db.selectFrom('region').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function findLmgIds(db: Executor, ids: string[]): Promise<string[]> {
	if (ids.length === 0) return [];
	return (await db.selectFrom('lmg').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

export async function agencyExists(db: Executor, id: string) {
	return (await db.selectFrom('agency').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Inside a transaction the answer holds until it ends (db/locks.ts), so an insert can follow a "no". */
export async function lmgAgencyExists(db: Executor, lmgId: string, agencyId: string) {
	await holdInTransaction(db, `lmg-agency:${lmgId}:${agencyId}`);
	const row = await db.selectFrom('lmg_agency').select('lmg_id').where('lmg_id', '=', lmgId).where('agency_id', '=', agencyId).executeTakeFirst();
	return row !== undefined;
}

/**
 * Case-insensitive: "Te Awa North" and "te awa north" are the same LMG to the people who use it.
 * Inside a transaction the answer holds until it ends (db/locks.ts), so an insert can follow a "no".
 */
export async function nameIsTaken(db: Executor, table: 'region' | 'lmg' | 'agency', name: string) {
	await holdInTransaction(db, `name:${table}:${name.toLowerCase()}`);
	const row = await db
		.selectFrom(table)
		.select('id')
		.where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
		.executeTakeFirst();
	return row !== undefined;
}

export async function listRegions(db: Executor) {
	return db.selectFrom('region').select(['id', 'name']).orderBy('name').execute();
}

export async function listLmgs(db: Executor) {
	return db
		.selectFrom('lmg')
		.innerJoin('region', 'region.id', 'lmg.region_id')
		.select(['lmg.id', 'lmg.name', 'lmg.timezone', 'lmg.region_id', 'region.name as region_name'])
		.orderBy('lmg.name')
		.execute();
}

export async function listAgencies(db: Executor) {
	return db.selectFrom('agency').select(['id', 'name', 'kind', 'sector']).orderBy('name').execute();
}

export async function listLmgAgencies(db: Executor) {
	return db.selectFrom('lmg_agency').select(['lmg_id', 'agency_id']).execute();
}

export async function findLmgsByIds(db: Executor, ids: string[]) {
	if (ids.length === 0) return [];
	return db.selectFrom('lmg').select(['id', 'name', 'timezone']).where('id', 'in', ids).orderBy('name').execute();
}

export async function findAgencyWithLmgs(db: Executor, agencyId: string) {
	const agency = await db.selectFrom('agency').select(['id', 'name', 'kind']).where('id', '=', agencyId).executeTakeFirst();
	if (!agency) return undefined;
	const lmgs = await db
		.selectFrom('lmg_agency')
		.innerJoin('lmg', 'lmg.id', 'lmg_agency.lmg_id')
		.select(['lmg.id', 'lmg.name'])
		.where('lmg_agency.agency_id', '=', agencyId)
		.orderBy('lmg.name')
		.execute();
	return { ...agency, lmgs };
}
