import { z } from 'zod';

/**
 * An LMG's protocol: the local rules of the process. Stored as validated JSON, one row per
 * version; a case keeps the version it was accepted under.
 */
const key = z
	.string()
	.regex(/^[a-z][a-z0-9_]*$/, 'Use lowercase letters, digits and underscores, starting with a letter');

const labelled = z.object({ key, label: z.string().trim().min(1, 'Enter a label') });

const target = z.object({
	amount: z.number().int().positive('Must be at least 1'),
	unit: z.enum(['days', 'working_days'])
});

function uniqueKeys<T extends { key: string }>(items: T[], ctx: z.RefinementCtx) {
	const seen = new Set<string>();
	items.forEach((item, index) => {
		if (seen.has(item.key)) ctx.addIssue({ code: 'custom', message: `The key "${item.key}" is used twice`, path: [index, 'key'] });
		seen.add(item.key);
	});
}

export const conferenceParticipants = ['family', 'coordinator', 'facilitator', 'lead_agency', 'referring_agency'] as const;

export const protocolDocumentSchema = z.object({
	referralCriteria: z
		.array(z.object({ key, text: z.string().trim().min(1, 'Enter the criterion'), required: z.boolean() }))
		.min(1, 'Add at least one referral criterion')
		.superRefine(uniqueKeys),
	informationCategories: z.array(labelled).min(1, 'Add at least one information category').superRefine(uniqueKeys),
	consent: z.object({
		formWording: z.string().trim().min(1, 'Enter the consent form wording'),
		validityMonths: z.number().int().positive('Must be at least 1 month')
	}),
	targets: z.object({ referralToDecision: target, acceptanceToFirstConference: target }),
	reviewIntervalWeeks: z.number().int().positive('Must be at least 1 week'),
	maxCaseLengthMonths: z.number().int().positive('Must be at least 1 month'),
	requiredParticipants: z.array(z.enum(conferenceParticipants)),
	facilitatorMustBeIndependent: z.boolean(),
	planDomains: z.array(labelled).min(1, 'Add at least one action-plan domain').superRefine(uniqueKeys),
	closureReasons: z.array(labelled).min(1, 'Add at least one closure reason').superRefine(uniqueKeys),
	feedbackQuestions: z
		.array(z.object({ key, text: z.string().trim().min(1, 'Enter the question') }))
		.superRefine(uniqueKeys),
	accessLogShowsStaffNames: z.boolean(),
	retentionMonthsAfterClosure: z.number().int().positive('Must be at least 1 month')
});

export type ProtocolDocument = z.infer<typeof protocolDocumentSchema>;

/** The defaults of DESIGN.md: where every new LMG starts. */
export function defaultProtocol(): ProtocolDocument {
	return {
		referralCriteria: [
			{ key: 'several_needs', text: 'The family has several needs that call for coordinated support from more than one agency', required: true },
			{ key: 'family_agrees', text: 'The family agrees to the referral and to working with the agencies', required: true },
			{ key: 'not_statutory', text: 'The needs do not call for a statutory care-and-protection response', required: true }
		],
		informationCategories: [
			{ key: 'health', label: 'Health' },
			{ key: 'education', label: 'Education' },
			{ key: 'justice', label: 'Justice' },
			{ key: 'housing', label: 'Housing' },
			{ key: 'income', label: 'Income' },
			{ key: 'care_and_protection', label: 'Care and protection' },
			{ key: 'other', label: 'Other' }
		],
		consent: {
			formWording:
				'We agree that the agencies named here may share information about our family with each other, for the kinds of information ticked, so that they can work together with us on our plan. We can change or withdraw this at any time.',
			validityMonths: 12
		},
		targets: {
			referralToDecision: { amount: 5, unit: 'working_days' },
			acceptanceToFirstConference: { amount: 15, unit: 'working_days' }
		},
		reviewIntervalWeeks: 8,
		maxCaseLengthMonths: 12,
		requiredParticipants: ['family', 'coordinator', 'facilitator', 'lead_agency'],
		facilitatorMustBeIndependent: true,
		planDomains: [
			{ key: 'health_wellbeing', label: 'Health and wellbeing' },
			{ key: 'learning', label: 'Learning and education' },
			{ key: 'home', label: 'Home and housing' },
			{ key: 'money', label: 'Money and work' },
			{ key: 'safety', label: 'Safety' },
			{ key: 'relationships', label: 'Whānau and relationships' }
		],
		closureReasons: [
			{ key: 'goals_met', label: 'The plan’s goals were met' },
			{ key: 'family_withdrew', label: 'The family chose to stop' },
			{ key: 'moved_away', label: 'The family moved out of the area' },
			{ key: 'statutory_referral', label: 'Referred to a statutory service' }
		],
		feedbackQuestions: [
			{ key: 'listened_to', text: 'Did you feel listened to?' },
			{ key: 'plan_helped', text: 'Did the plan help your family?' }
		],
		accessLogShowsStaffNames: false,
		retentionMonthsAfterClosure: 84
	};
}
