import { z } from 'zod';

export const portalWithdrawInput = z.object({
	agencyId: z.string().trim().min(1, 'Choose the agency'),
	/** Only these kinds of information; leave out to withdraw everything from this agency. */
	categories: z.array(z.string().trim().min(1)).min(1).optional()
});

export const portalRegrantInput = z.object({
	agencyId: z.string().trim().min(1, 'Choose the agency'),
	/** What the agency may see again: every kind, or the ones listed. */
	scope: z.union([z.literal('all'), z.array(z.string().trim().min(1)).min(1, 'Choose at least one kind of information')])
});

export const portalDeclineWorkerInput = z.object({
	userId: z.string().trim().min(1, 'Choose the worker'),
	reason: z.string().trim().max(500).optional()
});
