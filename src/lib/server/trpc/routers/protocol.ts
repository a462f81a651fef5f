import * as editor from '../../domain/protocol/protocol-editor.service';
import { diffInput, importInput, lmgOnlyInput, protocolGetInput, publishInput, saveDraftInput } from '../../domain/protocol/protocol-editor.schema';
import { protectedProcedure, router } from '../init';

/** An LMG's members edit and publish; its coordinators read. The service checks which LMG. */
export const protocolRouter = router({
	get: protectedProcedure.input(protocolGetInput).query(({ ctx, input }) => editor.getProtocol(ctx.app, ctx.user, input)),
	history: protectedProcedure.input(lmgOnlyInput).query(async ({ ctx, input }) => (await editor.getProtocol(ctx.app, ctx.user, input)).history),
	diff: protectedProcedure.input(diffInput).query(({ ctx, input }) => editor.diffVersions(ctx.app, ctx.user, input)),
	saveDraft: protectedProcedure.input(saveDraftInput).mutation(({ ctx, input }) => editor.saveDraft(ctx.app, ctx.user, input)),
	publish: protectedProcedure.input(publishInput).mutation(({ ctx, input }) => editor.publishDraft(ctx.app, ctx.user, input)),
	discardDraft: protectedProcedure.input(lmgOnlyInput).mutation(({ ctx, input }) => editor.discardDraft(ctx.app, ctx.user, input)),
	export: protectedProcedure.input(lmgOnlyInput).query(({ ctx, input }) => editor.exportProtocol(ctx.app, ctx.user, input)),
	import: protectedProcedure.input(importInput).mutation(({ ctx, input }) => editor.importProtocol(ctx.app, ctx.user, input))
});
