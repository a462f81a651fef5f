import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/demo';
import { appRouter, type createCaller } from '../../src/lib/server/trpc/router';
import { referralFor } from './support/journeys';
import { buildMatrixWorld, columnNames, columns, ghostOf, type Column, type World } from './support/matrix-world';
import { refusal } from './support/refusal';
import { auditRowsSince, createTestApp, lastAuditId, onPostgres, saveCopy, tableContents, totalChanges, type TestApp } from './support/test-app';

/*
 * Issue 8, point 1: every tRPC procedure × every relationship to one case, each cell the outcome a
 * person gets. Requirement ids are OWASP ASVS 4.0.3:
 *   V1.4.4  one access control mechanism that every request passes through
 *   V4.1.1  access control enforced on the trusted service layer (here: every procedure, by row)
 *   V4.1.3  least privilege: a role gets only what it needs (FORBIDDEN, UNAUTHORIZED)
 *   V4.1.5  access controls fail securely: a refused call changes nothing
 *   V4.2.1  no insecure direct object references: another's record is NOT_FOUND, worded as "none"
 *   V7.1.3  access control failures are logged;  V7.2.2  every failed decision is logged
 *
 * Refusals and allowed reads run against one shared world (they must leave it as it was, and the
 * test proves they do); each allowed change runs on its own copy of that world's database file.
 */

type Caller = ReturnType<typeof createCaller>;
type Outcome = 'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT';
type Outcomes = Record<Column, Outcome>;

type Row = {
	procedure: string;
	/** Names a second row of the same procedure, called another way. */
	variant?: string;
	/** As the router declares it (mutation or query): checked. */
	mutates: boolean;
	/** A call with valid input on a real object, so that a refusal is about who calls. */
	call: (c: Caller, w: World) => Promise<unknown>;
	expect: Outcomes;
	/** What an allowed call writes to the audit log: one row naming the case, one row, or nothing. */
	audit: 'case' | 'plain' | 'none';
	auditedAs?: string;
	/** A family portal call: it acts on the caller's own case, whichever that is. */
	ownCase?: true;
	/** Public procedures audit the account that signs in or is created, not the caller. */
	auditsAnotherUser?: true;
	/** Why an outcome other than allowed / UNAUTHORIZED / FORBIDDEN / NOT_FOUND is the right one. */
	because?: string;
	/** Puts the copy into the state an allowed call needs (refusals are checked in the shared world as it is). */
	arrange?: (as: (column: Column) => Promise<Caller>, w: World) => Promise<unknown>;
	/** More than "it did not throw", where success alone would not show the call did the right thing. */
	verify?: (result: unknown, column: Column, t: TestApp, w: World) => Promise<void>;
};

const A = 'allowed',
	U = 'UNAUTHORIZED',
	F = 'FORBIDDEN',
	N = 'NOT_FOUND',
	B = 'BAD_REQUEST',
	C = 'CONFLICT';

/** Outcomes in the order of `columns`, all seventeen named. */
function o(...outcomes: Outcome[]): Outcomes {
	if (outcomes.length !== columnNames.length) throw new Error(`expected ${columnNames.length} outcomes, got ${outcomes.length}`);
	return Object.fromEntries(columnNames.map((c, i) => [c, outcomes[i]])) as Outcomes;
}

