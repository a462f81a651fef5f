import { z } from 'zod';
import { isoDate } from '../referral/referral.schema';

const period = {
	from: isoDate('Enter the first day of the period like 2026-01-01'),
	to: isoDate('Enter the last day of the period like 2026-12-31')
};

export const reportInput = z
	.object({ lmgId: z.string().trim().min(1, 'Choose an LMG'), ...period })
	.refine((p) => p.from <= p.to, { message: 'The period must end on or after the day it starts', path: ['to'] });

export const compareInput = z.object(period).refine((p) => p.from <= p.to, { message: 'The period must end on or after the day it starts', path: ['to'] });

export const REPORT_TABLES = ['referrals', 'decisions', 'timeliness', 'actions', 'cases', 'closures', 'feedback', 'referralToDecisionByMonth', 'firstConferenceByMonth'] as const;
export const csvInput = z.intersection(reportInput, z.object({ table: z.enum(REPORT_TABLES, 'Choose a table to export') }));

export type ReportInput = z.infer<typeof reportInput>;
