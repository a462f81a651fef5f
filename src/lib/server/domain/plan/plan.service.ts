import type { App } from '../../app';
import { assertCaseOpen } from '../case/case-rules';
import type { Executor } from '../../db';
import type { ActionStatus } from '../../db/schema';
import type { Actor } from '../actor';
import { findCaseFacts, insertCaseEvent } from '../case/case.repository';
import { auditCaseAccess, authorizeCaseAccess, canSeeCategory, type CaseAccess } from '../consent/case-access';
import { findActiveConsent } from '../consent/consent.repository';
import { localDate } from '../deadlines/deadlines';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { getProtocolVersion, type ProtocolVersion } from '../protocol/protocol.service';
import * as repo from './plan.repository';
import type { SavePlanInput, UpdateActionInput } from './plan.schema';

const OPEN_ACTION: ActionStatus[] = ['not_started', 'in_progress'];


/**
 * Who may change the plan as a whole: the coordinator, the lead worker, or the facilitator of a
 * conference still to be held — and an agency person only with consent to see all of it.
 */
async function mayEditPlan(db: Executor, access: CaseAccess, actor: Actor, facts: { lead_worker_id: string | null }, caseId: string) {
	if (access.via === 'coordinator') return true;
	if (access.scope !== 'all') return false;
	if (facts.lead_worker_id === actor.userId) return true;
	const facilitating = await db
		.selectFrom('conference')
		.select('id')
		.where('case_id', '=', caseId)
		.where('status', '=', 'scheduled')
		.where('facilitator_id', '=', actor.userId)
		.executeTakeFirst();
	return facilitating !== undefined;
}

function mayUpdateAction(access: CaseAccess, actor: Actor, facts: { lead_worker_id: string | null }, action: { responsible_agency_id: string | null; category: string }) {
	if (!canSeeCategory(access, action.category)) return false;
	if (access.via === 'coordinator' || facts.lead_worker_id === actor.userId) return true;
	return access.agencyId === action.responsible_agency_id;
}

type GoalRow = Awaited<ReturnType<typeof repo.findGoals>>[number];
type ActionRow = Awaited<ReturnType<typeof repo.findActions>>[number];

/** What changed between two versions of the plan, in the words a review conference uses. */
function describeChanges(before: { goals: GoalRow[]; actions: ActionRow[] }, after: { goals: GoalRow[]; actions: ActionRow[] }) {
	const changes: string[] = [];
	for (const goal of after.goals) {
		const old = before.goals.find((g) => g.goal_key === goal.goal_key);
		if (!old) changes.push(`New goal: “${goal.text}”`);
		else {
			if (old.text !== goal.text) changes.push(`Goal reworded: “${old.text}” → “${goal.text}”`);
			if (old.rating !== goal.rating) changes.push(`“${goal.text}”: rating ${old.rating} → ${goal.rating}`);
		}
	}
	for (const goal of before.goals) if (!after.goals.some((g) => g.goal_key === goal.goal_key)) changes.push(`Goal removed: “${goal.text}”`);
	for (const action of after.actions) {
		const old = before.actions.find((a) => a.action_key === action.action_key);
		if (!old) changes.push(`New action: ${action.description}`);
		else {
			if (old.status !== action.status) changes.push(`${action.description}: ${old.status.replace('_', ' ')} → ${action.status.replace('_', ' ')}`);
			if (old.due_on !== action.due_on) changes.push(`${action.description}: due ${old.due_on} → ${action.due_on}`);
			const who = (a: ActionRow) => a.agency_name ?? a.member_name ?? '—';
			if (who(old) !== who(action)) changes.push(`${action.description}: now with ${who(action)} (was ${who(old)})`);
		}
	}
	for (const action of before.actions) if (!after.actions.some((a) => a.action_key === action.action_key)) changes.push(`Action removed: ${action.description}`);
	return changes;
}

/**
 * The plan as the viewer may see it: goals and actions only in the kinds of information their
 * consent covers; each goal's rating over the agreed versions; what changed since the last one.
 */
