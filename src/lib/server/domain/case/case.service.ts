import type { App } from '../../app';
import { assertCaseOpen } from './case-rules';
import type { Actor } from '../actor';
import { auditCaseAccess, authorizeCaseAccess, canSeeCategory, caseVisibility, type CaseAccess } from '../consent/case-access';
import { findConsentHistory } from '../consent/consent.repository';
import { summariseConsent } from '../consent/consent.service';
import { dueState, localDate } from '../deadlines/deadlines';
import { ValidationError } from '../errors';
import { getCurrentProtocol, getProtocolVersion } from '../protocol/protocol.service';
import { findFamily, findFamilyMembers } from '../referral/referral.repository';
import * as repo from './case.repository';
import { listCasesInput, type AddNoteInput, type ListCasesInput } from './case.schema';

/** The deadline a case is working to now: its first conference, or its next review. */
function nextDeadline(row: { status: string; first_conference_due_on: string | null; next_review_on: string | null; timezone: string }, now: Date) {
	const due = row.status === 'awaiting_conference' ? row.first_conference_due_on : row.status === 'active' ? row.next_review_on : null;
	if (!due) return null;
	return { what: row.status === 'awaiting_conference' ? ('first conference' as const) : ('review' as const), dueOn: due, state: dueState(due, now, row.timezone) };
}

/**
 * Cases the actor may see — exactly those the consent gate would open, filtered in SQL so lists,
 * counts and search reveal nothing about the rest.
 */
export async function listCases(app: App, actor: Actor, rawInput: ListCasesInput) {
	const input = listCasesInput.parse(rawInput);
	const now = app.clock.now();
	const overdueAsOf = input.overdue ? (await repo.findTimezones(app.db)).map((timezone) => ({ timezone, today: localDate(now, timezone) })) : undefined;
	const { total, rows } = await repo.listCases(app.db, {
		visibleTo: caseVisibility(actor),
		now,
		status: input.status,
		inNetworkOf: input.agencyId,
		overdueAsOf,
		search: input.search || undefined,
		limit: input.pageSize,
		offset: (input.page - 1) * input.pageSize
	});
	return {
		total,
		page: input.page,
		pageSize: input.pageSize,
		cases: rows.map((r) => ({
			id: r.id,
			reference: r.reference,
			familyLabel: r.family_label,
			lmg: r.lmg_name,
			status: r.status,
			needsLeadAgency: r.needs_lead_agency === 1,
			leadAgency: r.lead_agency_name,
			openedAt: new Date(r.opened_at),
			deadline: nextDeadline(r, now)
		}))
	};
}

/** What the viewer's access covers, in words the case page can show. */
function describeAccess(access: CaseAccess) {
	return access.via === 'coordinator' ? { via: 'coordinator' as const, scope: 'all' as const } : { via: 'agency' as const, scope: access.scope };
}

