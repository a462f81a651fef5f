import { z } from 'zod';
import { CONFERENCE_KINDS } from '../../db/schema';
import { isoDate } from '../referral/referral.schema';

const id = (what: string) => z.string().trim().min(1, `Choose ${what}`);

export const scheduleConferenceInput = z.object({
	caseId: id('a case'),
	kind: z.enum(CONFERENCE_KINDS, 'Choose initial, review or closing'),
	date: isoDate('Enter the date like 2026-12-03'),
	time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time like 09:30'),
	location: z.string().trim().min(1, 'Enter where the conference will be held').max(200),
	facilitatorId: id('the facilitator')
});

export const inviteInput = z.object({
	conferenceId: id('a conference'),
	agencyIds: z.array(z.string().trim().min(1)).default([]),
	workerIds: z.array(z.string().trim().min(1)).default([]),
	familyMemberIds: z.array(z.string().trim().min(1)).default([]),
	supportPeople: z.array(z.string().trim().min(1).max(120)).default([])
});

export const declineWorkerInput = z.object({
	caseId: id('a case'),
	userId: id('the worker'),
	reason: z.string().trim().max(500).optional()
});

export const recordAttendanceInput = z.object({
	conferenceId: id('a conference'),
	attendance: z
		.array(
			z
				.object({
					inviteeId: z.string().trim().min(1),
					attendance: z.enum(['present', 'apologies', 'absent'], 'Choose present, apologies or absent'),
					apologyUpdate: z.string().trim().max(4000).optional()
				})
				.refine((a) => a.attendance !== 'apologies' || Boolean(a.apologyUpdate), {
					message: 'Someone who sent apologies sends a written update: enter it',
					path: ['apologyUpdate']
				})
		)
		.default([]),
	supportPeople: z.string().trim().max(1000).optional(),
	interpreter: z.string().trim().max(200).optional(),
	minutes: z.string().trim().max(20_000).optional(),
	decisions: z.string().trim().max(10_000).optional()
});

export const holdConferenceInput = z.object({
	conferenceId: id('a conference'),
	/** The plan version everyone agreed: holding freezes exactly this one. */
	planVersion: z.number().int().min(1, 'Save a plan before holding the conference')
});

export const cancelConferenceInput = z.object({
	conferenceId: id('a conference'),
	reason: z.string().trim().min(1, 'Say why the conference is cancelled').max(1000)
});

export type ScheduleConferenceInput = z.infer<typeof scheduleConferenceInput>;
export type InviteInput = z.infer<typeof inviteInput>;
export type DeclineWorkerInput = z.infer<typeof declineWorkerInput>;
export type RecordAttendanceInput = z.infer<typeof recordAttendanceInput>;
export type HoldConferenceInput = z.infer<typeof holdConferenceInput>;
export type CancelConferenceInput = z.infer<typeof cancelConferenceInput>;
