import { z } from 'zod';
import { AGENCY_KINDS, AGENCY_SECTORS, type AgencyKind } from '../../db/schema';

export const agencyKinds = AGENCY_KINDS;

export const agencyKindLabels: Record<AgencyKind, string> = {
	health: 'Health',
	education: 'Education',
	police: 'Police',
	housing: 'Housing',
	income: 'Income support',
	care_and_protection: 'Care and protection',
	ngo: 'Non-government organisation',
	maori_provider: 'Māori provider',
	pacific_provider: 'Pacific provider',
	other: 'Other'
};

export const agencySectors = AGENCY_SECTORS;

/** Every IANA zone this Node knows; an LMG's timezone must be one of them. */
export const timezones: readonly string[] = Intl.supportedValuesOf('timeZone');

const id = z.string().trim().min(1, 'Choose one from the list');
const name = (what: string) => z.string().trim().min(1, `Enter the ${what}`).max(120, `Keep the ${what} under 120 characters`);

export const createRegionInput = z.object({ name: name('region’s name') });

export const createLmgInput = z.object({
	name: name('LMG’s name'),
	regionId: id,
	timezone: z.string().refine((tz) => timezones.includes(tz), 'Choose a timezone from the list, such as Pacific/Auckland')
});

export const createAgencyInput = z.object({
	name: name('agency’s name'),
	kind: z.enum(agencyKinds, 'Choose the kind of agency'),
	sector: z.enum(agencySectors, 'Choose government or non-government'),
	lmgIds: z.array(id).default([])
});

export const addAgencyToLmgInput = z.object({ agencyId: id, lmgId: id });

export type CreateRegionInput = z.infer<typeof createRegionInput>;
export type CreateLmgInput = z.infer<typeof createLmgInput>;
export type CreateAgencyInput = z.infer<typeof createAgencyInput>;
export type AddAgencyToLmgInput = z.infer<typeof addAgencyToLmgInput>;
