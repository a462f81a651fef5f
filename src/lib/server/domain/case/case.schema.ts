import { z } from 'zod';
import { CASE_STATUSES } from '../../db/schema';
import { isoDate } from '../referral/referral.schema';

export const listCasesInput = z.object({
	search: z.string().trim().max(100).optional(),
	status: z.enum(CASE_STATUSES).optional(),
	agencyId: z.string().trim().min(1).optional(),
	overdue: z.boolean().optional(),
	page: z.number().int().min(1).default(1),
	pageSize: z.number().int().min(1).max(100).default(25)
});

export const addNoteInput = z.object({
	caseId: z.string().trim().min(1, 'Choose a case'),
	category: z.string().trim().min(1, 'Choose what kind of information this note holds'),
	body: z.string().trim().min(1, 'Write the note').max(10_000, 'Keep a note under 10,000 characters'),
	notedOn: isoDate('Enter the date like 2026-11-22').optional()
});

export type ListCasesInput = z.input<typeof listCasesInput>;
export type AddNoteInput = z.infer<typeof addNoteInput>;
