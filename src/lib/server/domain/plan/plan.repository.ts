import type { Transaction } from 'kysely';
import type { Executor } from '../../db';
import { lockFor } from '../../db/locks';
import type { ActionStatus, Database } from '../../db/schema';

/**
 * Taken before reading which version of a case's plan is the newest, by whoever then writes on
 * the strength of it (saving a new version, agreeing one at a conference): two saves from the same
 * version cannot both pass the version check (db/locks.ts).
 */
export async function lockPlan(trx: Transaction<Database>, caseId: string): Promise<void> {
	await lockFor(trx, `plan:${caseId}`);
}

export async function findLatestPlan(db: Executor, caseId: string) {
	return db
		.selectFrom('action_plan')
		.select(['id', 'version', 'status', 'conference_id', 'agreed_at', 'updated_at', 'created_by'])
		.where('case_id', '=', caseId)
		.orderBy('version', 'desc')
		.limit(1)
		.executeTakeFirst();
}

export async function findPlanVersion(db: Executor, caseId: string, version: number) {
	return db
		.selectFrom('action_plan')
		.select(['id', 'version', 'status', 'conference_id', 'agreed_at', 'updated_at', 'created_by'])
		.where('case_id', '=', caseId)
		.where('version', '=', version)
		.executeTakeFirst();
}

/** The agreed versions, oldest first: the plan's history conference by conference. */
export async function findAgreedPlans(db: Executor, caseId: string) {
	return db
		.selectFrom('action_plan')
		.leftJoin('conference', 'conference.id', 'action_plan.conference_id')
		.select(['action_plan.id', 'action_plan.version', 'action_plan.agreed_at', 'conference.kind as conference_kind'])
		.where('action_plan.case_id', '=', caseId)
		.where('action_plan.status', '=', 'agreed')
		.orderBy('action_plan.version')
		.execute();
}

export async function findGoals(db: Executor, planIds: string[]) {
	if (planIds.length === 0) return [];
	return db
		.selectFrom('goal')
		.select(['id', 'plan_id', 'goal_key', 'position', 'text', 'domain', 'category', 'rating'])
		.where('plan_id', 'in', planIds)
		.orderBy('position')
		.execute();
}

export async function findActions(db: Executor, planIds: string[]) {
	if (planIds.length === 0) return [];
	return db
		.selectFrom('plan_action as a')
		.leftJoin('agency', 'agency.id', 'a.responsible_agency_id')
		.leftJoin('family_member as fm', 'fm.id', 'a.responsible_member_id')
		.leftJoin('app_user as worker', 'worker.id', 'a.worker_id')
		.leftJoin('goal', 'goal.id', 'a.goal_id')
		.select([
			'a.id',
			'a.plan_id',
			'a.action_key',
			'a.position',
			'a.description',
			'a.category',
			'a.responsible_agency_id',
			'a.responsible_member_id',
			'a.worker_id',
			'a.due_on',
			'a.status',
			'a.needs_reassignment',
			'a.completed_on',
			'a.updated_at',
			'agency.name as agency_name',
			'fm.name as member_name',
			'worker.name as worker_name',
			'goal.goal_key as goal_key'
		])
		.where('a.plan_id', 'in', planIds)
		.orderBy('a.position')
		.execute();
}

export async function insertPlan(db: Executor, row: { id: string; caseId: string; version: number; createdBy: string; at: Date }) {
	await db
		.insertInto('action_plan')
		.values({
			id: row.id,
			case_id: row.caseId,
			version: row.version,
			status: 'draft',
			conference_id: null,
			created_by: row.createdBy,
			agreed_at: null,
			created_at: row.at.toISOString(),
			updated_at: row.at.toISOString()
		})
		.execute();
}

export async function insertGoal(
	db: Executor,
	row: { id: string; planId: string; key: string; position: number; text: string; domain: string; category: string; rating: number; at: Date }
) {
	await db
		.insertInto('goal')
		.values({
			id: row.id,
			plan_id: row.planId,
			goal_key: row.key,
			position: row.position,
			text: row.text,
			domain: row.domain,
			category: row.category,
			rating: row.rating,
			created_at: row.at.toISOString()
		})
		.execute();
}

export async function insertAction(
	db: Executor,
	row: {
		planId: string;
		goalId: string | null;
		key: string;
		position: number;
		description: string;
		category: string;
		agencyId: string | null;
		memberId: string | null;
		workerId: string | null;
		dueOn: string;
		status: ActionStatus;
		needsReassignment: boolean;
		completedOn: string | null;
		at: Date;
	}
) {
	await db
		.insertInto('plan_action')
		.values({
			id: crypto.randomUUID(),
			plan_id: row.planId,
			goal_id: row.goalId,
			action_key: row.key,
			position: row.position,
			description: row.description,
			category: row.category,
			responsible_agency_id: row.agencyId,
			responsible_member_id: row.memberId,
			worker_id: row.workerId,
			due_on: row.dueOn,
			status: row.status,
			needs_reassignment: row.needsReassignment ? 1 : 0,
			completed_on: row.completedOn,
			updated_at: row.at.toISOString(),
			created_at: row.at.toISOString()
		})
		.execute();
}

/** Progress notes follow an action through every version of the plan, by its stable key. */
export async function findProgress(db: Executor, caseId: string, actionKeys: string[]) {
	if (actionKeys.length === 0) return [];
	return db
		.selectFrom('action_progress as p')
		.innerJoin('plan_action as a', 'a.id', 'p.action_id')
		.innerJoin('action_plan as plan', 'plan.id', 'a.plan_id')
		.innerJoin('app_user as u', 'u.id', 'p.author_id')
		.select(['a.action_key', 'p.status', 'p.note', 'p.created_at', 'u.name as author_name'])
		.where('plan.case_id', '=', caseId)
		.where('a.action_key', 'in', actionKeys)
		.orderBy('p.created_at', 'desc')
		.execute();
}
