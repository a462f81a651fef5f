import type { z } from 'zod';
import type { App } from '../../app';
import type { Executor } from '../../db';
import { lockFor } from '../../db/locks';
import { lmgIdsWhere, type Actor } from '../actor';
import { recordAudit } from '../audit/audit.service';
import { findCaseFacts, insertCaseEvent } from '../case/case.repository';
import { assertCaseOpen } from '../case/case-rules';
import { auditCaseAccess, authorizeCaseAccess } from '../consent/case-access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { describeProtocolChanges } from './protocol-diff';
import type { moveCaseInput, saveDraftInput } from './protocol-editor.schema';
import { protocolDocumentSchema, type ProtocolDocument } from './protocol.schema';
import { getCurrentProtocol } from './protocol.service';

/**
 * Each LMG's protocol: its LMG members edit a draft and publish it as a new version; its
 * coordinators read it. Nobody else — and no one from another LMG — sees or changes it.
 */
function authorize(actor: Actor, lmgId: string, action: 'read' | 'edit') {
	const editors = lmgIdsWhere(actor, 'lmg_admin');
	if (editors.includes(lmgId)) return;
	if (action === 'read' && lmgIdsWhere(actor, 'coordinator').includes(lmgId)) return;
	throw new ForbiddenError(action === 'read' ? 'Only this LMG’s members and coordinators can read its protocol.' : 'Only this LMG’s members can change its protocol.');
}

async function versions(db: Executor, lmgId: string) {
	return db
		.selectFrom('protocol_version as pv')
		.leftJoin('app_user as u', 'u.id', 'pv.published_by')
		.select(['pv.id', 'pv.version', 'pv.status', 'pv.document_json', 'pv.change_note', 'pv.published_at', 'pv.created_at', 'u.name as published_by'])
		.where('pv.lmg_id', '=', lmgId)
		.orderBy('pv.version')
		.execute();
}

const parse = (json: string): ProtocolDocument => protocolDocumentSchema.parse(JSON.parse(json));

/** Field messages from the protocol schema, keyed by dotted path, for a draft that does not validate. */
function validate(document: unknown): ProtocolDocument {
	const result = protocolDocumentSchema.safeParse(document);
	if (result.success) return result.data;
	const errors: Record<string, string[]> = {};
	for (const issue of result.error.issues) (errors[issue.path.join('.')] ??= []).push(issue.message);
	throw new ValidationError('The protocol has problems to fix before it can be saved.', errors);
}

/** Categories that consents already name cannot leave the protocol: those consents would lose their meaning. */
async function assertCategoriesStillCovered(db: Executor, lmgId: string, document: ProtocolDocument) {
	const rows = await db
		.selectFrom('consent_event as ce')
		.innerJoin('family_case as c', 'c.id', 'ce.case_id')
		.select('ce.categories_json')
		.distinct()
		.where('c.lmg_id', '=', lmgId)
		.where('ce.scope_all', '=', 0)
		.execute();
	const used = new Set(rows.flatMap((r) => JSON.parse(r.categories_json) as string[]));
	const kept = new Set(document.informationCategories.map((c) => c.key));
	const missing = [...used].filter((c) => !kept.has(c));
	if (missing.length > 0) {
		throw ValidationError.field('informationCategories', `Existing consents use ${missing.join(', ')}: keep ${missing.length === 1 ? 'it' : 'them'} in the list`);
	}
}

