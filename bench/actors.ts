/**
 * Who the bench signs in as, chosen from the dataset itself and the same in both datasets
 * (they live in LMGs 0–5, which are identical in the 10k and 100k datasets).
 */
import SQLite from 'better-sqlite3';
import { BENCH_EMAIL_DOMAIN } from './lib';

export type Actors = {
	/** An agency worker and an open case on which their agency holds active consent now. */
	workerCases: { email: string; caseId: string }[];
	coordinators: { email: string; lmgId: string }[];
	lmgAdmins: { email: string; lmgId: string }[];
	/** Distinct agency workers for the sign-in benchmark (correct passwords, so throttling never starts). */
	loginEmails: string[];
	family: { email: string } | null;
};

/** A stable pseudo-random order that does not depend on rowids (FNV-1a of the text). */
function hashOf(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return h;
}

export function chooseActors(path: string, lmgIds: string[], now = new Date(), limits = { pairs: 200, logins: 400 }): Actors {
	const db = new SQLite(path, { readonly: true });
	try {
		const at = now.toISOString();
		const marks = lmgIds.map(() => '?').join(', ');
		const active = db
			.prepare(
				`select ce.case_id, ce.agency_id from consent_event ce
				 join family_case c on c.id = ce.case_id
				 where c.lmg_id in (${marks}) and c.status != 'closed'
				   and ce.state = 'granted' and ce.valid_from <= ? and ce.valid_until > ?
				   and not exists (select 1 from consent_event n where n.case_id = ce.case_id and n.agency_id = ce.agency_id and n.created_at > ce.created_at)`
			)
			.all(...lmgIds, at, at) as { case_id: string; agency_id: string }[];
		const workersOf = db.prepare(`select email from app_user where agency_id = ? and disabled_at is null order by email`).pluck();
		const pairs = active
			.map((p) => ({ ...p, h: hashOf(p.case_id + p.agency_id) }))
			.sort((a, b) => a.h - b.h)
			.slice(0, limits.pairs)
			.map((p) => {
				const workers = workersOf.all(p.agency_id) as string[];
				return { email: workers[p.h % workers.length], caseId: p.case_id };
			});
		const byLmg = (prefix: string) =>
			db
				.prepare(
					`select u.email, r.lmg_id as lmgId from app_user u join user_role r on r.user_id = u.id
					 where r.role = ? and r.lmg_id in (${marks}) and u.email like ? order by u.email`
				)
				.all(prefix === 'coordinator' ? 'coordinator' : 'lmg_admin', ...lmgIds, `${prefix}.%@${BENCH_EMAIL_DOMAIN}`) as { email: string; lmgId: string }[];
		const loginEmails = (
			db
				.prepare(
					`select distinct u.email from app_user u join lmg_agency la on la.agency_id = u.agency_id
					 where la.lmg_id in (${marks}) and u.disabled_at is null`
				)
				.pluck()
				.all(...lmgIds) as string[]
		)
			.sort((a, b) => hashOf(a) - hashOf(b))
			.slice(0, limits.logins);
		const family = db
			.prepare(
				`select u.email from app_user u join family_member m on m.id = u.family_member_id join family_case c on c.family_id = m.family_id
				 where c.lmg_id in (${marks}) and c.status != 'closed' order by u.email limit 1`
			)
			.get(...lmgIds) as { email: string } | undefined;
		return { workerCases: pairs, coordinators: byLmg('coordinator'), lmgAdmins: byLmg('lmg'), loginEmails, family: family ?? null };
	} finally {
		db.close();
	}
}