/** The case page: family, members, network and consent states, and the notes the viewer's consent covers. */
export async function getCase(app: App, actor: Actor, caseId: string) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, caseId, { procedure: 'case.get', now });
	const row = (await repo.findCaseRow(app.db, caseId))!;
	const protocol = await getProtocolVersion(app.db, row.protocol_version_id);
	const [family, members, network, consentHistory, notes, referral] = await Promise.all([
		findFamily(app.db, row.family_id),
		findFamilyMembers(app.db, row.family_id),
		repo.findCaseNetwork(app.db, caseId),
		findConsentHistory(app.db, caseId),
		repo.findCaseNotes(app.db, caseId),
		repo.findCaseReferral(app.db, row.referral_id)
	]);
	const [concerns, handovers, feedback] = await Promise.all([repo.findCaseConcerns(app.db, caseId), repo.findCaseHandovers(app.db, caseId), repo.findCaseFeedback(app.db, caseId)]);
	const consent = summariseConsent(consentHistory, now);
	const visibleNotes = notes.filter((n) => canSeeCategory(access, n.category));
	const categoryLabel = new Map(protocol.document.informationCategories.map((c) => [c.key, c.label]));
	const shownCategories = [...new Set(visibleNotes.map((n) => n.category))].sort();
	await auditCaseAccess(app.db, access, actor, {
		procedure: 'case.get',
		now,
		detail: shownCategories.length ? `case record; notes: ${shownCategories.join(', ')}` : 'case record'
	});

	// The referral's own words can touch any kind of information: only those who see everything read them.
	const seesEverything = access.via === 'coordinator' || access.scope === 'all';
	const seesSafety = canSeeCategory(access, 'care_and_protection');
	const questionText = new Map(protocol.document.feedbackQuestions.map((q) => [q.key, q.text]));
	return {
		id: row.id,
		reference: row.reference,
		status: row.status,
		needsLeadAgency: row.needs_lead_agency === 1,
		lmg: { id: row.lmg_id, name: row.lmg_name, timezone: row.timezone },
		coordinator: row.coordinator_name,
		leadAgency: row.lead_agency_name,
		leadWorker: row.lead_worker_name,
		openedAt: new Date(row.opened_at),
		closedAt: row.closed_at ? new Date(row.closed_at) : null,
		/** Set once the retention job has removed the family's details and the case's content. */
		anonymisedAt: row.anonymised_at ? new Date(row.anonymised_at) : null,
		deadline: nextDeadline(row, now),
		protocol: {
			version: protocol.version,
			categories: protocol.document.informationCategories,
			consentValidityMonths: protocol.document.consent.validityMonths,
			closureReasons: protocol.document.closureReasons,
			feedbackQuestions: protocol.document.feedbackQuestions,
			retentionMonths: protocol.document.retentionMonthsAfterClosure
		},
		isLeadWorker: row.lead_worker_id === actor.userId,
		// A safety concern shows to everyone with access; what it says, only to those who may see care and protection.
		concerns: concerns.map((c) => ({
			id: c.id,
			referredTo: c.statutory_referral_to,
			referredOn: c.statutory_referral_on,
			raisedBy: c.raised_by,
			at: new Date(c.created_at),
			description: seesSafety ? c.description : null
		})),
		handovers: handovers.map((h) => ({
			id: h.id,
			status: h.status,
			from: h.from_name,
			to: h.to_name,
			reason: h.reason,
			note: seesEverything ? h.note : null,
			proposedAt: new Date(h.proposed_at),
			respondedAt: h.responded_at ? new Date(h.responded_at) : null,
			canAnswer: h.status === 'proposed' && access.via === 'agency' && access.agencyId === h.to_agency_id
		})),
		closure: {
			report: seesEverything ? row.closing_report : null,
			hasReport: row.closing_report !== null,
			reason: row.closure_reason ? (protocol.document.closureReasons.find((r) => r.key === row.closure_reason)?.label ?? row.closure_reason) : null,
			feedback: access.via === 'coordinator' ? feedback.map((f) => ({ question: questionText.get(f.question_key) ?? f.question_key, answer: f.answer })) : []
		},
		access: describeAccess(access),
		family: {
			label: family.label,
			area: family.area,
			languages: JSON.parse(family.languages_json) as string[],
			interpreterNeeded: family.interpreter_needed === 1,
			culturalIdentity: family.cultural_identity,
			iwi: family.iwi
		},
		members: members.map((m) => ({ id: m.id, name: m.name, dateOfBirth: m.date_of_birth, gender: m.gender, relationship: m.relationship, kind: m.member_kind, school: m.school })),
		referral: {
			agency: referral.agency_name,
			needs: (JSON.parse(referral.needs_json) as string[]).map((k) => categoryLabel.get(k) ?? k),
			summary: seesEverything ? referral.summary : null
		},
		network: network.map((a) => {
			const current = consent.current.find((c) => c.agencyId === a.id);
			return { id: a.id, name: a.name, kind: a.kind, consent: current ? { state: current.state, scope: current.scope, validUntil: current.validUntil } : null };
		}),
		notes: visibleNotes.map((n) => ({
			id: n.id,
			category: n.category,
			categoryLabel: categoryLabel.get(n.category) ?? n.category,
			body: n.body,
			notedOn: n.noted_on,
			author: n.author_name,
			agency: n.agency_name,
			createdAt: new Date(n.created_at)
		}))
	};
}

