import { z } from 'zod';
import { ACTION_STATUSES } from '../../db/schema';
import { isoDate } from '../referral/referral.schema';

const key = z.string().trim().min(1).max(60);

export const goalInput = z.object({
	key: key.optional(),
	text: z.string().trim().min(1, 'Write the goal in the family’s words').max(1000),
	domain: z.string().trim().min(1, 'Choose the area of life this goal is about'),
	category: z.string().trim().min(1, 'Choose what kind of information this goal holds'),
	rating: z.number('Rate from 0 to 10').int('Rate from 0 to 10').min(0, 'Rate from 0 to 10').max(10, 'Rate from 0 to 10')
});

export const actionInput = z
	.object({
		key: key.optional(),
		goalKey: key.nullish(),
		description: z.string().trim().min(1, 'Describe the action').max(1000),
		category: z.string().trim().min(1, 'Choose what kind of information this action holds'),
		responsibleAgencyId: z.string().trim().min(1).nullish(),
		responsibleMemberId: z.string().trim().min(1).nullish(),
		workerId: z.string().trim().min(1).nullish(),
		dueOn: isoDate('Enter the due date like 2026-12-15'),
		status: z.enum(ACTION_STATUSES).optional()
	})
	.refine((a) => Boolean(a.responsibleAgencyId) !== Boolean(a.responsibleMemberId), {
		message: 'Choose who is responsible: an agency or a family member',
		path: ['responsibleAgencyId']
	});

export const savePlanInput = z.object({
	caseId: z.string().trim().min(1),
	/** The version the editor started from (0 for a case with no plan yet): a newer one means someone else saved first. */
	baseVersion: z.number().int().min(0),
	goals: z.array(goalInput).min(1, 'Add at least one goal').max(20),
	actions: z.array(actionInput).max(60)
});

export const getPlanInput = z.object({ caseId: z.string().trim().min(1), version: z.number().int().min(1).optional() });

export const updateActionInput = z.object({
	actionId: z.string().trim().min(1),
	status: z.enum(ACTION_STATUSES, 'Choose the action’s status'),
	note: z.string().trim().min(1, 'Write a short progress note').max(2000)
});

export type SavePlanInput = z.infer<typeof savePlanInput>;
export type UpdateActionInput = z.infer<typeof updateActionInput>;