export async function getPlan(app: App, actor: Actor, input: { caseId: string; version?: number }) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'plan.get', now });
	const facts = await findCaseFacts(app.db, input.caseId);
	const protocol = await getProtocolVersion(app.db, facts.protocol_version_id);
	const plan = input.version ? await repo.findPlanVersion(app.db, input.caseId, input.version) : await repo.findLatestPlan(app.db, input.caseId);
	if (input.version && !plan) throw new NotFoundError('plan version');
	const canEdit = facts.status !== 'closed' && (await mayEditPlan(app.db, access, actor, facts, input.caseId));
	await auditCaseAccess(app.db, access, actor, { procedure: 'plan.get', now, detail: plan ? `plan version ${plan.version}` : 'plan (none yet)' });
	const domainLabel = new Map(protocol.document.planDomains.map((d) => [d.key, d.label]));
	const categoryLabel = new Map(protocol.document.informationCategories.map((c) => [c.key, c.label]));
	const vocabulary = { domains: protocol.document.planDomains, categories: protocol.document.informationCategories };
	const family = await app.db.selectFrom('family').select('label').where('id', '=', facts.family_id).executeTakeFirstOrThrow();
	const caseSummary = { reference: facts.reference, familyLabel: family.label, timezone: facts.timezone };
	if (!plan) {
		return { case: caseSummary, plan: null, canEdit, access: access.via, vocabulary, agreedVersions: [], goals: [], actions: [], changesSincePreviousAgreed: null, previousAgreedVersion: null };
	}

	const isLatest = input.version === undefined || (await repo.findLatestPlan(app.db, input.caseId))?.id === plan.id;
	const agreed = await repo.findAgreedPlans(app.db, input.caseId);
	const previousAgreed = [...agreed].reverse().find((p) => p.version < plan.version) ?? null;
	const planIds = [...new Set([plan.id, ...agreed.map((p) => p.id)])];
	const [allGoals, allActions] = await Promise.all([repo.findGoals(app.db, planIds), repo.findActions(app.db, planIds)]);
	const visibleGoal = (g: GoalRow) => canSeeCategory(access, g.category);
	const visibleAction = (a: ActionRow) => canSeeCategory(access, a.category);
	const goals = allGoals.filter((g) => g.plan_id === plan.id && visibleGoal(g));
	const actions = allActions.filter((a) => a.plan_id === plan.id && visibleAction(a));
	const progress = await repo.findProgress(app.db, input.caseId, actions.map((a) => a.action_key));

	const today = localDate(now, facts.timezone);
	const versionsForHistory = [...agreed.filter((p) => p.version <= plan.version), ...(plan.status === 'draft' ? [{ id: plan.id, version: plan.version, agreed_at: null, conference_kind: null }] : [])];
	return {
		case: caseSummary,
		plan: {
			id: plan.id,
			version: plan.version,
			status: plan.status,
			agreedAt: plan.agreed_at ? new Date(plan.agreed_at) : null,
			savedAt: new Date(plan.updated_at)
		},
		canEdit,
		access: access.via,
		vocabulary,
		agreedVersions: agreed.map((p) => ({ version: p.version, agreedAt: p.agreed_at ? new Date(p.agreed_at) : null, conferenceKind: p.conference_kind })),
		goals: goals.map((g) => ({
			key: g.goal_key,
			text: g.text,
			domain: g.domain,
			domainLabel: domainLabel.get(g.domain) ?? g.domain,
			category: g.category,
			categoryLabel: categoryLabel.get(g.category) ?? g.category,
			rating: g.rating,
			ratingHistory: versionsForHistory.flatMap((v) => {
				const then = allGoals.find((x) => x.plan_id === v.id && x.goal_key === g.goal_key);
				return then ? [{ version: v.version, rating: then.rating, agreedAt: v.agreed_at ? new Date(v.agreed_at) : null }] : [];
			})
		})),
		actions: actions.map((a) => ({
			id: a.id,
			key: a.action_key,
			goalKey: a.goal_key,
			description: a.description,
			category: a.category,
			categoryLabel: categoryLabel.get(a.category) ?? a.category,
			responsibleAgencyId: a.responsible_agency_id,
			responsibleMemberId: a.responsible_member_id,
			responsible: a.agency_name ?? a.member_name ?? '—',
			worker: a.worker_name,
			workerId: a.worker_id,
			dueOn: a.due_on,
			status: a.status,
			needsReassignment: a.needs_reassignment === 1,
			completedOn: a.completed_on,
			overdue: OPEN_ACTION.includes(a.status) && a.due_on < today,
			canUpdate: facts.status !== 'closed' && isLatest && mayUpdateAction(access, actor, facts, a),
			progress: progress.filter((p) => p.action_key === a.action_key).map((p) => ({ status: p.status, note: p.note, by: p.author_name, at: new Date(p.created_at) }))
		})),
		changesSincePreviousAgreed: previousAgreed
			? describeChanges(
					{ goals: allGoals.filter((g) => g.plan_id === previousAgreed.id && visibleGoal(g)), actions: allActions.filter((a) => a.plan_id === previousAgreed.id && visibleAction(a)) },
					{ goals, actions }
				)
			: null,
		previousAgreedVersion: previousAgreed?.version ?? null
	};
}