/** The LMG's protocol: the version in force (or the one asked for), any draft, and the whole history. */
export async function getProtocol(app: App, actor: Actor, input: { lmgId: string; version?: number }) {
	authorize(actor, input.lmgId, 'read');
	const all = await versions(app.db, input.lmgId);
	const published = all.filter((v) => v.status === 'published');
	const shown = input.version ? published.find((v) => v.version === input.version) : published.at(-1);
	if (!shown) throw new NotFoundError('protocol version');
	const draft = all.find((v) => v.status === 'draft');
	const lmg = await app.db.selectFrom('lmg').select(['name', 'timezone']).where('id', '=', input.lmgId).executeTakeFirstOrThrow();
	const canEdit = lmgIdsWhere(actor, 'lmg_admin').includes(input.lmgId);
	return {
		lmg: { id: input.lmgId, name: lmg.name, timezone: lmg.timezone },
		canEdit,
		current: { version: shown.version, document: parse(shown.document_json), publishedAt: shown.published_at ? new Date(shown.published_at) : null, publishedBy: shown.published_by, changeNote: shown.change_note },
		draft: draft && canEdit ? { version: draft.version, document: parse(draft.document_json), savedAt: new Date(draft.created_at), changes: describeProtocolChanges(parse(published.at(-1)!.document_json), parse(draft.document_json)) } : null,
		history: published.map((v) => ({ version: v.version, publishedAt: v.published_at ? new Date(v.published_at) : null, publishedBy: v.published_by, changeNote: v.change_note })).reverse()
	};
}

/** Saves the LMG's one draft (creating it as the next version number), after every check publishing would make. */
export async function saveDraft(app: App, actor: Actor, input: z.infer<typeof saveDraftInput>) {
	await storeDraft(app, actor, input, { procedure: 'protocol.saveDraft', detail: 'protocol draft' });
}

/** saveDraft's work, audited under the procedure that asked for it (the editor's save, or a file imported). */
async function storeDraft(app: App, actor: Actor, input: z.infer<typeof saveDraftInput>, audit: { procedure: string; detail: string }) {
	authorize(actor, input.lmgId, 'edit');
	const document = validate(input.document);
	await assertCategoriesStillCovered(app.db, input.lmgId, document);
	const now = app.clock.now();
	await app.db.transaction().execute(async (trx) => {
		// One draft per LMG, numbered after the newest version: two saves at once must not both create it (db/locks.ts).
		await lockFor(trx, `protocol:${input.lmgId}`);
		const all = await versions(trx, input.lmgId);
		const draft = all.find((v) => v.status === 'draft');
		if (draft) {
			await trx.updateTable('protocol_version').set({ document_json: JSON.stringify(document), created_by: actor.userId, created_at: now.toISOString() }).where('id', '=', draft.id).execute();
		} else {
			await trx
				.insertInto('protocol_version')
				.values({
					id: crypto.randomUUID(),
					lmg_id: input.lmgId,
					version: (all.at(-1)?.version ?? 0) + 1,
					status: 'draft',
					document_json: JSON.stringify(document),
					change_note: null,
					created_by: actor.userId,
					published_by: null,
					published_at: null,
					created_at: now.toISOString()
				})
				.execute();
		}
		await recordAudit(trx, { at: now, actor, role: 'lmg_admin', lmgId: input.lmgId, procedure: audit.procedure, outcome: 'allowed', detail: audit.detail });
	});
}

/** Publishing makes the draft the version new cases take; cases already open keep theirs. */
export async function publishDraft(app: App, actor: Actor, input: { lmgId: string; changeNote: string }) {
	authorize(actor, input.lmgId, 'edit');
	const now = app.clock.now();
	const draft = (await versions(app.db, input.lmgId)).find((v) => v.status === 'draft');
	if (!draft) throw new ConflictError('There is no draft to publish: save your changes as a draft first.');
	const document = validate(JSON.parse(draft.document_json));
	await assertCategoriesStillCovered(app.db, input.lmgId, document);
	await app.db.transaction().execute(async (trx) => {
		const published = await trx
			.updateTable('protocol_version')
			.set({ status: 'published', published_by: actor.userId, published_at: now.toISOString(), change_note: input.changeNote })
			.where('id', '=', draft.id)
			.where('status', '=', 'draft')
			.executeTakeFirst();
		// Someone else published or discarded it a moment ago.
		if (Number(published.numUpdatedRows) !== 1) throw new ConflictError('There is no draft to publish: save your changes as a draft first.');
		await recordAudit(trx, { at: now, actor, role: 'lmg_admin', lmgId: input.lmgId, procedure: 'protocol.publish', outcome: 'allowed', detail: `protocol version ${draft.version}` });
	});
	return { version: draft.version };
}

