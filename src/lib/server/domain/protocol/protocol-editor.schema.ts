import { z } from 'zod';
import { protocolDocumentSchema } from './protocol.schema';

const lmgId = z.string().trim().min(1, 'Choose an LMG');

export const protocolGetInput = z.object({ lmgId, version: z.number().int().min(1).optional() });
export const saveDraftInput = z.object({ lmgId, document: protocolDocumentSchema });
export const publishInput = z.object({ lmgId, changeNote: z.string().trim().min(1, 'Say what changed and why').max(2000) });
export const lmgOnlyInput = z.object({ lmgId });
export const diffInput = z.object({ lmgId, from: z.number().int().min(1), to: z.number().int().min(1) });
export const importInput = z.object({ lmgId, json: z.string().min(1, 'Paste or choose a protocol file').max(200_000, 'That file is too large for a protocol') });
export const moveCaseInput = z.object({ caseId: z.string().trim().min(1), reason: z.string().trim().min(1, 'Say why this case moves to the new protocol').max(1000) });
