/**
 * Where the time goes inside each benchmarked procedure: runs it in-process (createCaller, the
 * same code the server runs, session check included) on a copy of a bench dataset, records every
 * SQL statement Kysely sends with its time, and prints EXPLAIN QUERY PLAN for each.
 *
 *   tsx bench/explain.ts [10k|100k] [--before] [case.get|case.list|queue.mine|queue.mine:worker|report.summary ...]
 *
 * --before undoes the national-scale index migration on the copy first, to show the plans it changed.
 * --reuse skips copying the dataset again when an earlier copy is there.
 * --profile records a CPU profile of the measured calls (bench/.data/<procedure>.cpuprofile) and
 * prints the functions with the most time of their own.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createApp } from '../src/lib/server/app';
import { createSession, validateSessionToken } from '../src/lib/server/auth/session';
import { readConfig } from '../src/lib/server/config';
import { openSqlite } from '../src/lib/server/db';
import { createLogger } from '../src/lib/server/log';
import { createCaller } from '../src/lib/server/trpc/router';
import { chooseActors } from './actors';
import { copyDataset, ensureDataset, type DatasetSize } from './generate';
import { DATA_DIR } from './lib';
import { caseListInputs, defaultReportPeriod } from './scenarios';

type Captured = { sql: string; parameters: readonly unknown[]; ms: number };

const size = (process.argv.find((a) => a === '10k' || a === '100k') ?? '10k') as DatasetSize;
const only = process.argv.slice(2).filter((a) => a.includes('.') && !a.startsWith('-'));
const before = process.argv.includes('--before');
const profiling = process.argv.includes('--profile');
const { path: cached, meta } = await ensureDataset(size);
const path = join(DATA_DIR, `explain-${size}.db`);
// --reuse keeps the last copy (with the sessions and audit rows earlier runs added): quicker at 100k.
if (!(process.argv.includes('--reuse') && existsSync(path))) copyDataset(cached, path);

// The server's own connection (pragmas, statement cache), with every query recorded; a second,
// read-only connection asks for the plans.
let captured: Captured[] = [];
const db = openSqlite(path, 'normal', (event) => {
	if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
});
const sqlite = new SQLite(path, { readonly: true });
if (before) {
	const indexes = await import('../migrations/2026-11-22T0900-indexes-for-national-scale');
	await indexes.down(db);
	console.log('(without the indexes of migration 2026-11-22T0900-indexes-for-national-scale)');
}
const config = readConfig({ DATABASE_PATH: path, DEMO_DATA: 'false' });
const app = createApp(config, { db, log: createLogger('silent') });
const actors = chooseActors(path, meta.benchLmgIds);

async function callerFor(email: string) {
	const user = (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow());
	const { token } = await createSession(app.db, new Date(), config.session, user.id, 'explain');
	return async () => {
		// What hooks.server.ts does on every request, then the procedure.
		const { session, user: actor } = await validateSessionToken(app.db, new Date(), config.session, token);
		if (!session) throw new Error('session did not validate');
		return createCaller({ app, user: actor, session, request: { address: '127.0.0.1', userAgent: 'explain' }, cookies: { set() {}, clear() {} } });
	};
}

async function profile(name: string, calls: (() => Promise<unknown>)[]) {
	if (only.length > 0 && !only.includes(name)) return;
	for (const call of calls.slice(0, 3)) await call();
	const stats = new Map<string, { count: number; ms: number; example: Captured }>();
	const runs = 30;
	const inspector = profiling ? new Session() : null;
	if (inspector) {
		inspector.connect();
		await inspector.post('Profiler.enable');
		await inspector.post('Profiler.start');
	}
	const started = performance.now();
	const cpuStart = process.cpuUsage();
	for (let i = 0; i < runs; i++) {
		captured = [];
		await calls[i % calls.length]();
		for (const q of captured) {
			const s = stats.get(q.sql) ?? { count: 0, ms: 0, example: q };
			s.count++;
			s.ms += q.ms;
			stats.set(q.sql, s);
		}
	}
	const perCall = (performance.now() - started) / runs;
	if (inspector) {
		const { profile } = await inspector.post('Profiler.stop');
		writeFileSync(join(DATA_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
		printTop(profile);
		inspector.disconnect();
	}
	const cpu = process.cpuUsage(cpuStart);
	const cpuPerCall = (cpu.user + cpu.system) / 1000 / runs;
	const sqlMs = [...stats.values()].reduce((t, s) => t + s.ms, 0) / runs;
	const statements = [...stats.values()].reduce((t, s) => t + s.count, 0) / runs;
	console.log(`\n=== ${name} (${size}): ${perCall.toFixed(2)} ms per call (${cpuPerCall.toFixed(2)} ms CPU; the machine's load inflates the first), ${statements.toFixed(1)} statements, ${sqlMs.toFixed(2)} ms in SQL ===`);
	for (const [sql, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
		console.log(`\n${(s.ms / runs).toFixed(3)} ms/call  ×${(s.count / runs).toFixed(1)}  ${sql.length > 400 ? `${sql.slice(0, 400)}…` : sql}`);
		if (!/^\s*(select|with)/i.test(sql)) continue;
		try {
			const plan = sqlite.prepare(`explain query plan ${sql}`).all(...(s.example.parameters as unknown[])) as { detail: string }[];
			for (const row of plan) console.log(`    ${row.detail}`);
		} catch (error) {
			console.log(`    (no plan: ${(error as Error).message})`);
		}
	}
}

type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] };

/** Self time by function and by package, from a CPU profile. */
function printTop(profile: Profile) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	(profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
	const functions = new Map<string, number>();
	const packages = new Map<string, number>();
	let total = 0;
	for (const [id, us] of self) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		if (functionName === '(idle)' || functionName === '(program)') continue;
		total += us;
		const where = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|src|bench)\//, '$1/');
		functions.set(`${functionName || '(anonymous)'} ${where}:${lineNumber}`, (functions.get(`${functionName || '(anonymous)'} ${where}:${lineNumber}`) ?? 0) + us);
		const pkg = where.match(/^node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? (where.startsWith('src/') ? where.split('/').slice(0, 5).join('/') : where.startsWith('node:') ? 'node internals' : functionName);
		packages.set(pkg, (packages.get(pkg) ?? 0) + us);
	}
	const show = (map: Map<string, number>, n: number) =>
		[...map.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.forEach(([k, us]) => console.log(`    ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`));
	console.log('  CPU by package:');
	show(packages, 12);
	console.log('  CPU by function (self time):');
	show(functions, 15);
}

const now = new Date();
const workers = await Promise.all(actors.workerCases.slice(0, 10).map(async (p) => ({ caller: await callerFor(p.email), caseId: p.caseId })));
await profile(
	'case.get',
	workers.map((w) => async () => (await w.caller()).case.get({ caseId: w.caseId }))
);
const coordinators = await Promise.all(actors.coordinators.map((c) => callerFor(c.email)));
await profile(
	'case.list',
	coordinators.flatMap((c) => caseListInputs.map((input) => async () => (await c()).case.list(input)))
);
await profile(
	'queue.mine',
	coordinators.map((c) => async () => (await c()).queue.mine())
);
// Not benchmarked, but the same national tables: an agency worker's own queue.
await profile(
	'queue.mine:worker',
	workers.map((w) => async () => (await w.caller()).queue.mine())
);
const admins = await Promise.all(actors.lmgAdmins.filter((a) => a.email.startsWith('lmg.')).map(async (a) => ({ caller: await callerFor(a.email), lmgId: a.lmgId })));
await profile(
	'report.summary',
	admins.map((a) => async () => (await a.caller()).report.summary({ lmgId: a.lmgId, ...defaultReportPeriod(now) }))
);
await db.destroy();
