import type { Executor } from '../../db';
import { preparedLookup } from '../../db/prepared';
import type { Role } from '../../db/schema';
import { hasRole, lmgIdsWhere, type Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { NotFoundError } from '../errors';
import { checkActiveConsent } from './consent.repository';

/**
 * THE consent gate (DESIGN.md rule 1). Every procedure that touches a case's content asks here
 * first; nothing else decides who may see a case.
 *
 * - A coordinator sees every case in the LMGs they coordinate.
 * - An agency worker sees a case only while their agency's newest consent on it is `granted`
 *   and unexpired, and within it only the categories that consent covers.
 * - Anyone else — and anything that goes wrong while deciding — gets NOT_FOUND, worded exactly
 *   as for a case that does not exist, and a `denied` row in the audit log.
 */
export type CaseAccess =
	| { via: 'coordinator'; role: Role; caseId: string; lmgId: string }
	| { via: 'agency'; role: Role; caseId: string; lmgId: string; agencyId: string; scope: 'all' | readonly string[] };

/** A family member's access to their own family's case: all of it, since it is theirs. */
export type FamilyCaseAccess = { via: 'family'; role: Role; caseId: string; lmgId: string; familyMemberId: string };

export type AnyCaseAccess = CaseAccess | FamilyCaseAccess;

export function canSeeCategory(access: AnyCaseAccess, category: string | null): boolean {
	if (access.via !== 'agency' || category === null) return true;
	return access.scope === 'all' || access.scope.includes(category);
}

/** For list queries: which cases the actor may see, as the same two rules in SQL form. */
export type CaseVisibility = { lmgIds: string[]; agencyId: string | null };

export function caseVisibility(actor: Actor): CaseVisibility {
	return {
		lmgIds: lmgIdsWhere(actor, 'coordinator'),
		agencyId: hasRole(actor, 'agency_worker') ? actor.agencyId : null
	};
}

type Request = {
	procedure: string;
	now: Date;
	/**
	 * What the caller named, when they reached the case through something on it ('conference',
	 * 'action', 'handover'): the refusal must read exactly as "no such conference" does.
	 */
	named?: string;
};

const findCaseLmg = preparedLookup((db, p: { caseId: string }) => db.selectFrom('family_case').select(['id', 'lmg_id']).where('id', '=', p.caseId));

async function decide(db: Executor, actor: Actor, caseId: string, now: Date): Promise<CaseAccess | null> {
	const found = await findCaseLmg(db, { caseId });
	if (!found) return null;
	if (lmgIdsWhere(actor, 'coordinator').includes(found.lmg_id)) {
		return { via: 'coordinator', role: 'coordinator', caseId, lmgId: found.lmg_id };
	}
	if (hasRole(actor, 'agency_worker') && actor.agencyId) {
		// Under the case's consent lock: see checkActiveConsent for why a withdrawal cannot slip past it.
		const consent = await checkActiveConsent(db, caseId, actor.agencyId, now);
		if (consent) {
			const scope = consent.scope_all ? 'all' : (JSON.parse(consent.categories_json) as string[]);
			return { via: 'agency', role: 'agency_worker', caseId, lmgId: found.lmg_id, agencyId: actor.agencyId, scope };
		}
	}
	return null;
}

/**
 * Returns how the actor may see the case, or throws NotFoundError after auditing the refusal.
 * Call it with the database, not inside a transaction: the refusal's audit row must outlive
 * the rollback that the thrown error causes.
 */
export async function authorizeCaseAccess(db: Executor, actor: Actor, caseId: string, request: Request): Promise<CaseAccess> {
	let access: CaseAccess | null = null;
	try {
		access = await decide(db, actor, caseId, request.now);
	} catch {
		// Fail closed: if we cannot tell whether consent exists, the answer is no.
		access = null;
	}
	if (access) return access;
	await recordAudit(db, {
		at: request.now,
		actor,
		procedure: request.procedure,
		caseId,
		outcome: 'denied',
		detail: 'NOT_FOUND'
	});
	throw new NotFoundError(request.named ?? 'case').markAudited();
}

/** Audits an allowed read or change of a case, naming the kind of thing (never its content). */
export async function auditCaseAccess(db: Executor, access: AnyCaseAccess, actor: Actor, request: Request & { detail: string }) {
	await recordAudit(db, {
		at: request.now,
		actor,
		role: access.role,
		lmgId: access.lmgId,
		procedure: request.procedure,
		caseId: access.caseId,
		outcome: 'allowed',
		detail: request.detail
	});
}

/**
 * A family member's case: the newest case of their own family, found from their account and
 * never from anything they send. A family account with no case sees nothing.
 */
export async function authorizeFamilyCase(db: Executor, actor: Actor, request: Request): Promise<FamilyCaseAccess> {
	const found = actor.familyMemberId
		? await db
				.selectFrom('family_member as m')
				.innerJoin('family_case as c', 'c.family_id', 'm.family_id')
				.select(['c.id', 'c.lmg_id'])
				.where('m.id', '=', actor.familyMemberId)
				.orderBy('c.opened_at', 'desc')
				.executeTakeFirst()
		: undefined;
	if (found) return { via: 'family', role: 'family', caseId: found.id, lmgId: found.lmg_id, familyMemberId: actor.familyMemberId! };
	await recordAudit(db, { at: request.now, actor, procedure: request.procedure, outcome: 'denied', detail: 'NOT_FOUND' });
	throw new NotFoundError('case').markAudited();
}
