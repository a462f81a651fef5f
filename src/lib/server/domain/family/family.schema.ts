import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../../auth/password';
import { memberInput } from '../referral/referral.schema';

export const inviteFamilyInput = z.object({
	caseId: z.string().trim().min(1, 'Choose a case'),
	familyMemberId: z.string().trim().min(1, 'Choose the family member to invite')
});

export const addMemberInput = z.object({ caseId: z.string().trim().min(1, 'Choose a case'), member: memberInput });

export const joinInput = z.object({
	code: z.string().trim().min(1, 'Enter the invitation code your coordinator gave you').max(40),
	email: z.email('Enter an email address, like aroha@example.nz').max(200),
	password: z.string().min(PASSWORD_MIN_LENGTH, `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters`).max(200)
});

export type InviteFamilyInput = z.infer<typeof inviteFamilyInput>;
export type AddMemberInput = z.infer<typeof addMemberInput>;
export type JoinInput = z.infer<typeof joinInput>;
