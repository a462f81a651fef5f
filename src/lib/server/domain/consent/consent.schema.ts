import { z } from 'zod';
import { CONSENT_METHODS } from '../../db/schema';
import { isoDate } from '../referral/referral.schema';

const id = (what: string) => z.string().trim().min(1, `Choose ${what}`);

export const consentScope = z.union([z.literal('all'), z.array(z.string().trim().min(1)).min(1, 'Choose at least one kind of information')]);

export const recordConsentInput = z.object({
	caseId: id('a case'),
	agencyId: id('the agency'),
	decision: z.enum(['granted', 'declined'], 'Choose whether the family gave or refused consent'),
	scope: consentScope.default('all'),
	givenByMemberId: id('the family member who gave or refused consent'),
	method: z.enum(CONSENT_METHODS, 'Choose how consent was given'),
	validFrom: isoDate('Enter the start date like 2026-11-22').optional(),
	validUntil: isoDate('Enter the end date like 2027-11-22').optional(),
	note: z.string().trim().max(1000).optional()
});

export const withdrawConsentInput = z.object({
	caseId: id('a case'),
	agencyId: id('the agency'),
	/** Withdraw only these kinds of information; leave out to withdraw everything. */
	categories: z.array(z.string().trim().min(1)).min(1).optional(),
	note: z.string().trim().max(1000).optional()
});

export const legalBases = {
	serious_threat: 'Serious threat to someone’s life, health or safety (Privacy Act 2020, principle 11(f))',
	child_wellbeing: 'A child’s safety or well-being (Oranga Tamariki Act 1989, section 66C)',
	family_violence: 'Protecting a victim of family violence (Family Violence Act 2018, section 20)'
} as const;

export const discloseInput = z.object({
	caseId: id('a case'),
	agencyId: id('the agency the information went to'),
	legalBasis: z.enum(Object.keys(legalBases) as [keyof typeof legalBases], 'Choose the legal basis for sharing without consent'),
	reason: z.string().trim().min(20, 'Write the reason in at least a sentence (20 characters or more)').max(2000)
});

export const caseIdInput = z.object({ caseId: id('a case') });

export type RecordConsentInput = z.infer<typeof recordConsentInput>;
export type WithdrawConsentInput = z.infer<typeof withdrawConsentInput>;
export type DiscloseInput = z.infer<typeof discloseInput>;
