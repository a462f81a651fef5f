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

const id = (what: string) => z.string().trim().min(1, `Choose ${what}`);

export const setLeadAgencyInput = z.object({
	caseId: id('a case'),
	agencyId: id('the lead agency'),
	leadWorkerId: id('the lead worker'),
	reason: z.string().trim().min(1, 'Say why this agency leads').max(1000)
});

export const proposeHandoverInput = z.object({
	caseId: id('a case'),
	toAgencyId: id('the agency to take over the lead'),
	reason: z.string().trim().min(1, 'Say why the lead should change').max(1000),
	note: z.string().trim().max(4000).optional()
});

export const respondToHandoverInput = z.object({
	handoverId: id('a handover'),
	/** Who in the receiving agency leads from now; the person accepting, if not given. */
	leadWorkerId: z.string().trim().min(1).optional()
});

export const declineHandoverInput = z.object({
	handoverId: id('a handover'),
	reason: z.string().trim().min(1, 'Say why your agency cannot take the lead').max(1000)
});

export const raiseConcernInput = z.object({
	caseId: id('a case'),
	description: z.string().trim().min(10, 'Describe the safety concern (at least a sentence)').max(4000),
	statutoryReferralTo: z.string().trim().min(1, 'Say which statutory service the concern was referred to').max(200),
	statutoryReferralOn: isoDate('Enter the date of the statutory referral like 2026-11-22')
});

export const closingReportInput = z.object({
	caseId: id('a case'),
	report: z.string().trim().min(20, 'Write the closing report (at least a few sentences)').max(20_000)
});

export const closeCaseInput = z.object({
	caseId: id('a case'),
	reason: id('the reason for closing'),
	feedback: z.array(z.object({ questionKey: z.string().trim().min(1), answer: z.string().trim().max(2000) })).default([])
});

export type SetLeadAgencyInput = z.infer<typeof setLeadAgencyInput>;
export type ProposeHandoverInput = z.infer<typeof proposeHandoverInput>;
export type RespondToHandoverInput = z.infer<typeof respondToHandoverInput>;
export type DeclineHandoverInput = z.infer<typeof declineHandoverInput>;
export type RaiseConcernInput = z.infer<typeof raiseConcernInput>;
export type ClosingReportInput = z.infer<typeof closingReportInput>;
export type CloseCaseInput = z.infer<typeof closeCaseInput>;
