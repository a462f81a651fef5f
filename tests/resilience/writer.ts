/**
 * The durability test's writer: a process that adds case notes as fast as it can through the
 * app's own code path (openSqlite with the configured synchronous level, the real migrations,
 * auth.login, then case.addNote through the tRPC router), until something kills it.
 *
 * Run as `node --import tsx tests/resilience/writer.ts` (one process: the tsx command would put a
 * second process between the test and the writer, and a SIGKILL would miss the writer).
 * Env: DATABASE_PATH, SQLITE_SYNCHRONOUS (normal | full), WRITER_LOOPS (concurrent callers).
 *
 * stdout, one line each:
 *   synchronous <0|1|2|3>   the level the connection really runs with
 *   baseline <json>         row counts before this run's first write
 *   ready                   the load starts now
 *   ack <noteId>            written only after case.addNote resolved, i.e. after its COMMIT
 * Writes to a pipe are synchronous on Linux, so an `ack` line is in the pipe before the next
 * statement runs: whatever the parent reads was acknowledged.
 */
import { sql } from 'kysely';
import { createApp } from '../../src/lib/server/app';
import { validateSessionToken } from '../../src/lib/server/auth/session';
import { readConfig } from '../../src/lib/server/config';
import { fileMigrations } from '../../src/lib/server/db/file-migrations';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { databaseIsEmpty, DEMO_PASSWORD, seedDemoData } from '../../src/lib/server/seed/demo';
import type { Context } from '../../src/lib/server/trpc/context';
import { createCaller } from '../../src/lib/server/trpc/router';
import { countWriterRows, WRITER_ACCOUNT, WRITER_NOTE_PREFIX } from './support/writer-rows';

const app = createApp(readConfig({ ...process.env, DEMO_DATA: 'true', LOG_LEVEL: 'silent' }));
await migrateToLatest(app.db, fileMigrations);
if (await databaseIsEmpty(app.db)) await seedDemoData(app);

const level = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(app.db);
console.log(`synchronous ${level.rows[0].synchronous}`);

/** A context as hooks.server.ts builds one: the cookie's token, validated on every call. */
let token: string | null = null;
async function caller() {
	const validation = token ? await validateSessionToken(app.db, app.clock.now(), app.config.session, token) : { session: null, user: null };
	const context: Context = {
		app,
		user: validation.user,
		session: validation.session,
		request: { address: '198.51.100.20', userAgent: 'resilience-writer' },
		cookies: {
			set: (t) => void (token = t),
			clear: () => void (token = null)
		}
	};
	return createCaller(context);
}

await (await caller()).auth.login({ email: WRITER_ACCOUNT, password: DEMO_PASSWORD });
const { cases } = await (await caller()).case.list({ status: 'active', pageSize: 1 });
if (cases.length === 0) throw new Error('the demo data has no active case for the writer');
const caseId = cases[0].id;
const category = (await (await caller()).case.get({ caseId })).protocol.categories[0].key;

console.log(`baseline ${JSON.stringify(await countWriterRows(app.db, caseId))}`);
console.log('ready');

const loops = Number(process.env.WRITER_LOOPS ?? 8);
let sequence = 0;
await Promise.all(
	Array.from({ length: loops }, async () => {
		for (;;) {
			const body = `${WRITER_NOTE_PREFIX}${process.pid}-${sequence++}`;
			const { id } = await (await caller()).case.addNote({ caseId, category, body });
			process.stdout.write(`ack ${id}\n`);
		}
	})
);
