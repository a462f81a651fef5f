import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { App } from '../../app';
import { lockFor } from '../../db/locks';
import { createSession } from '../../auth/session';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { insertCaseEvent } from '../case/case.repository';
import { assertCaseOpen } from '../case/case-rules';
import { auditCaseAccess, authorizeCaseAccess } from '../consent/case-access';
import { ConflictError, ForbiddenError, TooManyAttemptsError, ValidationError } from '../errors';
import { insertFamilyMember } from '../referral/referral.repository';
import { emailIsTaken, findActorById, insertUser } from '../users/users.repository';
import type { AddMemberInput, InviteFamilyInput, JoinInput } from './family.schema';

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is hard to get wrong. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12; // 60 bits: with the join throttle, guessing one is hopeless
export const INVITATION_VALID_DAYS = 7;
export const joinLimits = { windowMs: 60 * 60_000, failuresPerWindow: 10 } as const;

function newCode(): string {
	const bytes = new Uint8Array(CODE_LENGTH);
	crypto.getRandomValues(bytes);
	const chars = [...bytes].map((b) => CODE_ALPHABET[b & 31]);
	return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}

/** What a person types may have spaces, dashes and lower case; the hash is of the code alone. */
function codeHash(code: string): string {
	const normalised = code.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normalised)));
}

/**
 * The coordinator invites an adult family member to the portal. The code is shown once: only
 * its hash is kept. A new invitation replaces any earlier one not yet used.
 */
export async function inviteFamilyMember(app: App, actor: Actor, input: InviteFamilyInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'family.invite', now });
	if (access.via !== 'coordinator') throw new ForbiddenError('Only the case’s coordinator can invite the family.');
	const facts = await app.db.selectFrom('family_case').select(['status', 'family_id']).where('id', '=', input.caseId).executeTakeFirstOrThrow();
	assertCaseOpen(facts);
	const member = await app.db
		.selectFrom('family_member')
		.select(['id', 'name', 'member_kind'])
		.where('id', '=', input.familyMemberId)
		.where('family_id', '=', facts.family_id)
		.executeTakeFirst();
	if (!member) throw ValidationError.field('familyMemberId', 'Choose a member of this family');
	if (member.member_kind === 'child') throw ValidationError.field('familyMemberId', 'Only an adult in the family can be invited to the portal');
	const hasAccount = await app.db.selectFrom('app_user').select('id').where('family_member_id', '=', member.id).executeTakeFirst();
	if (hasAccount) throw new ConflictError(`${member.name} already has a portal account.`);

	const code = newCode();
	const expiresAt = new Date(now.getTime() + INVITATION_VALID_DAYS * 86_400_000);
	await app.db.transaction().execute(async (trx) => {
		await trx
			.updateTable('family_invitation')
			.set({ expires_at: now.toISOString() })
			.where('family_member_id', '=', member.id)
			.where('used_at', 'is', null)
			.where('expires_at', '>', now.toISOString())
			.execute();
		await trx
			.insertInto('family_invitation')
			.values({
				id: crypto.randomUUID(),
				case_id: input.caseId,
				family_member_id: member.id,
				code_hash: codeHash(code),
				expires_at: expiresAt.toISOString(),
				used_at: null,
				used_by: null,
				created_by: actor.userId,
				created_at: now.toISOString()
			})
			.execute();
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'family_invited', summary: `${member.name} invited to the family portal`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'family.invite', now, detail: 'portal invitation' });
	});
	return { code, expiresAt, memberName: member.name };
}

export async function addFamilyMember(app: App, actor: Actor, input: AddMemberInput) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'family.addMember', now });
	if (access.via !== 'coordinator') throw new ForbiddenError('Only the case’s coordinator can add family members.');
	const facts = await app.db.selectFrom('family_case').select(['status', 'family_id']).where('id', '=', input.caseId).executeTakeFirstOrThrow();
	assertCaseOpen(facts);
	const id = await app.db.transaction().execute(async (trx) => {
		const memberId = await insertFamilyMember(trx, { familyId: facts.family_id, ...input.member, dateOfBirth: input.member.dateOfBirth ?? null, at: now });
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'member_added', summary: `${input.member.name} added to the family`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'family.addMember', now, detail: 'family member' });
		return memberId;
	});
	return { id };
}