async function validatePlan(db: Executor, input: SavePlanInput, protocol: ProtocolVersion, familyId: string, caseId: string, now: Date) {
	const errors: Record<string, string[]> = {};
	const add = (field: string, message: string) => (errors[field] ??= []).push(message);
	const domains = protocol.document.planDomains.map((d) => d.key);
	const categories = protocol.document.informationCategories.map((c) => c.key);
	const goalKeys = new Set<string>();
	input.goals.forEach((g, i) => {
		if (!domains.includes(g.domain)) add(`goals.${i}.domain`, 'Choose an area of life from this case’s protocol');
		if (!categories.includes(g.category)) add(`goals.${i}.category`, 'Choose a kind of information from this case’s protocol');
		if (g.key && goalKeys.has(g.key)) add(`goals.${i}.key`, 'This goal appears twice');
		if (g.key) goalKeys.add(g.key);
	});
	for (const [i, a] of input.actions.entries()) {
		if (!categories.includes(a.category)) add(`actions.${i}.category`, 'Choose a kind of information from this case’s protocol');
		if (a.goalKey && !goalKeys.has(a.goalKey)) add(`actions.${i}.goalKey`, 'Choose one of this plan’s goals');
		if (a.responsibleAgencyId) {
			if (!(await findActiveConsent(db, caseId, a.responsibleAgencyId, now))) {
				add(`actions.${i}.responsibleAgencyId`, 'That agency holds no consent on this case, so it cannot be given an action');
			} else if (a.workerId) {
				const worker = await db.selectFrom('app_user').select('id').where('id', '=', a.workerId).where('agency_id', '=', a.responsibleAgencyId).where('disabled_at', 'is', null).executeTakeFirst();
				if (!worker) add(`actions.${i}.workerId`, 'Choose a worker of the responsible agency');
			}
		}
		if (a.responsibleMemberId) {
			const member = await db.selectFrom('family_member').select('id').where('id', '=', a.responsibleMemberId).where('family_id', '=', familyId).executeTakeFirst();
			if (!member) add(`actions.${i}.responsibleMemberId`, 'Choose a member of this family');
		}
	}
	if (Object.keys(errors).length > 0) throw new ValidationError('Some parts of the plan need changing.', errors);
}

/**
 * Saves the plan as a new version. The editor names the version they started from: if someone
 * saved in between, they get CONFLICT and nothing is written — their form keeps what they typed.
 */
