import type { Executor } from '../../../src/lib/server/db';

/** The writer signs in as the northern coordinator: every open case in Te Awa North is theirs. */
export const WRITER_ACCOUNT = 'coordinator.north@demo.tautoko.nz';
/** Every note the writer adds starts with this, so its notes can be told from the demo's own. */
export const WRITER_NOTE_PREFIX = 'resilience-writer ';

export type WriterRows = { notes: number; events: number; audits: number };

/**
 * What one case.addNote commits together: the note, its timeline event and its audit row. If the
 * three counts move apart, a transaction was torn.
 */
export async function countWriterRows(db: Executor, caseId: string): Promise<WriterRows> {
	const count = (n: { n: number | string | bigint }) => Number(n.n);
	const notes = await db
		.selectFrom('case_note')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('case_id', '=', caseId)
		.where('body', 'like', `${WRITER_NOTE_PREFIX}%`)
		.executeTakeFirstOrThrow();
	const events = await db
		.selectFrom('case_event')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('case_id', '=', caseId)
		.where('kind', '=', 'note_added')
		.executeTakeFirstOrThrow();
	const audits = await db
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('case_id', '=', caseId)
		.where('procedure', '=', 'case.addNote')
		.where('outcome', '=', 'allowed')
		.executeTakeFirstOrThrow();
	return { notes: count(notes), events: count(events), audits: count(audits) };
}
