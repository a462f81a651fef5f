import { z } from 'zod';
import { AGREEMENT_METHODS, CRITERION_MET, MEMBER_KINDS } from '../../db/schema';

const id = (what: string) => z.string().trim().min(1, `Choose ${what}`);
const text = (what: string, max = 200) => z.string().trim().min(1, `Enter ${what}`).max(max, `Keep ${what} under ${max} characters`);
const optionalText = (max = 200) =>
	z
		.string()
		.trim()
		.max(max, `Keep this under ${max} characters`)
		.nullish()
		.transform((v) => (v ? v : null));
export const isoDate = (message: string) => z.iso.date(message);

export const memberInput = z.object({
	name: text('the person’s name', 120),
	dateOfBirth: isoDate('Enter the date of birth as a date, like 2015-03-21').optional().nullable(),
	gender: optionalText(60),
	relationship: text('how they are related, such as Mother or Son', 60),
	kind: z.enum(MEMBER_KINDS, 'Choose caregiver, child or other adult'),
	school: optionalText(120)
});

export const createReferralInput = z.object({
	lmgId: id('the LMG to refer to'),
	family: z.object({
		label: text('a name for the family, such as “Smith whānau”', 120),
		area: text('the area the family lives in', 120),
		languages: z.array(z.string().trim().min(1).max(60)).min(1, 'Enter at least one language the family speaks'),
		interpreterNeeded: z.boolean(),
		culturalIdentity: optionalText(120),
		iwi: optionalText(120)
	}),
	members: z.array(memberInput).min(1, 'Add at least one family member').max(20, 'Add at most 20 family members'),
	needs: z.array(z.string().trim().min(1)).min(1, 'Choose at least one kind of need'),
	summary: text('a summary of why the family needs coordinated support', 4000),
	agreement: z.object({
		date: isoDate('Enter the date the family agreed, like 2026-11-20'),
		method: z.enum(AGREEMENT_METHODS, 'Choose how the family agreed')
	})
});

export const referralIdInput = z.object({ referralId: id('a referral') });

export const assessReferralInput = z.object({
	referralId: id('a referral'),
	answers: z
		.array(z.object({ criterionKey: z.string().min(1), met: z.enum(CRITERION_MET, 'Answer yes, no or unsure'), note: optionalText(1000) }))
		.min(1, 'Answer at least one criterion')
});

export const decideReferralInput = z.discriminatedUnion('decision', [
	z.object({ referralId: id('a referral'), decision: z.literal('accept') }),
	z.object({ referralId: id('a referral'), decision: z.literal('decline'), reason: text('the reason for declining', 1000) })
]);

export const listReferralsInput = z.object({
	view: z.enum(['mine', 'queue', 'all']).default('mine'),
	page: z.number().int().min(1).default(1),
	pageSize: z.number().int().min(1).max(100).default(25)
});

export type CreateReferralInput = z.infer<typeof createReferralInput>;
export type AssessReferralInput = z.infer<typeof assessReferralInput>;
export type DecideReferralInput = z.infer<typeof decideReferralInput>;
export type ListReferralsInput = z.input<typeof listReferralsInput>;