const JOIN_REFUSED = 'That code does not work. Check it with your coordinator: codes last 7 days and can be used once.';

/**
 * A family member joins with their code: throttled per address before anything is looked up;
 * an unknown, used or expired code gets one and the same answer. Joining signs them in.
 */
export async function joinWithCode(app: App, input: JoinInput, request: { address: string; userAgent: string | null }) {
	const now = app.clock.now();
	const since = new Date(now.getTime() - joinLimits.windowMs).toISOString();
	// The check, the lookup and the failure it may record are one transaction, so simultaneous
	// tries each count against the ones before them instead of all passing the check at once.
	const found = await app.db.transaction().execute(async (trx) => {
		await lockFor(trx, `join address ${request.address}`);
		const failures = await trx
			.selectFrom('invitation_failure')
			.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('first')])
			.where('address', '=', request.address)
			.where('created_at', '>', since)
			.executeTakeFirstOrThrow();
		if (Number(failures.n) >= joinLimits.failuresPerWindow) {
			return { kind: 'throttled' as const, waitMinutes: Math.max(1, Math.ceil((new Date(failures.first!).getTime() + joinLimits.windowMs - now.getTime()) / 60_000)) };
		}
		const invitation = await trx
			.selectFrom('family_invitation')
			.select(['id', 'case_id', 'family_member_id', 'expires_at', 'used_at'])
			.where('code_hash', '=', codeHash(input.code))
			.executeTakeFirst();
		if (!invitation || invitation.used_at !== null || new Date(invitation.expires_at) <= now) {
			await trx.insertInto('invitation_failure').values({ id: crypto.randomUUID(), address: request.address, created_at: now.toISOString() }).execute();
			return { kind: 'refused' as const };
		}
		return { kind: 'valid' as const, invitation };
	});
	if (found.kind === 'throttled') {
		await recordAudit(app.db, { at: now, procedure: 'family.join', outcome: 'denied', detail: 'throttled', address: request.address });
		throw new TooManyAttemptsError(`Too many codes that did not work. Please wait ${found.waitMinutes} minutes, or ask your coordinator for help.`, found.waitMinutes * 60).markAudited();
	}
	if (found.kind === 'refused') {
		await recordAudit(app.db, { at: now, procedure: 'family.join', outcome: 'denied', detail: 'invalid code', address: request.address });
		throw ValidationError.field('code', JOIN_REFUSED).markAudited();
	}
	const { invitation } = found;
	if (await emailIsTaken(app.db, input.email)) throw ValidationError.field('email', 'Someone already uses this email in Tautoko; choose another');

	const member = await app.db.selectFrom('family_member').select(['id', 'name']).where('id', '=', invitation.family_member_id).executeTakeFirstOrThrow();
	const passwordHash = await app.passwords.hash(input.password);
	const userId = crypto.randomUUID();
	await app.db.transaction().execute(async (trx) => {
		// Only the first to use the code gets through; a second, simultaneous use updates nothing.
		const claimed = await trx
			.updateTable('family_invitation')
			.set({ used_at: now.toISOString() })
			.where('id', '=', invitation.id)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(claimed.numUpdatedRows) !== 1) throw ValidationError.field('code', JOIN_REFUSED);
		// Again, now holding the email until the insert: someone may have taken it while the password was hashed.
		if (await emailIsTaken(trx, input.email)) throw ValidationError.field('email', 'Someone already uses this email in Tautoko; choose another');
		await insertUser(trx, { id: userId, email: input.email, name: member.name, passwordHash, agencyId: null, familyMemberId: member.id, roles: [{ role: 'family', lmgId: null }], createdAt: now });
		await trx.updateTable('family_invitation').set({ used_by: userId }).where('id', '=', invitation.id).execute();
		await insertCaseEvent(trx, { caseId: invitation.case_id, kind: 'family_joined', summary: `${member.name} joined the family portal`, category: null, actorId: userId, at: now });
		await recordAudit(trx, { at: now, userId, role: 'family', procedure: 'family.join', caseId: invitation.case_id, outcome: 'allowed', address: request.address });
	});
	const { token, session } = await createSession(app.db, now, app.config.session, userId, request.userAgent);
	return { token, session, user: (await findActorById(app.db, userId))! };
}