export async function discardDraft(app: App, actor: Actor, input: { lmgId: string }) {
	authorize(actor, input.lmgId, 'edit');
	const now = app.clock.now();
	const draft = (await versions(app.db, input.lmgId)).find((v) => v.status === 'draft');
	if (!draft) throw new ConflictError('There is no draft to discard.');
	await app.db.transaction().execute(async (trx) => {
		await trx.deleteFrom('protocol_version').where('id', '=', draft.id).where('status', '=', 'draft').execute();
		await recordAudit(trx, { at: now, actor, role: 'lmg_admin', lmgId: input.lmgId, procedure: 'protocol.discardDraft', outcome: 'allowed', detail: 'protocol draft' });
	});
}

/** The readable difference between any two published versions. */
export async function diffVersions(app: App, actor: Actor, input: { lmgId: string; from: number; to: number }) {
	authorize(actor, input.lmgId, 'read');
	const all = (await versions(app.db, input.lmgId)).filter((v) => v.status === 'published');
	const from = all.find((v) => v.version === input.from);
	const to = all.find((v) => v.version === input.to);
	if (!from || !to) throw new NotFoundError('protocol version');
	return { from: input.from, to: input.to, changes: describeProtocolChanges(parse(from.document_json), parse(to.document_json)) };
}

/** The protocol in force as a file another LMG can import. */
export async function exportProtocol(app: App, actor: Actor, input: { lmgId: string }) {
	authorize(actor, input.lmgId, 'read');
	const current = await getCurrentProtocol(app.db, input.lmgId);
	const lmg = await app.db.selectFrom('lmg').select('name').where('id', '=', input.lmgId).executeTakeFirstOrThrow();
	return { format: 'tautoko-protocol', formatVersion: 1, exportedFrom: `${lmg.name}, version ${current.version}`, protocol: current.document };
}

/** An imported protocol becomes the draft, checked exactly as a draft typed in the form. */
export async function importProtocol(app: App, actor: Actor, input: { lmgId: string; json: string }) {
	authorize(actor, input.lmgId, 'edit');
	let parsed: unknown;
	try {
		parsed = JSON.parse(input.json);
	} catch {
		throw ValidationError.field('json', 'That is not a protocol file: it is not valid JSON');
	}
	const document = typeof parsed === 'object' && parsed !== null && 'protocol' in parsed ? (parsed as { protocol: unknown }).protocol : parsed;
	await storeDraft(app, actor, { lmgId: input.lmgId, document: validate(document) }, { procedure: 'protocol.import', detail: 'protocol draft from a file' });
}

/** The coordinator moves an open case onto the LMG's newest protocol, explicitly and on the record. */
export async function moveCaseToNewestProtocol(app: App, actor: Actor, input: z.infer<typeof moveCaseInput>) {
	const now = app.clock.now();
	const access = await authorizeCaseAccess(app.db, actor, input.caseId, { procedure: 'case.moveToNewestProtocol', now });
	if (access.via !== 'coordinator') throw new ForbiddenError('Only the case’s coordinator can move it to a new protocol.');
	const facts = await findCaseFacts(app.db, input.caseId);
	assertCaseOpen(facts);
	const newest = await getCurrentProtocol(app.db, facts.lmg_id);
	if (newest.id === facts.protocol_version_id) throw new ConflictError('This case already follows the newest protocol.');
	await app.db.transaction().execute(async (trx) => {
		await trx.updateTable('family_case').set({ protocol_version_id: newest.id, updated_at: now.toISOString() }).where('id', '=', input.caseId).execute();
		await insertCaseEvent(trx, { caseId: input.caseId, kind: 'protocol_changed', summary: `Moved to protocol version ${newest.version}: ${input.reason}`, category: null, actorId: actor.userId, at: now });
		await auditCaseAccess(trx, access, actor, { procedure: 'case.moveToNewestProtocol', now, detail: `protocol version ${newest.version}` });
	});
	return { version: newest.version };
}