// prettier-ignore
const preset = {
	//                   anon admin lmgH lmgE coordH coordE lead full part wdrn expd none hand refr faci famH famE
	everyone:          o(A,   A,    A,   A,   A,     A,     A,   A,   A,   A,   A,   A,   A,   A,   A,   A,   A),
	signedIn:          o(U,   A,    A,   A,   A,     A,     A,   A,   A,   A,   A,   A,   A,   A,   A,   A,   A),
	admin:             o(U,   A,    F,   F,   F,     F,     F,   F,   F,   F,   F,   F,   F,   F,   F,   F,   F),
	lmgRead:           o(U,   F,    A,   F,   A,     F,     F,   F,   F,   F,   F,   F,   F,   F,   F,   F,   F),
	lmgEdit:           o(U,   F,    A,   F,   F,     F,     F,   F,   F,   F,   F,   F,   F,   F,   F,   F,   F),
	workers:           o(U,   F,    F,   F,   F,     F,     A,   A,   A,   A,   A,   A,   A,   A,   A,   F,   F),
	coordinators:      o(U,   F,    F,   F,   A,     A,     F,   F,   F,   F,   F,   F,   F,   F,   F,   F,   F),
	caseWorkers:       o(U,   F,    F,   F,   A,     A,     A,   A,   A,   A,   A,   A,   A,   A,   A,   F,   F),
	/** Reads through the consent gate: the LMG's coordinator and agencies holding consent now. */
	caseRead:          o(U,   F,    F,   F,   A,     N,     A,   A,   A,   N,   N,   N,   A,   A,   A,   F,   F),
	/** Coordinator-only work on the case: another LMG's coordinator learns nothing of it. */
	coordinatorOfCase: o(U,   F,    F,   F,   A,     N,     F,   F,   F,   F,   F,   F,   F,   F,   F,   F,   F),
	coordinatorOrLead: o(U,   F,    F,   F,   A,     N,     A,   F,   F,   N,   N,   N,   F,   F,   F,   F,   F),
	coordinatorOrFacilitator:
	                   o(U,   F,    F,   F,   A,     N,     F,   F,   F,   N,   N,   N,   F,   F,   A,   F,   F),
	handoverAnswer:    o(U,   F,    F,   F,   F,     F,     F,   F,   F,   N,   N,   N,   A,   F,   F,   F,   F),
	referralReader:    o(U,   F,    F,   F,   A,     N,     N,   N,   N,   N,   N,   N,   N,   A,   N,   F,   F),
	referrerOnly:      o(U,   F,    F,   F,   F,     F,     N,   N,   N,   N,   N,   N,   N,   A,   N,   F,   F),
	/** The family portal: always the member's own case, found from their account. */
	familyOwn:         o(U,   F,    F,   F,   F,     F,     F,   F,   F,   F,   F,   F,   F,   F,   F,   A,   A)
};

const period = { from: '2026-01-01', to: '2026-11-30' };
const ownCase = 'The portal acts on the member’s own case, never a case they name:';

