import type { App } from '../../app';
import type { Executor } from '../../db';
import { recordAudit } from '../audit/audit.service';
import { localDate } from '../deadlines/deadlines';
import { getProtocolVersion, type ProtocolVersion } from '../protocol/protocol.service';
import * as repo from './retention.repository';

/*
 * Retention (`npm run retention`). A closed case is kept, whole, for the months its protocol
 * version sets (retentionMonthsAfterClosure: the version the case was pinned to, not the LMG's
 * newest), counted from the local date of closure in the LMG's timezone. From the day after that,
 * it is anonymised: everything that names the family or says what happened to them is removed,
 * and everything the LMG's reports count is kept, so figures for past periods never change.
 *
 * Removed: the family's label, area, languages, cultural identity and iwi; members' names, dates
 * of birth, genders, relationships and schools; the referral's summary and criterion notes;
 * notes; consent and disclosure notes; goal and action text and progress notes; conference
 * locations, minutes, decisions, support people, interpreters and apologies; handover reasons
 * and notes; safety-concern descriptions; the closing report; feedback answers; timeline
 * summaries (reduced to the kind of event); notifications about the case or its referral;
 * portal invitations; the family's portal accounts (disabled, renamed, email and password
 * removed, sessions and failed sign-ins deleted).
 *
 * Kept: the case reference, LMG, protocol version, statuses and every date; agencies, the
 * network, lead agency and workers (staff, not family); consent states, scopes, methods and
 * dates; conference kinds, times, attendance and facilitator; plan versions, goal domains,
 * categories and ratings; actions' agencies, due and completion dates and statuses; the
 * referral's needs and the closure reason and feedback question keys; who raised a concern,
 * to which statutory service and when.
 *
 * The audit log is append-only and is not touched: its rows name no family (they hold
 * procedure names, kinds and keys), but they keep the family's portal account id and the
 * network addresses it used. Each anonymisation adds one audit row.
 */

export type RetentionCase = {
	caseId: string;
	reference: string;
	lmgId: string;
	lmg: string;
	/** local date of closure in the LMG's timezone */
	closedOn: string;
	retentionMonths: number;
	protocolVersion: number;
	/** the last day the case is kept whole */
	keptUntil: string;
	/** the first day it is due for anonymisation */
	dueSince: string;
	familyId: string;
	referralId: string;
};

export type RetentionRun = {
	dryRun: boolean;
	/** closed cases not yet anonymised that were looked at */
	checked: number;
	/** past their retention period: anonymised now, or (dry run) would be */
	due: RetentionCase[];
	anonymised: RetentionCase[];
	/** past their period but left alone, and why */
	held: { case: RetentionCase; reason: string }[];
	failed: { case: RetentionCase; message: string }[];
};

export const RETENTION_PROCEDURE = 'retention.anonymise';

const DAY_MS = 86_400_000;

