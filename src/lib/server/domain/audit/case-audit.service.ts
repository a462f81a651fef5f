import type { App } from '../../app';
import type { Actor } from '../actor';
import { auditCaseAccess, authorizeCaseAccess } from '../consent/case-access';
import { ForbiddenError } from '../errors';
import { findAuditEntriesForCase } from './audit.repository';

/** The coordinator's view of who read or changed a case, allowed or denied. Reading it is itself audited. */
export async function auditForCase(app: App, actor: Actor, input: { caseId: string; page: number; pageSize: number }) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'audit.forCase', now });
	if (access.via !== 'coordinator') throw new ForbiddenError('Only the case’s coordinator can read its audit log.');
	await auditCaseAccess(app.db, access, actor, { procedure: 'audit.forCase', now, detail: 'audit log' });
	const { total, rows } = await findAuditEntriesForCase(app.db, input.caseId, input.pageSize, (input.page - 1) * input.pageSize);
	const heading = await app.db
		.selectFrom('family_case as c')
		.innerJoin('family', 'family.id', 'c.family_id')
		.innerJoin('lmg', 'lmg.id', 'c.lmg_id')
		.select(['c.reference', 'family.label', 'lmg.name as lmg_name', 'lmg.timezone'])
		.where('c.id', '=', input.caseId)
		.executeTakeFirstOrThrow();
	return {
		case: { id: input.caseId, reference: heading.reference, familyLabel: heading.label, lmg: heading.lmg_name, timezone: heading.timezone },
		total,
		page: input.page,
		pageSize: input.pageSize,
		entries: rows.map((r) => ({
			id: Number(r.id),
			at: new Date(r.at),
			who: r.user_name,
			role: r.role,
			agency: r.agency_name,
			procedure: r.procedure,
			outcome: r.outcome,
			detail: r.detail
		}))
	};
}