const matrix: Row[] = [
	// ── auth ──
	{ procedure: 'auth.login', mutates: true, call: (c) => c.auth.login({ email: columns.coordinatorHere.email, password: DEMO_PASSWORD }), expect: preset.everyone, audit: 'plain', auditsAnotherUser: true },
	{ procedure: 'auth.logout', mutates: true, call: (c) => c.auth.logout(), expect: preset.signedIn, audit: 'plain' },
	{ procedure: 'auth.changePassword', mutates: true, call: (c) => c.auth.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'matrix-new-password-2027' }), expect: preset.signedIn, audit: 'plain' },
	{ procedure: 'auth.me', mutates: false, call: (c) => c.auth.me(), expect: preset.signedIn, audit: 'none' },

	// ── admin ──
	{ procedure: 'admin.organisation', mutates: false, call: (c) => c.admin.organisation(), expect: preset.admin, audit: 'none' },
	{ procedure: 'admin.createRegion', mutates: true, call: (c) => c.admin.createRegion({ name: 'Matrix Region' }), expect: preset.admin, audit: 'plain' },
	{ procedure: 'admin.createLmg', mutates: true, call: (c, w) => c.admin.createLmg({ name: 'Matrix LMG', regionId: w.regionId, timezone: 'Pacific/Auckland' }), expect: preset.admin, audit: 'plain' },
	{ procedure: 'admin.createAgency', mutates: true, call: (c, w) => c.admin.createAgency({ name: 'Matrix Agency', kind: 'ngo', sector: 'non_government', lmgIds: [w.lmgId] }), expect: preset.admin, audit: 'plain' },
	{ procedure: 'admin.addAgencyToLmg', mutates: true, call: (c, w) => c.admin.addAgencyToLmg({ agencyId: w.agencies.lakesSchool, lmgId: w.lmgId }), expect: preset.admin, audit: 'plain' },
	{
		procedure: 'admin.createUser',
		mutates: true,
		call: (c, w) => c.admin.createUser({ name: 'New Worker', email: 'new.worker@matrix.test', password: 'matrix-password-2027', agencyId: w.agencies.maori, roles: [{ role: 'agency_worker' }] }),
		expect: preset.admin,
		audit: 'plain'
	},
	{ procedure: 'admin.disableUser', mutates: true, call: (c, w) => c.admin.disableUser({ userId: w.lakesWorkerId }), expect: preset.admin, audit: 'plain' },
	{ procedure: 'admin.enableUser', mutates: true, call: (c, w) => c.admin.enableUser({ userId: w.retiredId }), expect: preset.admin, audit: 'plain' },
	{ procedure: 'admin.listUsers', mutates: false, call: (c) => c.admin.listUsers({}), expect: preset.admin, audit: 'none' },

	// ── home and notifications: each person's own ──
	{ procedure: 'home.today', mutates: false, call: (c) => c.home.today(), expect: preset.signedIn, audit: 'none' },
	{ procedure: 'notification.list', mutates: false, call: (c) => c.notification.list(), expect: preset.signedIn, audit: 'none' },
	{
		procedure: 'notification.markRead',
		mutates: true,
		// The coordinator's notification: anyone may ask, only its owner's is marked.
		call: (c, w) => c.notification.markRead({ ids: [w.notificationId] }),
		expect: preset.signedIn,
		audit: 'plain',
		verify: async (result, column, t, w) => {
			expect(result).toEqual({ marked: column === 'coordinatorHere' ? 1 : 0 });
			const row = await t.db.selectFrom('notification').select('read_at').where('id', '=', w.notificationId).executeTakeFirstOrThrow();
			expect(row.read_at !== null).toBe(column === 'coordinatorHere');
		}
	},

	// ── referrals ──
	{ procedure: 'referral.create', mutates: true, call: (c, w) => c.referral.create(referralFor(w.lmgId)), expect: preset.workers, audit: 'plain' },
	{ procedure: 'referral.list', variant: 'a worker’s own', mutates: false, call: (c) => c.referral.list({ view: 'mine' }), expect: preset.workers, audit: 'none' },
	{ procedure: 'referral.list', variant: 'the coordinator’s queue', mutates: false, call: (c) => c.referral.list({ view: 'queue' }), expect: preset.coordinators, audit: 'none' },
	{ procedure: 'referral.get', variant: 'waiting for assessment', mutates: false, call: (c, w) => c.referral.get({ referralId: w.openReferralId }), expect: preset.referralReader, audit: 'plain' },
	{
		procedure: 'referral.get',
		variant: 'accepted: the case’s own referral',
		mutates: false,
		call: (c, w) => c.referral.get({ referralId: w.caseReferralId }),
		// The school made it and holds consent (education): it may read it. Without consent it may not (tested below).
		expect: preset.referralReader,
		audit: 'case'
	},
	{
		procedure: 'referral.assess',
		mutates: true,
		call: (c, w) => c.referral.assess({ referralId: w.openReferralId, answers: [{ criterionKey: 'several_needs', met: 'yes' }] }),
		expect: preset.coordinatorOfCase,
		audit: 'plain'
	},
	{
		procedure: 'referral.decide',
		mutates: true,
		call: (c, w) => c.referral.decide({ referralId: w.openReferralId, decision: 'decline', reason: 'Not for coordinated support' }),
		expect: preset.coordinatorOfCase,
		audit: 'plain'
	},
	{ procedure: 'referral.withdraw', mutates: true, call: (c, w) => c.referral.withdraw({ referralId: w.openReferralId }), expect: preset.referrerOnly, audit: 'plain' },
	{ procedure: 'referral.options', mutates: false, call: (c) => c.referral.options(), expect: preset.workers, audit: 'none' },

	// ── cases ──
	{ procedure: 'case.list', mutates: false, call: (c) => c.case.list({}), expect: preset.caseWorkers, audit: 'none' },
	{ procedure: 'case.filterOptions', mutates: false, call: (c) => c.case.filterOptions(), expect: preset.caseWorkers, audit: 'none' },
	{ procedure: 'case.protocol', mutates: false, call: (c, w) => c.case.protocol({ caseId: w.caseId }), expect: preset.caseRead, audit: 'case' },
	{ procedure: 'case.get', mutates: false, call: (c, w) => c.case.get({ caseId: w.caseId }), expect: preset.caseRead, audit: 'case' },
	{ procedure: 'case.timeline', mutates: false, call: (c, w) => c.case.timeline({ caseId: w.caseId }), expect: preset.caseRead, audit: 'case' },
	{
		procedure: 'case.addNote',
		mutates: true,
		call: (c, w) => c.case.addNote({ caseId: w.caseId, category: 'health', body: 'Aroha’s physiotherapy starts next week.' }),
		expect: { ...preset.caseRead, handoverRecipient: B, referrer: B },
		because: 'Agencies whose consent leaves out health may see the case, so there is nothing to hide: the form tells them the family has not shared health with them (BAD_REQUEST on category).',
		audit: 'case'
	},
	{
		procedure: 'case.setLeadAgency',
		mutates: true,
		call: (c, w) => c.case.setLeadAgency({ caseId: w.caseId, agencyId: w.agencies.ngo, leadWorkerId: w.colleagueId, reason: 'Hana takes over as lead worker' }),
		expect: preset.coordinatorOfCase,
		audit: 'case'
	},
	{
		procedure: 'case.proposeHandover',
		mutates: true,
		call: (c, w) => c.case.proposeHandover({ caseId: w.caseId, toAgencyId: w.agencies.health, reason: 'Health is now the main need' }),
		expect: preset.coordinatorOfCase,
		arrange: async (as, w) => (await as('handoverRecipient')).case.declineHandover({ handoverId: w.handoverId, reason: 'We cannot take the lead yet' }),
		audit: 'case'
	},
	{ procedure: 'case.acceptHandover', mutates: true, call: (c, w) => c.case.acceptHandover({ handoverId: w.handoverId }), expect: preset.handoverAnswer, audit: 'case' },
	{
		procedure: 'case.declineHandover',
		mutates: true,
		call: (c, w) => c.case.declineHandover({ handoverId: w.handoverId, reason: 'We cannot take the lead yet' }),
		expect: preset.handoverAnswer,
		audit: 'case'
	},
	{
		procedure: 'case.raiseConcern',
		mutates: true,
		call: (c, w) =>
			c.case.raiseConcern({ caseId: w.caseId, description: 'Nikau said a visitor threatened his mother last night.', statutoryReferralTo: 'Oranga Tamariki', statutoryReferralOn: '2026-11-21' }),
		expect: preset.coordinatorOrLead,
		audit: 'case'
	},
	{
		procedure: 'case.writeClosingReport',
		mutates: true,
		call: (c, w) => c.case.writeClosingReport({ caseId: w.caseId, report: 'The whānau has a warm home and Nikau is at school every day.' }),
		expect: preset.coordinatorOrLead,
		audit: 'case'
	},
	{ procedure: 'case.close', mutates: true, call: (c, w) => c.case.close({ caseId: w.caseId, reason: 'goals_met', feedback: [] }), expect: preset.coordinatorOfCase, audit: 'case' },
	{
		procedure: 'case.moveToNewestProtocol',
		mutates: true,
		call: (c, w) => c.case.moveToNewestProtocol({ caseId: w.caseId, reason: 'The LMG published version 3' }),
		expect: preset.coordinatorOfCase,
		audit: 'case'
	},

	// ── consent ──
	{ procedure: 'consent.list', mutates: false, call: (c, w) => c.consent.list({ caseId: w.caseId }), expect: preset.caseRead, audit: 'case' },
	{
		procedure: 'consent.record',
		mutates: true,
		call: (c, w) => c.consent.record({ caseId: w.caseId, agencyId: w.agencies.maori, decision: 'granted', scope: ['health'], givenByMemberId: w.arohaId, method: 'verbal' }),
		expect: preset.coordinatorOfCase,
		audit: 'case'
	},
	{
		procedure: 'consent.withdraw',
		variant: 'the coordinator, on a named case',
		mutates: true,
		call: (c, w) => c.consent.withdraw({ caseId: w.caseId, agencyId: w.agencies.health }),
		expect: preset.coordinatorOfCase,
		audit: 'case'
	},
	{
		procedure: 'consent.withdraw',
		variant: 'a family member, on their own case',
		ownCase: true,
		mutates: true,
		call: (c, w) => c.consent.withdraw({ agencyId: w.agencies.health }),
		expect: { ...preset.familyOwn, familyElsewhere: C },
		because: `${ownCase} Awa Health Services holds no consent on the McDonald case, so there is nothing to withdraw (CONFLICT).`,
		audit: 'case'
	},
	{
		procedure: 'consent.regrant',
		ownCase: true,
		mutates: true,
		call: (c, w) => c.consent.regrant({ agencyId: w.agencies.police, scope: ['justice'] }),
		expect: { ...preset.familyOwn, familyElsewhere: B },
		because: `${ownCase} the police are not in the McDonald family’s network (BAD_REQUEST on agencyId).`,
		audit: 'case'
	},
	{
		procedure: 'consent.disclose',
		mutates: true,
		call: (c, w) => c.consent.disclose({ caseId: w.caseId, agencyId: w.agencies.careAndProtection, legalBasis: 'serious_threat', reason: 'A threat against the children was reported today.' }),
		expect: preset.coordinatorOfCase,
		audit: 'case'
	},

	// ── audit ──
	{ procedure: 'audit.forCase', mutates: false, call: (c, w) => c.audit.forCase({ caseId: w.caseId }), expect: preset.coordinatorOfCase, audit: 'case' },
	{ procedure: 'audit.myAccessLog', ownCase: true, mutates: false, call: (c) => c.audit.myAccessLog(), expect: preset.familyOwn, audit: 'case' },

	// ── conferences ──
	{
		procedure: 'conference.schedule',
		mutates: true,
		call: (c, w) => c.conference.schedule({ caseId: w.caseId, kind: 'review', date: '2026-12-17', time: '10:00', location: 'Awanui marae', facilitatorId: w.facilitatorId }),
		expect: preset.coordinatorOfCase,
		arrange: async (as, w) => (await as('coordinatorHere')).conference.cancel({ conferenceId: w.conferenceId, reason: 'Moved a week later' }),
		audit: 'case'
	},
	{ procedure: 'conference.invite', mutates: true, call: (c, w) => c.conference.invite({ conferenceId: w.conferenceId, supportPeople: ['Aunty Mere'] }), expect: preset.coordinatorOfCase, audit: 'case' },
	{
		procedure: 'conference.declineWorker',
		mutates: true,
		call: (c, w) => c.conference.declineWorker({ caseId: w.caseId, userId: w.schoolWorkerId, reason: 'The family asked' }),
		expect: preset.coordinatorOfCase,
		audit: 'case'
	},
	{ procedure: 'conference.list', mutates: false, call: (c, w) => c.conference.list({ caseId: w.caseId }), expect: preset.caseRead, audit: 'case' },
	{ procedure: 'conference.options', mutates: false, call: (c, w) => c.conference.options({ caseId: w.caseId }), expect: preset.caseRead, audit: 'case' },
	{
		procedure: 'conference.recordAttendance',
		mutates: true,
		call: (c, w) => c.conference.recordAttendance({ conferenceId: w.conferenceId, minutes: 'Aroha opened with a karakia.' }),
		expect: preset.coordinatorOrFacilitator,
		audit: 'case'
	},
	{ procedure: 'conference.hold', mutates: true, call: (c, w) => c.conference.hold({ conferenceId: w.conferenceId, planVersion: 1 }), expect: preset.coordinatorOrFacilitator, audit: 'case' },
	{ procedure: 'conference.cancel', mutates: true, call: (c, w) => c.conference.cancel({ conferenceId: w.conferenceId, reason: 'The family is away' }), expect: preset.coordinatorOfCase, audit: 'case' },

	// ── plan and actions ──
	{ procedure: 'plan.get', mutates: false, call: (c, w) => c.plan.get({ caseId: w.caseId }), expect: preset.caseRead, audit: 'case' },
	{
		procedure: 'plan.save',
		mutates: true,
		call: (c, w) =>
			c.plan.save({
				caseId: w.caseId,
				baseVersion: 1,
				goals: [{ key: 'g-home', text: 'Our whānau has a warm, dry home big enough for all of us', domain: 'home', category: 'housing', rating: 4 }],
				actions: [{ key: 'a-curtains', goalKey: 'g-home', description: 'Fit thermal curtains and a dehumidifier', category: 'housing', responsibleAgencyId: w.agencies.ngo, dueOn: '2026-12-20' }]
			}),
		// The coordinator, the lead worker, or the facilitator of the conference to come (holding consent to all of it).
		expect: { ...preset.caseRead, fullConsent: F, partialConsent: F, handoverRecipient: F, referrer: F },
		audit: 'case'
	},
	{
		procedure: 'action.update',
		mutates: true,
		call: (c, w) => c.action.update({ actionId: w.physioActionId, status: 'in_progress', note: 'Referral to the physiotherapist sent.' }),
		// A health action: the responsible agency, the lead worker or the coordinator; hidden from those who may not see health.
		expect: { ...preset.caseRead, fullConsent: F, handoverRecipient: N, referrer: N, facilitator: F },
		audit: 'case'
	},
	{ procedure: 'queue.mine', mutates: false, call: (c) => c.queue.mine(), expect: preset.caseWorkers, audit: 'plain' },

	// ── family and portal ──
	{ procedure: 'family.invite', mutates: true, call: (c, w) => c.family.invite({ caseId: w.caseId, familyMemberId: w.hemiId }), expect: preset.coordinatorOfCase, audit: 'case' },
	{
		procedure: 'family.addMember',
		mutates: true,
		call: (c, w) => c.family.addMember({ caseId: w.caseId, member: { name: 'Tama Parata', relationship: 'Nephew', kind: 'child', dateOfBirth: '2018-03-03' } }),
		expect: preset.coordinatorOfCase,
		audit: 'case'
	},
	{
		procedure: 'family.join',
		mutates: true,
		call: (c, w) => c.family.join({ code: w.joinCode, email: 'hemi@matrix.test', password: 'hemi-password-2026' }),
		expect: preset.everyone,
		audit: 'case',
		auditsAnotherUser: true
	},
	{ procedure: 'portal.overview', ownCase: true, mutates: false, call: (c) => c.portal.overview(), expect: preset.familyOwn, audit: 'case' },
	{ procedure: 'portal.plan', ownCase: true, mutates: false, call: (c) => c.portal.plan(), expect: preset.familyOwn, audit: 'case' },
	{ procedure: 'portal.meetings', ownCase: true, mutates: false, call: (c) => c.portal.meetings(), expect: preset.familyOwn, audit: 'case' },
	{
		procedure: 'portal.declineWorker',
		ownCase: true,
		mutates: true,
		call: (c, w) => c.portal.declineWorker({ userId: w.schoolWorkerId, reason: 'We would rather see someone else' }),
		expect: { ...preset.familyOwn, familyElsewhere: B },
		because: `${ownCase} the school’s worker is not in the McDonald family’s network (BAD_REQUEST on userId).`,
		audit: 'case'
	},
	{ procedure: 'portal.consents', ownCase: true, mutates: false, call: (c) => c.portal.consents(), expect: preset.familyOwn, audit: 'case' },

	// ── protocol ──
	{ procedure: 'protocol.get', mutates: false, call: (c, w) => c.protocol.get({ lmgId: w.lmgId }), expect: preset.lmgRead, audit: 'none' },
	{ procedure: 'protocol.history', mutates: false, call: (c, w) => c.protocol.history({ lmgId: w.lmgId }), expect: preset.lmgRead, audit: 'none' },
	{ procedure: 'protocol.diff', mutates: false, call: (c, w) => c.protocol.diff({ lmgId: w.lmgId, from: 1, to: 2 }), expect: preset.lmgRead, audit: 'none' },
	{ procedure: 'protocol.saveDraft', mutates: true, call: (c, w) => c.protocol.saveDraft({ lmgId: w.lmgId, document: w.protocolDocument }), expect: preset.lmgEdit, audit: 'plain' },
	{ procedure: 'protocol.publish', mutates: true, call: (c, w) => c.protocol.publish({ lmgId: w.lmgId, changeNote: 'Version 4' }), expect: preset.lmgEdit, audit: 'plain' },
	{ procedure: 'protocol.discardDraft', mutates: true, call: (c, w) => c.protocol.discardDraft({ lmgId: w.lmgId }), expect: preset.lmgEdit, audit: 'plain' },
	{ procedure: 'protocol.export', mutates: false, call: (c, w) => c.protocol.export({ lmgId: w.lmgId }), expect: preset.lmgRead, audit: 'none' },
	{
		procedure: 'protocol.import',
		mutates: true,
		call: (c, w) => c.protocol.import({ lmgId: w.lmgId, json: w.protocolFile }),
		expect: preset.lmgEdit,
		audit: 'plain',
	},

	// ── reports ──
	{ procedure: 'report.summary', mutates: false, call: (c, w) => c.report.summary({ lmgId: w.lmgId, ...period }), expect: preset.lmgRead, audit: 'plain' },
	{ procedure: 'report.series', mutates: false, call: (c, w) => c.report.series({ lmgId: w.lmgId, ...period }), expect: preset.lmgRead, audit: 'plain' },
	{ procedure: 'report.csv', mutates: false, call: (c, w) => c.report.csv({ lmgId: w.lmgId, table: 'referrals', ...period }), expect: preset.lmgRead, audit: 'plain' },
	{ procedure: 'report.compare', mutates: false, call: (c) => c.report.compare(period), expect: preset.admin, audit: 'plain' },
	{ procedure: 'report.compareCsv', mutates: false, call: (c) => c.report.compareCsv(period), expect: preset.admin, audit: 'plain' }
];

