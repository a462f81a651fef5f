import type { App } from '../../app';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { ValidationError } from '../errors';
import { insertPublishedProtocolVersion } from '../protocol/protocol.repository';
import { defaultProtocol } from '../protocol/protocol.schema';
import * as repo from './organisation.repository';
import type { AddAgencyToLmgInput, CreateAgencyInput, CreateLmgInput, CreateRegionInput } from './organisation.schema';

/*
 * Regions, LMGs and agencies: the administrator's work. The admin role is checked by the
 * procedure that calls these; the rules here are about the state of the organisation.
 */

export async function createRegion(app: App, actor: Actor, input: CreateRegionInput) {
	const at = app.clock.now();
	const id = crypto.randomUUID();
	await app.db.transaction().execute(async (trx) => {
		if (await repo.nameIsTaken(trx, 'region', input.name)) throw ValidationError.field('name', 'A region with this name already exists');
		await repo.insertRegion(trx, { id, name: input.name, at });
		await recordAudit(trx, { at, actor, role: 'admin', procedure: 'admin.createRegion', outcome: 'allowed', detail: 'region' });
	});
	return { id };
}

/** A new LMG starts with the default protocol published as version 1, so it can take referrals at once. */
export async function createLmg(app: App, actor: Actor, input: CreateLmgInput) {
	const at = app.clock.now();
	const id = crypto.randomUUID();
	await app.db.transaction().execute(async (trx) => {
		if (!(await repo.regionExists(trx, input.regionId))) throw ValidationError.field('regionId', 'Choose a region from the list');
		if (await repo.nameIsTaken(trx, 'lmg', input.name)) throw ValidationError.field('name', 'An LMG with this name already exists');
		await repo.insertLmg(trx, { id, regionId: input.regionId, name: input.name, timezone: input.timezone, at });
		await insertPublishedProtocolVersion(trx, {
			id: crypto.randomUUID(),
			lmgId: id,
			version: 1,
			document: defaultProtocol(),
			changeNote: 'Started from the default protocol',
			publishedBy: actor.userId,
			at
		});
		await recordAudit(trx, { at, actor, role: 'admin', lmgId: id, procedure: 'admin.createLmg', outcome: 'allowed', detail: 'lmg' });
	});
	return { id };
}

export async function createAgency(app: App, actor: Actor, input: CreateAgencyInput) {
	const at = app.clock.now();
	const id = crypto.randomUUID();
	const lmgIds = [...new Set(input.lmgIds)];
	await app.db.transaction().execute(async (trx) => {
		if (await repo.nameIsTaken(trx, 'agency', input.name)) throw ValidationError.field('name', 'An agency with this name already exists');
		const known = await repo.findLmgIds(trx, lmgIds);
		if (known.length !== lmgIds.length) throw ValidationError.field('lmgIds', 'Choose LMGs from the list');
		await repo.insertAgency(trx, { id, name: input.name, kind: input.kind, sector: input.sector, at });
		for (const lmgId of lmgIds) await repo.insertLmgAgency(trx, { lmgId, agencyId: id, at });
		await recordAudit(trx, { at, actor, role: 'admin', procedure: 'admin.createAgency', outcome: 'allowed', detail: 'agency' });
	});
	return { id };
}

export async function addAgencyToLmg(app: App, actor: Actor, input: AddAgencyToLmgInput) {
	const at = app.clock.now();
	await app.db.transaction().execute(async (trx) => {
		if (!(await repo.agencyExists(trx, input.agencyId))) throw ValidationError.field('agencyId', 'Choose an agency from the list');
		if ((await repo.findLmgIds(trx, [input.lmgId])).length === 0) throw ValidationError.field('lmgId', 'Choose an LMG from the list');
		if (await repo.lmgAgencyExists(trx, input.lmgId, input.agencyId)) {
			throw ValidationError.field('agencyId', 'That agency is already a member of this LMG');
		}
		await repo.insertLmgAgency(trx, { lmgId: input.lmgId, agencyId: input.agencyId, at });
		await recordAudit(trx, { at, actor, role: 'admin', lmgId: input.lmgId, procedure: 'admin.addAgencyToLmg', outcome: 'allowed', detail: 'agency' });
	});
}

/** Regions, LMGs with their member agencies, and agencies with their LMGs: the administrator's map. */
export async function getOrganisation(app: App) {
	const [regions, lmgs, agencies, memberships] = await Promise.all([
		repo.listRegions(app.db),
		repo.listLmgs(app.db),
		repo.listAgencies(app.db),
		repo.listLmgAgencies(app.db)
	]);
	const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
	const lmgName = new Map(lmgs.map((l) => [l.id, l.name]));
	return {
		regions,
		lmgs: lmgs.map((l) => ({
			id: l.id,
			name: l.name,
			timezone: l.timezone,
			regionId: l.region_id,
			regionName: l.region_name,
			agencies: memberships.filter((m) => m.lmg_id === l.id).map((m) => agencyName.get(m.agency_id)!).sort()
		})),
		agencies: agencies.map((a) => ({
			id: a.id,
			name: a.name,
			kind: a.kind,
			sector: a.sector,
			lmgs: memberships.filter((m) => m.agency_id === a.id).map((m) => lmgName.get(m.lmg_id)!).sort()
		}))
	};
}