/** What happened on the case, newest first: only entries whose kind of information the viewer may see. */
export async function caseTimeline(app: App, actor: Actor, caseId: string) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, caseId, { procedure: 'case.timeline', now });
	const events = (await repo.findCaseEvents(app.db, caseId)).filter((e) => canSeeCategory(access, e.category));
	await auditCaseAccess(app.db, access, actor, { procedure: 'case.timeline', now, detail: 'timeline' });
	return events.map((e) => ({ id: e.id, kind: e.kind, summary: e.summary, by: e.actor_name, at: new Date(e.created_at) }));
}

/** A dated note tagged with a kind of information; an agency may write only in kinds it may read. */
export async function addNote(app: App, actor: Actor, input: AddNoteInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'case.addNote', now });
	const row = (await repo.findCaseRow(app.db, input.caseId))!;
	assertCaseOpen(row);
	const protocol = await getProtocolVersion(app.db, row.protocol_version_id);
	const category = protocol.document.informationCategories.find((c) => c.key === input.category);
	if (!category) throw ValidationError.field('category', 'Choose a kind of information from this case’s protocol');
	if (!canSeeCategory(access, category.key)) {
		throw ValidationError.field('category', 'The family has not shared this kind of information with your agency, so you cannot add notes of this kind');
	}
	const notedOn = input.notedOn ?? localDate(now, row.timezone);
	if (notedOn > localDate(now, row.timezone)) throw ValidationError.field('notedOn', 'A note cannot be dated in the future');
	const id = await app.db.transaction().execute(async (trx) => {
		const noteId = await repo.insertCaseNote(trx, {
			caseId: input.caseId,
			category: category.key,
			body: input.body,
			notedOn,
			authorId: actor.userId,
			authorAgencyId: access.via === 'agency' ? access.agencyId : null,
			at: now
		});
		await repo.insertCaseEvent(trx, { caseId: input.caseId, kind: 'note_added', summary: `${category.label} note added`, category: category.key, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'case.addNote', now, detail: `note: ${category.key}` });
		return noteId;
	});
	return { id };
}

/** The agencies a case list can be filtered by: those of the LMGs the viewer works in. Names only, no cases. */
export async function caseFilterOptions(app: App, actor: Actor) {
	const { lmgIds, agencyId } = caseVisibility(actor);
	const agencyLmgs = agencyId
		? (await app.db.selectFrom('lmg_agency').select('lmg_id').where('agency_id', '=', agencyId).execute()).map((r) => r.lmg_id)
		: [];
	const lmgs = [...new Set([...lmgIds, ...agencyLmgs])];
	if (lmgs.length === 0) return { agencies: [] };
	const agencies = await app.db
		.selectFrom('lmg_agency')
		.innerJoin('agency', 'agency.id', 'lmg_agency.agency_id')
		.select(['agency.id', 'agency.name'])
		.distinct()
		.where('lmg_agency.lmg_id', 'in', lmgs)
		.orderBy('agency.name')
		.execute();
	return { agencies };
}

/** The protocol version a case follows, in full: anyone who may see the case may read its rules. */
export async function caseProtocol(app: App, actor: Actor, caseId: string) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, caseId, { procedure: 'case.protocol', now });
	const row = (await repo.findCaseRow(app.db, caseId))!;
	const protocol = await getProtocolVersion(app.db, row.protocol_version_id);
	const newest = await getCurrentProtocol(app.db, row.lmg_id);
	await auditCaseAccess(app.db, access, actor, { procedure: 'case.protocol', now, detail: `protocol version ${protocol.version}` });
	return {
		caseId,
		reference: row.reference,
		familyLabel: (await findFamily(app.db, row.family_id)).label,
		lmg: row.lmg_name,
		lmgId: row.lmg_id,
		timezone: row.timezone,
		version: protocol.version,
		newestVersion: newest.version,
		canMove: access.via === 'coordinator' && row.status !== 'closed' && newest.id !== protocol.id,
		document: protocol.document
	};
}