const label = (row: Row) => (row.variant ? `${row.procedure} (${row.variant})` : row.procedure);
const cells = matrix.flatMap((row) => columnNames.map((column) => ({ row, column, outcome: row.expect[column] })));
const refusals = cells.filter((c) => c.outcome !== 'allowed');
const allowedReads = cells.filter((c) => c.outcome === 'allowed' && !c.row.mutates);
const allowedChanges = cells.filter((c) => c.outcome === 'allowed' && c.row.mutates);

/**
 * The tables a call changed in the shared world, if any. Counting SQLite's changes is the fast
 * path: exactly one per audit row added means nothing else was written. Any other count (a write
 * rolled back still counts) is settled by comparing every row with the world as built.
 */
let worldAsBuilt: Record<string, string>;
async function tablesChanged(changesBefore: number, auditRowsAdded: number): Promise<string[]> {
	if ((await totalChanges(t.app)) - changesBefore === auditRowsAdded) return [];
	const now = await tableContents(t.app);
	const changed = Object.keys({ ...worldAsBuilt, ...now }).filter((table) => worldAsBuilt[table] !== now[table]);
	worldAsBuilt = now; // one failing cell should not fail every cell after it
	return changed;
}

let t: TestApp;
let world: World;
let tokens: Record<Column, string | null>;
let userIds: Record<Column, string | null>;
let dir: string;
let template: string;