/** A calendar date some months later, the day kept within the month (31 January + 1 month = 28 or 29 February), as date-fns's addMonths does. */
export function dateMonthsAfter(date: string, months: number): string {
	const [y, m, d] = date.split('-').map(Number);
	const index = y * 12 + (m - 1) + months;
	const year = Math.floor(index / 12);
	const month = index - year * 12;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The dates of one case's retention: closed on its local date, kept to the same date N months on, due the day after. */
export function retentionDates(closedAt: Date, months: number, timeZone: string) {
	const closedOn = localDate(closedAt, timeZone);
	const keptUntil = dateMonthsAfter(closedOn, months);
	const dueSince = new Date(Date.parse(`${keptUntil}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
	return { closedOn, keptUntil, dueSince };
}

const eventWords = (kind: string) => {
	const words = kind.replace(/_/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Closed cases whose pinned protocol's retention period has passed, as of `now`, each with whether it must be held back. */
export async function findCasesPastRetention(db: Executor, now: Date): Promise<{ checked: number; due: RetentionCase[]; held: { case: RetentionCase; reason: string }[] }> {
	const rows = await repo.findClosedCasesNotAnonymised(db);
	const protocols = new Map<string, ProtocolVersion>();
	const due: RetentionCase[] = [];
	const held: { case: RetentionCase; reason: string }[] = [];
	for (const row of rows) {
		if (!protocols.has(row.protocol_version_id)) protocols.set(row.protocol_version_id, await getProtocolVersion(db, row.protocol_version_id));
		const protocol = protocols.get(row.protocol_version_id)!;
		const months = protocol.document.retentionMonthsAfterClosure;
		const dates = retentionDates(new Date(row.closed_at!), months, row.timezone);
		// Due once the local date is past the last day kept: the anniversary itself is still inside.
		if (!(dates.keptUntil < localDate(now, row.timezone))) continue;
		const found: RetentionCase = {
			caseId: row.id,
			reference: row.reference,
			lmgId: row.lmg_id,
			lmg: row.lmg_name,
			...dates,
			retentionMonths: months,
			protocolVersion: protocol.version,
			familyId: row.family_id,
			referralId: row.referral_id
		};
		// Tautoko makes a new family for every referral. Should one ever be shared, removing its
		// names would empty a case still kept: that is a decision for a person, not this job.
		const others = await repo.countOtherReferralsOfFamily(db, row.family_id, row.referral_id);
		if (others > 0) held.push({ case: found, reason: `its family is also on ${others} other referral${others === 1 ? '' : 's'}, so its details cannot be removed without touching ${others === 1 ? 'that one' : 'those'}` });
		else due.push(found);
	}
	return { checked: rows.length, due, held };
}

/**
 * Anonymises one case inside the caller's transaction and writes its audit row. False if the
 * case is no longer closed or was anonymised meanwhile (another run got there first).
 */
export async function anonymiseCase(trx: Executor, c: RetentionCase, now: Date): Promise<boolean> {
	if (!(await repo.claimCaseForAnonymisation(trx, c.caseId, now))) return false;
	for (const account of await repo.findFamilyAccounts(trx, c.familyId)) await repo.scrubFamilyAccount(trx, account, now);
	await repo.scrubFamily(trx, c.familyId);
	await repo.scrubReferral(trx, c.referralId);
	await repo.scrubCaseRecords(trx, c.caseId);
	await repo.scrubConferencesAndPlans(trx, c.caseId);
	for (const kind of await repo.findCaseEventKinds(trx, c.caseId)) await repo.setCaseEventSummaries(trx, c.caseId, kind, eventWords(kind));
	await repo.deleteCaseMessages(trx, c);
	await recordAudit(trx, {
		at: now,
		actor: null,
		lmgId: c.lmgId,
		procedure: RETENTION_PROCEDURE,
		caseId: c.caseId,
		outcome: 'allowed',
		detail: `closed ${c.closedOn}; kept ${c.retentionMonths} months under protocol version ${c.protocolVersion}`
	});
	return true;
}

/**
 * The retention job: finds the closed cases past their period and, unless this is a dry run,
 * anonymises each in its own transaction. One case failing leaves it whole and the rest go on.
 * A dry run reads only: it changes nothing and writes no audit row.
 */
export async function runRetention(app: App, options: { dryRun: boolean }): Promise<RetentionRun> {
	const now = app.clock.now();
	const { checked, due, held } = await findCasesPastRetention(app.db, now);
	const run: RetentionRun = { dryRun: options.dryRun, checked, due, anonymised: [], held, failed: [] };
	if (options.dryRun) return run;
	for (const c of due) {
		try {
			const done = await app.db.transaction().execute((trx) => anonymiseCase(trx, c, now));
			if (done) run.anonymised.push(c);
		} catch (error) {
			run.failed.push({ case: c, message: error instanceof Error ? error.message : String(error) });
		}
	}
	return run;
}