export async function savePlan(app: App, actor: Actor, input: SavePlanInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'plan.save', now });
	const facts = await findCaseFacts(app.db, input.caseId);
	assertCaseOpen(facts);
	if (!(await mayEditPlan(app.db, access, actor, facts, input.caseId))) {
		throw new ForbiddenError('Only the coordinator, the lead worker or the conference’s facilitator can change the plan.');
	}
	const protocol = await getProtocolVersion(app.db, facts.protocol_version_id);
	await validatePlan(app.db, input, protocol, facts.family_id, input.caseId, now);

	return app.db.transaction().execute(async (trx) => {
		await repo.lockPlan(trx, input.caseId);
		const latest = await repo.findLatestPlan(trx, input.caseId);
		const current = latest?.version ?? 0;
		if (current !== input.baseVersion) {
			throw new ConflictError(
				`Someone else saved this plan (now version ${current}) after you opened version ${input.baseVersion}. Nothing of yours was saved, and your changes are still in the form: open the plan in a new tab, compare, then save again.`
			);
		}
		const previousActions = latest ? await repo.findActions(trx, [latest.id]) : [];
		const planId = crypto.randomUUID();
		const version = current + 1;
		await repo.insertPlan(trx, { id: planId, caseId: input.caseId, version, createdBy: actor.userId, at: now });
		const goalIds = new Map<string, string>();
		for (const [position, goal] of input.goals.entries()) {
			const key = goal.key ?? `g-${crypto.randomUUID().slice(0, 8)}`;
			const id = crypto.randomUUID();
			goalIds.set(key, id);
			await repo.insertGoal(trx, { id, planId, key, position, text: goal.text, domain: goal.domain, category: goal.category, rating: goal.rating, at: now });
		}
		for (const [position, action] of input.actions.entries()) {
			const key = action.key ?? `a-${crypto.randomUUID().slice(0, 8)}`;
			const before = previousActions.find((a) => a.action_key === key);
			const status = action.status ?? before?.status ?? 'not_started';
			const sameResponsibility = before && before.responsible_agency_id === (action.responsibleAgencyId ?? null);
			await repo.insertAction(trx, {
				planId,
				goalId: action.goalKey ? (goalIds.get(action.goalKey) ?? null) : null,
				key,
				position,
				description: action.description,
				category: action.category,
				agencyId: action.responsibleAgencyId ?? null,
				memberId: action.responsibleMemberId ?? null,
				workerId: action.workerId ?? null,
				dueOn: action.dueOn,
				status,
				needsReassignment: Boolean(sameResponsibility && before.needs_reassignment === 1),
				completedOn: status === 'done' ? (before?.completed_on ?? localDate(now, facts.timezone)) : null,
				at: now
			});
		}
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'plan_saved', summary: `Plan version ${version} saved`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'plan.save', now, detail: `plan version ${version}` });
		return { version };
	});
}

/** The responsible agency, the lead worker or the coordinator records an action's progress. */
export async function updateAction(app: App, actor: Actor, input: UpdateActionInput) {
	const now = app.clock.now();
	const action = await app.db
		.selectFrom('plan_action as a')
		.innerJoin('action_plan as p', 'p.id', 'a.plan_id')
		.select(['a.id', 'a.plan_id', 'a.description', 'a.category', 'a.responsible_agency_id', 'a.status', 'p.case_id'])
		.where('a.id', '=', input.actionId)
		.executeTakeFirst();
	if (!action) throw new NotFoundError('action');
	const access = await authorizeCaseAccess(app.db, actor, action.case_id, { procedure: 'action.update', now, named: 'action' });
	if (!canSeeCategory(access, action.category)) throw new NotFoundError('action');
	const facts = await findCaseFacts(app.db, action.case_id);
	assertCaseOpen(facts);
	if (!mayUpdateAction(access, actor, facts, action)) {
		throw new ForbiddenError('Only the responsible agency, the lead worker or the coordinator can update this action.');
	}
	const latest = await repo.findLatestPlan(app.db, action.case_id);
	if (latest?.id !== action.plan_id) throw new ConflictError('The plan has changed since you opened it; reload it to update this action.');

	const today = localDate(now, facts.timezone);
	await app.db.transaction().execute(async (trx) => {
		await trx
			.updateTable('plan_action')
			.set({ status: input.status, completed_on: input.status === 'done' ? today : null, updated_at: now.toISOString() })
			.where('id', '=', action.id)
			.execute();
		await trx
			.insertInto('action_progress')
			.values({ id: crypto.randomUUID(), action_id: action.id, status: input.status, note: input.note, author_id: actor.userId, created_at: now.toISOString() })
			.execute();
		await insertCaseEvent(trx, {
			caseId: action.case_id,
			kind: 'action_updated',
			summary: `Action “${action.description}” is now ${input.status.replace('_', ' ')}`,
			category: action.category,
			actorId: actor.userId,
			at: now
		});
		await auditCaseAccess(trx, access, actor, { procedure: 'action.update', now, detail: `action: ${action.category}` });
	});
}