const callerIn = (app: TestApp, column: Column) => app.browserWithToken(tokens[column]).caller();
/** The case an allowed case call is audited against: the caller's own, for the other family. */
const caseOf = (column: Column, row: Row) => (row.ownCase && column === 'familyElsewhere' ? world.otherCaseId : world.caseId);

/*
 * SQLite only: the matrix proves rules, which do not depend on the database, and it copies the
 * database file for each allowed change. `npm run test:pg` proves the SQL on PostgreSQL through
 * the journeys and the consent gate's own tests.
 */
describe.skipIf(onPostgres)('the authorization matrix', () => {
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
		({ world, tokens, userIds } = await buildMatrixWorld(t));
		dir = mkdtempSync(join(tmpdir(), 'tautoko-matrix-'));
		template = join(dir, 'world.db');
		await saveCopy(t.app, template);
		worldAsBuilt = await tableContents(t.app);
	});
	afterAll(async () => {
		await t?.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	describe('V4.1.1 V1.4.4 the matrix has a row for every tRPC procedure', () => {
		// tRPC v11 types `_def.procedures` as the nested router record, but builds it flat, keyed by
		// dotted path (node_modules/@trpc/server/src/unstable-core-do-not-import/router.ts: `procedures[newPath] = item`).
		const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;

		it('every procedure of the router has a row, and every row names a procedure that exists', () => {
			const rows = new Set(matrix.map((r) => r.procedure));
			const withoutRow = Object.keys(procedures).filter((p) => !rows.has(p));
			const gone = [...rows].filter((p) => !(p in procedures));
			expect(withoutRow, `procedures with no row in the authorization matrix: add one for each`).toEqual([]);
			expect(gone, `rows naming procedures the router no longer has`).toEqual([]);
		});

		it('each row says whether it changes anything as the router does (mutation or query)', () => {
			const wrong = matrix.filter((r) => (procedures[r.procedure]?._def.type === 'mutation') !== r.mutates).map(label);
			expect(wrong).toEqual([]);
		});

		it('each row decides every column, and explains any outcome other than allowed or a refusal of who is calling', () => {
			for (const row of matrix) {
				expect(Object.keys(row.expect).sort(), label(row)).toEqual([...columnNames].sort());
				const unusual = Object.values(row.expect).some((x) => x === 'BAD_REQUEST' || x === 'CONFLICT');
				expect(unusual ? Boolean(row.because) : true, `${label(row)} needs a "because"`).toBe(true);
			}
			expect(new Set(matrix.map(label)).size).toBe(matrix.length);
		});
	});

	describe('refusals: exactly the expected code, one audit row (V7.1.3, V7.2.2), nothing else written (V4.1.5)', () => {
		it.each(refusals.map((c) => [c.outcome === 'NOT_FOUND' ? 'V4.2.1' : 'V4.1.3', label(c.row), c.column, c.outcome, c] as const))(
			'%s %s by %s → %s',
			async (_id, _label, column, outcome, { row }) => {
				const caller = await callerIn(t, column);
				const changes = await totalChanges(t.app);
				const lastId = await lastAuditId(t.app);

				const error = await refusal(row.call(caller, world));
				expect(error.code, error.message).toBe(outcome);
				const added = await auditRowsSince(t.app, lastId);
				expect(added).toEqual([expect.objectContaining({ procedure: row.procedure, outcome: 'denied', detail: outcome, user_id: userIds[column] })]);
				expect(await tablesChanged(changes, added.length)).toEqual([]);

				if (outcome === 'NOT_FOUND') {
					// V4.2.1: the refusal reads exactly as the answer for a record that does not exist.
					const missing = await refusal(row.call(caller, ghostOf(world)));
					expect([missing.code, missing.message]).toEqual([error.code, error.message]);
				}
			}
		);
	});

	describe('V4.1.1 allowed reads answer, are audited as the rules ask (V7.2.2), and write nothing else', () => {
		it.each(allowedReads.map((c) => [label(c.row), c.column, c] as const))('%s by %s', async (_label, column, { row }) => {
			const caller = await callerIn(t, column);
			const changes = await totalChanges(t.app);
			const lastId = await lastAuditId(t.app);

			const result = await row.call(caller, world);
			await row.verify?.(result, column, t, world);
			const added = await auditRowsSince(t.app, lastId);
			expect(await tablesChanged(changes, added.length)).toEqual([]);
			if (row.audit === 'none') expect(added).toEqual([]);
			else {
				expect(added).toEqual([
					expect.objectContaining({
						procedure: row.auditedAs ?? row.procedure,
						outcome: 'allowed',
						user_id: userIds[column],
						case_id: row.audit === 'case' ? caseOf(column, row) : null
					})
				]);
			}
		});
	});

	describe('V4.1.1 allowed changes succeed, each on its own copy of the world, and are audited (V7.2.2)', () => {
		it.each(allowedChanges.map((c) => [label(c.row), c.column, c] as const))('%s by %s', async (_label, column, { row }) => {
			const copy = await createTestApp({ copyOf: template });
			try {
				await row.arrange?.((other) => callerIn(copy, other), world);
				const caller = await callerIn(copy, column);
				const lastId = await lastAuditId(copy.app);

				const result = await row.call(caller, world);
				await row.verify?.(result, column, copy, world);
				const added = await auditRowsSince(copy.app, lastId);
				if (row.audit === 'none') expect(added).toEqual([]);
				else {
					expect(added).toEqual([
						expect.objectContaining({
							procedure: row.auditedAs ?? row.procedure,
							outcome: 'allowed',
							user_id: row.auditsAnotherUser ? expect.any(String) : userIds[column],
							case_id: row.audit === 'case' ? caseOf(column, row) : null
						})
					]);
				}
			} finally {
				await copy.close();
			}
		});
	});

	describe('V4.2.1 the worker who made a referral reads it, once it is a case, only under the family’s consent', () => {
		it('after the school’s consent is withdrawn its worker gets NOT_FOUND for the referral they made, worded as for none, and audited with the case', async () => {
			const copy = await createTestApp({ copyOf: template });
			try {
				await (await callerIn(copy, 'coordinatorHere')).consent.withdraw({ caseId: world.caseId, agencyId: await schoolAgencyId(copy) });
				const school = await callerIn(copy, 'referrer');
				const lastId = await lastAuditId(copy.app);
				const hidden = await refusal(school.referral.get({ referralId: world.caseReferralId }));
				const missing = await refusal(school.referral.get({ referralId: 'no-such-referral' }));
				expect([hidden.code, hidden.message]).toEqual(['NOT_FOUND', missing.message]);
				expect((await auditRowsSince(copy.app, lastId))[0]).toMatchObject({ procedure: 'referral.get', outcome: 'denied', user_id: userIds.referrer, case_id: world.caseId });
				expect((await refusal(school.referral.withdraw({ referralId: world.caseReferralId }))).code).toBe('NOT_FOUND');
				// The referral still waiting for assessment is theirs to read whatever happens to any case.
				await school.referral.get({ referralId: world.openReferralId });
			} finally {
				await copy.close();
			}
		});
	});

	describe('V7.1.3 procedures that audit the refusals they decide still have every other refusal audited', () => {
		it('family.join with an email already in use, and auth.changePassword to the same password: each one denied row, nothing else', async () => {
			const copy = await createTestApp({ copyOf: template });
			try {
				const changes = await totalChanges(copy.app);
				const taken = await refusal((await callerIn(copy, 'anonymous')).family.join({ code: world.joinCode, email: columns.familyHere.email!, password: 'hemi-password-2026' }));
				const same = await refusal((await callerIn(copy, 'coordinatorHere')).auth.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }));
				expect([taken.code, same.code]).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
				const rows = await auditRowsSince(copy.app, 0);
				expect(rows.slice(-2)).toEqual([
					expect.objectContaining({ procedure: 'family.join', outcome: 'denied', detail: 'BAD_REQUEST', user_id: null }),
					expect.objectContaining({ procedure: 'auth.changePassword', outcome: 'denied', detail: 'BAD_REQUEST', user_id: userIds.coordinatorHere })
				]);
				// Neither wrote anything but its audit row.
				expect((await totalChanges(copy.app)) - changes).toBe(2);
			} finally {
				await copy.close();
			}
		});
	});

	async function schoolAgencyId(app: TestApp) {
		return (await app.db.selectFrom('app_user').select('agency_id').where('email', '=', columns.referrer.email).executeTakeFirstOrThrow()).agency_id!;
	}

	describe('V4.2.1 lists and search show a case exactly to those the consent gate lets in', () => {
		const caseListers = columnNames.filter((c) => preset.caseWorkers[c] === 'allowed');
		it.each(caseListers.map((c) => [c, preset.caseRead[c] === 'allowed'] as const))('case.list and search by %s shows the case: %s', async (column, shown) => {
			const caller = await callerIn(t, column);
			const all = await caller.case.list({ pageSize: 100 });
			const searched = await caller.case.list({ search: 'parata' });
			expect(all.cases.some((c) => c.id === world.caseId)).toBe(shown);
			expect(searched.cases.map((c) => c.id)).toEqual(shown ? [world.caseId] : []);
			expect(searched.total).toBe(shown ? 1 : 0);
		});
	});
});
