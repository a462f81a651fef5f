/**
 * `npm run bench`: Tautoko at national scale, against a minimal baseline, in one run.
 *
 *   1. builds the production server (vite build) unless --no-build
 *   2. makes (or reuses) the 100k and 10k datasets (bench/generate.ts) and copies each for this run
 *   3. starts `node build` on each copy and the baseline (bench/baseline.ts) on the 100k copy
 *   4. signs in the bench's people through auth.login, checks the baseline answers as Tautoko does
 *   5. drives each read with autocannon: Tautoko at 100k, the baseline at 100k, Tautoko at 10k,
 *      back to back per procedure so the machine's load falls on all three alike; then auth.login
 *   6. measures the family portal's JavaScript from the build (modulepreload links of its pages)
 *   7. prints the tables and writes bench/results.md
 *
 * Options: --duration <s> (10), --rounds <n> (1), --no-build, --only case.get,queue.mine, --wait-for-load <n>
 * (wait up to 10 minutes for the 1-minute load average to fall to n before measuring), --keep
 * (keep the run's database copies), --main 10k (try the tooling on the small dataset only).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { addDays, format, parseISO } from 'date-fns';
import { chooseActors, type Actors } from './actors';
import { copyDataset, ensureDataset, LMG_COUNT, type DatasetMeta, type DatasetSize } from './generate';
import { BENCH_DIR, BENCH_PASSWORD, DATA_DIR, ROOT } from './lib';
import { caseListInputs, defaultReportPeriod, trpcGetPath } from './scenarios';

const args = process.argv.slice(2);
const option = (name: string) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
};
const DURATION = Number(option('--duration') ?? 10);
/** Each read is measured in this many rounds (Tautoko 100k, baseline, Tautoko 10k, then again), pooled: load that comes and goes falls on all three. */
const ROUNDS = Number(option('--rounds') ?? 1);
const WARMUP = 3;
const ONLY = option('--only')?.split(',');
const PORTS = { t100: 4420, b100: 4421, t10: 4422 };
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// ── Machine ─────────────────────────────────────────────────────────────────

function machine() {
	const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.+)/)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
	return {
		cpu,
		cores: os.cpus().length,
		memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
		node: process.version,
		os: `${os.type()} ${os.release()}`,
		date: new Date().toISOString()
	};
}

/** What else is using the CPU right now: top's second sample (instantaneous), our own processes left out. */
function othersRunning(ours: number[]): Promise<string[]> {
	return new Promise((resolve) => {
		const top = spawn('top', ['-b', '-n', '2', '-d', '1', '-w', '220', '-c']);
		let out = '';
		top.stdout.on('data', (d) => (out += d));
		top.on('close', () => {
			const blocks = out.split(/^top - /m);
			const lines = (blocks[2] ?? '').split('\n');
			const header = lines.findIndex((l) => /PID\s+USER/.test(l));
			const found: string[] = [];
			for (const line of lines.slice(header + 1)) {
				const cols = line.trim().split(/\s+/);
				const pid = Number(cols[0]);
				const cpu = Number(cols[8]);
				if (!pid || !(cpu >= 10) || ours.includes(pid)) continue;
				const command = cols.slice(11).join(' ');
				found.push(`${cpu.toFixed(0)}% ${describe(command)}`);
			}
			resolve(found);
		});
		top.on('error', () => resolve([]));
	});
}

/** "node /work/wt-pg/node_modules/.bin/vitest run …" → "vitest (wt-pg)" */
function describe(command: string) {
	const tree = command.match(/\/work\/([\w.-]+)\//)?.[1];
	const tool = command.match(/\b(vitest|vite|playwright|svelte-check|tsc|tsx|postgres|chrom\w*|esbuild|npm|node build)\b/)?.[1] ?? command.split(/\s+/)[0].split('/').pop();
	return `${tool}${tree ? ` (${tree})` : ''}`;
}

async function waitForQuiet(limit: number) {
	const until = performance.now() + 10 * 60_000;
	while (os.loadavg()[0] > limit && performance.now() < until) {
		log(`load ${os.loadavg()[0].toFixed(2)} > ${limit}: waiting`);
		await new Promise((r) => setTimeout(r, 30_000));
	}
}

/**
 * Reads a file end to end, so it is in the page cache. This machine pages out memory untouched for
 * about a minute (DAMON proactive reclaim), which would otherwise make the later scenarios read
 * the database from disk while the earlier ones found it in memory.
 */
async function readThrough(path: string) {
	await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), new Writable({ write: (_chunk, _encoding, done) => done() }));
}

// ── Servers ─────────────────────────────────────────────────────────────────

const children: ChildProcess[] = [];

function start(name: string, command: string[], env: Record<string, string>): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn(command[0], command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		children.push(child);
		let output = '';
		const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 120_000);
		const onData = (d: Buffer) => {
			output += d;
			if (/listening/i.test(output)) {
				clearTimeout(timer);
				resolve(child);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (d) => {
			output += d;
			if (/error/i.test(String(d))) process.stderr.write(`[${name}] ${d}`);
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			if (code !== 0 && code !== null) reject(new Error(`${name} exited with ${code}:\n${output}`));
		});
	});
}

function stopAll() {
	for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

function tautoko(port: number, database: string) {
	return start(`tautoko:${port}`, ['node', 'build'], {
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: `http://localhost:${port}`,
		DATABASE_PATH: database,
		DEMO_DATA: 'false'
	});
}

// ── Sessions ────────────────────────────────────────────────────────────────

async function signIn(port: number, email: string): Promise<string> {
	const response = await fetch(`http://127.0.0.1:${port}/api/trpc/auth.login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ json: { email, password: BENCH_PASSWORD } })
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('tautoko_session='));
	if (!response.ok || !cookie) throw new Error(`sign-in failed for ${email}: ${response.status} ${await response.text()}`);
	return cookie.split(';')[0];
}

async function signInAll(port: number, emails: string[]): Promise<Map<string, string>> {
	const cookies = new Map<string, string>();
	const queue = [...new Set(emails)];
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			for (let email = queue.shift(); email; email = queue.shift()) cookies.set(email, await signIn(port, email));
		})
	);
	return cookies;
}

// ── Load ────────────────────────────────────────────────────────────────────

type Req = { method?: 'GET' | 'POST'; path: string; cookie?: string; body?: string };
type Measure = {
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	requests: number;
	errors: number;
	statuses: Record<string, number>;
	/** CPU time the server process used per request (from /proc): steadier than req/s on a shared machine. */
	cpuMsPerRequest: number;
	loadBefore: number;
	others: string[];
	/** Raw material for pooling rounds. */
	raw: { latencies: number[]; seconds: number; cpuMs: number; errors: number; loads: number[] };
};

/** Several rounds of one measurement as one: every latency pooled, rates over the total time. */
function pool(rounds: Measure[]): Measure {
	if (rounds.length === 1) return rounds[0];
	const latencies = rounds.flatMap((m) => m.raw.latencies);
	const seconds = rounds.reduce((t, m) => t + m.raw.seconds, 0);
	const cpuMs = rounds.reduce((t, m) => t + m.raw.cpuMs, 0);
	const errors = rounds.reduce((t, m) => t + m.raw.errors, 0);
	const statuses: Record<string, number> = {};
	for (const m of rounds) for (const [k, v] of Object.entries(m.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
	return summarise(latencies, seconds, cpuMs, errors, statuses, rounds.flatMap((m) => m.raw.loads), [...new Set(rounds.flatMap((m) => m.others))]);
}

function summarise(latencies: number[], seconds: number, cpuMs: number, errors: number, statuses: Record<string, number>, loads: number[], others: string[]): Measure {
	const sorted = Float64Array.from(latencies).sort();
	return {
		rps: latencies.length / seconds,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted[sorted.length - 1] ?? NaN,
		requests: latencies.length,
		errors,
		statuses,
		cpuMsPerRequest: cpuMs / Math.max(1, latencies.length),
		loadBefore: loads.reduce((t, l) => t + l, 0) / loads.length,
		others,
		raw: { latencies, seconds, cpuMs, errors, loads }
	};
}

/** user + system CPU of a process so far, in ms (Linux /proc, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

function percentile(sorted: Float64Array, p: number) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const cursors = new WeakMap<Req[], number>();

/**
 * Runs autocannon against one target, cycling through the requests; every response's latency is kept
 * (autocannon's own table has no p95). The first `WARMUP` seconds open the connections and are not
 * recorded: a server busy with other connections accepts new ones one per turn of its event loop
 * (Node's listening socket, as strace shows), so with fresh connections each round began with up to
 * 50 first requests waiting a turn each — 0.5 s for the baseline, 2 s for Tautoko — and the p99
 * measured the opening of connections rather than the reads. The measured seconds run on
 * connections already open, as behind a load balancer, for Tautoko and the baseline alike.
 */
async function drive(port: number, serverPid: number, requests: Req[], connections: number, seconds: number, ours: number[]): Promise<Measure> {
	// Each list of requests is gone through in turn across its drives (warm-up, rounds), so a
	// scenario whose requests are all different never repeats one.
	let next = cursors.get(requests) ?? 0;
	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	let recording = false;
	let loadBefore = 0;
	let cpuBefore = 0;
	let recordingSince = 0;
	let sampling: Promise<string[]> = Promise.resolve([]);
	const startRecording = setTimeout(() => {
		recording = true;
		recordingSince = performance.now();
		loadBefore = os.loadavg()[0];
		cpuBefore = cpuMsOf(serverPid);
		sampling = new Promise<string[]>((r) => setTimeout(() => othersRunning(ours).then(r), (seconds * 1000) / 2));
	}, WARMUP * 1000);
	const instance = autocannon({
		url: `http://127.0.0.1:${port}`,
		connections,
		duration: WARMUP + seconds,
		timeout: 10,
		requests: [
			{
				setupRequest: (req: Record<string, unknown>) => {
					const r = requests[next++ % requests.length];
					const headers: Record<string, string> = {};
					if (r.cookie) headers.cookie = r.cookie;
					if (r.body) headers['content-type'] = 'application/json';
					return { ...req, method: r.method ?? 'GET', path: r.path, headers, body: r.body };
				}
			}
		]
	});
	instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
		if (!recording) return;
		latencies.push(responseTime);
		statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
	});
	// autocannon's own counts cover the lead-in too: an error there still counts as an error.
	const result = await instance;
	clearTimeout(startRecording);
	if (!recording) throw new Error(`autocannon finished within the ${WARMUP} s lead-in`);
	const elapsed = (performance.now() - recordingSince) / 1000;
	cursors.set(requests, next);
	const cpuUsed = cpuMsOf(serverPid) - cpuBefore;
	const non2xx = Object.entries(statuses).filter(([s]) => !s.startsWith('2')).reduce((t, [, n]) => t + n, 0);
	return summarise(latencies, elapsed, cpuUsed, non2xx + result.errors + result.timeouts, statuses, [loadBefore], await sampling);
}

/**
 * An open loop: `rate` requests a second, each sent when it is due whatever the server is doing,
 * over at most `connections` keep-alive connections; each latency counts from when the request
 * was due, so time spent waiting for a free connection counts too (no coordinated omission).
 * That is what a p99 "at" a load means. autocannon's rate option is not it: each of its
 * connections sends back to back until it has made its share of the second, then idles, so for
 * most of every second the server sees the unpaced closed loop's queue.
 */
async function driveOpenLoop(port: number, serverPid: number, requests: Req[], connections: number, seconds: number, rate: number, ours: number[]): Promise<Measure> {
	let next = cursors.get(requests) ?? 0;
	// The server closes a connection idle for 5 s (Node's keepAliveTimeout). A request sent on it just
	// then fails with ECONNRESET: the driver's fault, not the server's. Node's Agent lets a free
	// connection go 1 s before the server's announced timeout only if the agent has a timeout of
	// its own (Node 20), so it is given one: its connections idle at most 4 s.
	const agent = new http.Agent({ keepAlive: true, maxSockets: connections, timeout: 4_000 });
	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	const failures: string[] = [];
	let recording = false;
	const send = (r: Req, dueAt: number) =>
		new Promise<void>((resolve) => {
			const headers: Record<string, string> = {};
			if (r.cookie) headers.cookie = r.cookie;
			if (r.body) headers['content-type'] = 'application/json';
			const record = recording;
			const request = http.request({ host: '127.0.0.1', port, path: r.path, method: r.method ?? 'GET', headers, agent, timeout: 10_000 }, (response) => {
				response.resume();
				response.on('end', () => {
					if (record) {
						latencies.push(performance.now() - dueAt);
						statuses[response.statusCode!] = (statuses[response.statusCode!] ?? 0) + 1;
					}
					resolve();
				});
			});
			request.on('timeout', () => request.destroy(new Error('timed out after 10 s')));
			request.on('error', (error) => {
				if (record) failures.push(error.message);
				resolve();
			});
			request.end(r.body);
		});
	const sendFor = async (duration: number) => {
		const total = Math.round(rate * duration);
		const sends: Promise<void>[] = [];
		const start = performance.now();
		await new Promise<void>((done) => {
			let sent = 0;
			const tick = () => {
				const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
				for (; sent < due; sent++) sends.push(send(requests[next++ % requests.length], start + (sent / rate) * 1000));
				if (sent < total) setTimeout(tick, 1);
				else done();
			};
			tick();
		});
		await Promise.all(sends);
		return (performance.now() - start) / 1000;
	};
	// The same warm-up as every other measurement, which also opens the connections.
	await sendFor(WARMUP);
	recording = true;
	const loadBefore = os.loadavg()[0];
	const sampling = new Promise<string[]>((r) => setTimeout(() => othersRunning(ours).then(r), (seconds * 1000) / 2));
	const cpuBefore = cpuMsOf(serverPid);
	const elapsed = await sendFor(seconds);
	const cpuUsed = cpuMsOf(serverPid) - cpuBefore;
	agent.destroy();
	cursors.set(requests, next);
	if (failures.length > 0) log(`open loop: ${failures.length} requests failed: ${[...new Set(failures)].join('; ')}`);
	const non2xx = Object.entries(statuses).filter(([s]) => !s.startsWith('2')).reduce((t, [, n]) => t + n, 0);
	return summarise(latencies, elapsed, cpuUsed, non2xx + failures.length, statuses, [loadBefore], await sampling);
}

// ── Portal JavaScript ───────────────────────────────────────────────────────

const PORTAL_PAGES = ['/portal', '/portal/plan', '/portal/meetings', '/portal/consent', '/portal/consent/give', '/portal/consent/withdraw', '/portal/access'];

type ManifestChunk = { file: string; imports?: string[] };

/**
 * The JavaScript a portal page makes the browser load, each file gzipped (level 9, as
 * adapter-node precompresses) and summed. Two readings that must agree: the modulepreload links
 * the server sends (SvelteKit puts them in the Link header) with the start script's imports, and
 * the static-import closure in Vite's client manifest of the entries and the page's nodes.
 */
async function portalJavaScript(port: number, cookie: string) {
	const client = join(ROOT, 'build', 'client');
	const manifest = JSON.parse(readFileSync(join(ROOT, '.svelte-kit', 'output', 'client', '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
	const closure = (keys: string[]) => {
		const files = new Set<string>();
		const visit = (key: string) => {
			const chunk = manifest[key];
			if (!chunk || files.has(chunk.file)) return;
			files.add(chunk.file);
			for (const i of chunk.imports ?? []) visit(i);
		};
		keys.forEach(visit);
		return files;
	};
	const entries = Object.keys(manifest).filter((k) => /client-optimized\/app\.js$/.test(k) || /@sveltejs\/kit\/src\/runtime\/client\/entry\.js$/.test(k));
	const gz = new Map<string, number>();
	const sizeOf = (file: string) => {
		if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(client, file)), { level: 9 }).length);
		return gz.get(file)!;
	};
	const kb = (files: Iterable<string>) => [...files].reduce((t, f) => t + sizeOf(f), 0) / 1024;
	const clean = (f: string) => f.replace(/^(\.\.?\/)+/, '').replace(/^\//, '');
	const pages: { path: string; status: number; files: number; kb: number; manifestKb: number }[] = [];
	const all = new Set<string>();
	for (const path of PORTAL_PAGES) {
		const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie }, redirect: 'manual' });
		const html = await response.text();
		if (response.status !== 200) {
			pages.push({ path, status: response.status, files: 0, kb: NaN, manifestKb: NaN });
			continue;
		}
		const linked = new Set<string>();
		for (const m of (response.headers.get('link') ?? '').matchAll(/<([^>]+\.js)>;\s*rel="modulepreload"/g)) linked.add(clean(m[1]));
		for (const m of html.matchAll(/<link\b[^>]*>/g)) if (/rel="modulepreload"/.test(m[0])) linked.add(clean(m[0].match(/href="([^"]+)"/)![1]));
		for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) linked.add(clean(m[1]));
		const nodes = (html.match(/node_ids:\s*\[([\d,\s]*)\]/)?.[1] ?? '').split(',').filter((n) => n.trim()).map((n) => `.svelte-kit/generated/client-optimized/nodes/${n.trim()}.js`);
		const fromManifest = closure([...entries, ...nodes]);
		for (const f of [...linked, ...fromManifest]) all.add(f);
		pages.push({ path, status: 200, files: linked.size, kb: kb(linked), manifestKb: kb(fromManifest) });
	}
	const shown = pages.filter((p) => p.status === 200);
	return { pages, unionKb: kb(all), maxKb: Math.max(...shown.map((p) => Math.max(p.kb, p.manifestKb))) };
}

// ── Checks that the baseline does what Tautoko does ─────────────────────────

async function getJson(port: number, path: string, cookie: string) {
	const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`${path} on ${port}: ${response.status} ${(await response.text()).slice(0, 300)}`);
	return ((await response.json()) as { result: { data: { json: any } } }).result.data.json;
}

async function compareAnswers(path: string, cookie: string, facts: (answer: any) => unknown) {
	const [t, b] = await Promise.all([getJson(PORTS.t100, path, cookie), getJson(PORTS.b100, path, cookie)]);
	const [ft, fb] = [JSON.stringify(facts(t)), JSON.stringify(facts(b))];
	if (ft !== fb) throw new Error(`the baseline's answer differs from Tautoko's for ${path}:\n  tautoko  ${ft}\n  baseline ${fb}`);
	return ft;
}

// ── Main ────────────────────────────────────────────────────────────────────

/**
 * Connections: case.get at 50, as its target says. The coordinator's and LMG's reads at 2, two
 * people asking at the same moment: the latency targets are about how long a person waits, and at
 * national peak (60 coordinators, 120 LMG members) far less than one such request is in flight on
 * average; at 10 connections a single-threaded server is simply saturated and p95 becomes queueing
 * (those runs are shown too, as capacity). auth.login at 10.
 */
const LIGHT = 2;
/** The report built afresh for every request: our own stricter goal, not one of issue 9's targets. */
const AFRESH = 'report.summary uncached';
const SATURATED = 10;
type Scenario = { name: string; connections: number; requests: (cookies: Map<string, string>) => Req[]; baseline: boolean; ratio10k: boolean; saturate: boolean; once?: boolean; paced?: boolean };

function scenarios(actors: Actors, now: Date): Scenario[] {
	const period = defaultReportPeriod(now);
	return [
		{
			// Not a target: what any signed-in API query costs before its own work (the server's direct
			// path, the session lookup, tRPC's middleware, the answer's writer), against the same
			// session lookup done raw.
			name: 'auth.me',
			connections: 50,
			baseline: true,
			ratio10k: false,
			saturate: false,
			once: true,
			requests: (c) => actors.coordinators.map((co) => ({ path: trpcGetPath('auth.me', undefined), cookie: c.get(co.email) }))
		},
		{
			name: 'case.get',
			connections: 50,
			baseline: true,
			ratio10k: true,
			saturate: false,
			paced: true,
			requests: (c) => actors.workerCases.map((p) => ({ path: trpcGetPath('case.get', { caseId: p.caseId }), cookie: c.get(p.email) }))
		},
		{
			name: 'case.list',
			connections: LIGHT,
			baseline: true,
			ratio10k: true,
			saturate: true,
			requests: (c) => actors.coordinators.flatMap((co) => caseListInputs.map((input) => ({ path: trpcGetPath('case.list', input), cookie: c.get(co.email) })))
		},
		{ name: 'queue.mine', connections: LIGHT, baseline: true, ratio10k: true, saturate: true, requests: (c) => actors.coordinators.map((co) => ({ path: trpcGetPath('queue.mine', undefined), cookie: c.get(co.email) })) },
		{
			name: 'report.summary',
			connections: LIGHT,
			baseline: true,
			ratio10k: true,
			saturate: true,
			requests: (c) => actors.lmgAdmins.filter((a) => a.email.startsWith('lmg.')).map((a) => ({ path: trpcGetPath('report.summary', { lmgId: a.lmgId, ...period }), cookie: c.get(a.email) }))
		},
		{
			// Reports are cached until the LMG's data changes (domain/report/report-cache.ts), so the
			// scenario above measures, after its first requests, reading a cached report. This one
			// measures building it: every request asks for a period no request asked for before (the
			// start moves a day at a time), as the first read after a change would.
			name: AFRESH,
			connections: LIGHT,
			baseline: true,
			ratio10k: true,
			saturate: false,
			requests: (c) =>
				Array.from({ length: 400 }, (_, day) =>
					actors.lmgAdmins
						.filter((a) => a.email.startsWith('lmg.'))
						.map((a) => ({ path: trpcGetPath('report.summary', { lmgId: a.lmgId, from: format(addDays(parseISO(period.from), -day), 'yyyy-MM-dd'), to: period.to }), cookie: c.get(a.email) }))
				).flat()
		},
		{
			name: 'auth.login',
			connections: 10,
			baseline: false,
			ratio10k: false,
			saturate: false,
			requests: () => actors.loginEmails.map((email) => ({ method: 'POST', path: '/api/trpc/auth.login', body: JSON.stringify({ json: { email, password: BENCH_PASSWORD } }) }))
		}
	];
}

async function main() {
	const info = machine();
	const loadAtStart = os.loadavg();
	log(`${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, Node ${info.node}; load ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);

	let buildSeconds: number | null = null;
	if (!args.includes('--no-build')) {
		const t = performance.now();
		log('building the production server (vite build)');
		execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		buildSeconds = (performance.now() - t) / 1000;
	}
	if (!existsSync(join(ROOT, 'build', 'index.js'))) throw new Error('no build/: run without --no-build');

	const datasets = {} as Record<DatasetSize, { path: string; meta: DatasetMeta; generatedNow: boolean }>;
	// --main 10k tries the tooling quickly: the 10k dataset stands in for the national one.
	const mainSize = (option('--main') ?? '100k') as DatasetSize;
	for (const size of ['100k', '10k'] as DatasetSize[]) {
		const t = performance.now();
		const { path, meta } = await ensureDataset(size === '100k' ? mainSize : size, { log });
		const generatedNow = Date.now() - new Date(meta.generatedAt).getTime() < (performance.now() - t) + 60_000;
		const copy = join(DATA_DIR, `run-${size}.db`);
		const c = performance.now();
		copyDataset(path, copy);
		// Read once, so the measurements start with the file in the page cache as a running server's is.
		await readThrough(copy);
		log(`dataset ${size}: copied, flushed and read for this run in ${((performance.now() - c) / 1000).toFixed(1)} s`);
		datasets[size] = { path: copy, meta, generatedNow };
	}

	log('starting servers');
	const servers = await Promise.all([
		tautoko(PORTS.t100, datasets['100k'].path),
		start('baseline', ['node', '--import', 'tsx', join(BENCH_DIR, 'baseline.ts')], { PORT: String(PORTS.b100), DATABASE_PATH: datasets['100k'].path }),
		tautoko(PORTS.t10, datasets['10k'].path)
	]);
	const ours = [process.pid, process.ppid, ...servers.map((s) => s.pid!)];

	const now = new Date();
	const actors = chooseActors(datasets['100k'].path, datasets['100k'].meta.benchLmgIds, now);
	const actors10k = chooseActors(datasets['10k'].path, datasets['10k'].meta.benchLmgIds, now);
	const sameActors = JSON.stringify(actors.workerCases) === JSON.stringify(actors10k.workerCases);
	log(`actors: ${actors.workerCases.length} worker/case pairs (${new Set(actors.workerCases.map((p) => p.email)).size} workers), ${actors.coordinators.length} coordinators, ${actors.lmgAdmins.length} LMG members; identical in both datasets: ${sameActors}`);
	const emails = [...actors.workerCases.map((p) => p.email), ...actors.coordinators.map((c) => c.email), ...actors.lmgAdmins.map((a) => a.email), ...(actors.family ? [actors.family.email] : [])];
	let t = performance.now();
	const cookies100 = await signInAll(PORTS.t100, emails);
	const cookies10 = await signInAll(PORTS.t10, [...actors10k.workerCases.map((p) => p.email), ...actors10k.coordinators.map((c) => c.email), ...actors10k.lmgAdmins.map((a) => a.email)]);
	log(`signed in ${cookies100.size + cookies10.size} people through auth.login in ${((performance.now() - t) / 1000).toFixed(1)} s`);

	// The baseline must give the same answers, or its ratio means nothing.
	const pair = actors.workerCases[0];
	const coordinator = actors.coordinators[0];
	const admin = actors.lmgAdmins.find((a) => a.email.startsWith('lmg.'))!;
	const checks = [
		await compareAnswers(trpcGetPath('case.get', { caseId: pair.caseId }), cookies100.get(pair.email)!, (a) => [a.reference, a.access, a.notes.length, a.network.map((n: any) => n.consent?.state), a.members.length]),
		await compareAnswers(trpcGetPath('case.list', caseListInputs[0]), cookies100.get(coordinator.email)!, (a) => [a.total, a.cases.map((c: any) => c.id)]),
		await compareAnswers(trpcGetPath('queue.mine', undefined), cookies100.get(coordinator.email)!, (a) => Object.entries(a.coordinator).map(([k, v]: [string, any]) => [k, v.length, v.slice(0, 3).map((i: any) => i.dueOn)])),
		await compareAnswers(trpcGetPath('report.summary', { lmgId: admin.lmgId, ...defaultReportPeriod(now) }), cookies100.get(admin.email)!, (a) => [a.referrals, a.decisions, a.timeliness, a.actions, a.cases, a.closureReasons, a.consentWithdrawals, a.feedback])
	];
	log(`baseline answers match Tautoko's (${checks.map((c) => c.length).join(', ')} bytes of facts compared)`);

	const portal = actors.family ? await portalJavaScript(PORTS.t100, cookies100.get(actors.family.email)!) : null;
	if (portal) log(`portal JavaScript (gzip): ${portal.pages.map((p) => `${p.path} ${p.kb.toFixed(1)} KB`).join(', ')}; all pages ${portal.unionKb.toFixed(1)} KB`);

	const waitLimit = option('--wait-for-load');
	const waitStarted = performance.now();
	if (waitLimit) await waitForQuiet(Number(waitLimit));
	const waitedSeconds = (performance.now() - waitStarted) / 1000;

	const results: Result[] = [];
	const pids = { t100: servers[0].pid!, b100: servers[1].pid!, t10: servers[2].pid! };
	for (const s of scenarios(actors, now)) {
		if (ONLY && !ONLY.includes(s.name)) continue;
		const r100 = s.requests(cookies100);
		const r10 = scenarios(actors10k, now).find((x) => x.name === s.name)!.requests(cookies10);
		const targets: [keyof typeof PORTS, Req[]][] = [['t100', r100]];
		if (s.baseline) targets.push(['b100', r100]);
		if (s.ratio10k) targets.push(['t10', r10]);
		const warmed = performance.now();
		for (const size of ['100k', '10k'] as DatasetSize[]) await readThrough(datasets[size].path);
		if (performance.now() - warmed > 20_000) log(`(reading the databases into memory again took ${((performance.now() - warmed) / 1000).toFixed(0)} s)`);
		const row = { name: s.name, connections: s.connections } as Result;
		const rounds: Record<string, Measure[]> = {};
		for (let round = 0; round < (s.once || !(s.baseline || s.ratio10k) ? 1 : ROUNDS); round++) {
			for (const [target, reqs] of targets) (rounds[target] ??= []).push(await drive(PORTS[target], pids[target], reqs, s.connections, DURATION, ours));
		}
		for (const [target] of targets) {
			row[target] = pool(rounds[target]);
			logMeasure(s.name, target, s.connections, row[target]!);
		}
		if (s.paced && row.b100) {
			// The target's two halves together: 40 % of the baseline's throughput offered steadily over
			// 50 connections, and the p99 of that. Unpaced, 50 connections measure queueing: a closed
			// loop's latency is connections ÷ throughput (50 ÷ 500 req/s = 100 ms) whatever the server.
			row.pacedRate = Math.round(row.b100.rps * 0.4);
			row.paced = await driveOpenLoop(PORTS.t100, pids.t100, r100, s.connections, DURATION * ROUNDS, row.pacedRate, ours);
			log(`${s.name} offered ${row.pacedRate} req/s, open loop:`);
			logMeasure(s.name, 't100', s.connections, row.paced);
		}
		if (s.saturate) {
			row.saturated = await drive(PORTS.t100, pids.t100, r100, SATURATED, DURATION, ours);
			logMeasure(s.name, 't100', SATURATED, row.saturated);
		}
		results.push(row);
	}
	const loadAtEnd = os.loadavg();
	stopAll();

	const report = writeResults({ info, loadAtStart, loadAtEnd, buildSeconds, datasets, results, portal, sameActors, actors, waitedSeconds });
	console.log(`\n${report}`);
	if (!args.includes('--keep')) for (const size of ['100k', '10k'] as DatasetSize[]) for (const suffix of ['', '-wal', '-shm']) rmSync(datasets[size].path + suffix, { force: true });
	log(`done; bench/results.md written`);
}

type Result = { name: string; connections: number; t100: Measure; b100?: Measure; t10?: Measure; saturated?: Measure; paced?: Measure; pacedRate?: number };

const LABELS = { t100: 'tautoko 100k', b100: 'baseline 100k', t10: 'tautoko 10k' };
function logMeasure(name: string, target: keyof typeof LABELS, connections: number, m: Measure) {
	log(
		`${name.padEnd(15)} ${LABELS[target].padEnd(14)} c=${String(connections).padEnd(3)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${fmt(m.p50)}  p95 ${fmt(m.p95)}  p99 ${fmt(m.p99)}  errors ${m.errors}  server ${m.cpuMsPerRequest.toFixed(2)} ms CPU/req  load ${m.loadBefore.toFixed(2)}${m.others.length ? `  others: ${m.others.join(', ')}` : ''}`
	);
}

const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`.padStart(9);
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const times = (x: number) => `${x.toFixed(2)}×`;

function writeResults(r: {
	info: ReturnType<typeof machine>;
	loadAtStart: number[];
	loadAtEnd: number[];
	buildSeconds: number | null;
	datasets: Record<DatasetSize, { meta: DatasetMeta; generatedNow: boolean }>;
	results: Result[];
	portal: Awaited<ReturnType<typeof portalJavaScript>> | null;
	sameActors: boolean;
	actors: Actors;
	waitedSeconds: number;
}) {
	const get = (name: string) => r.results.find((x) => x.name === name);
	const verdict = (ok: boolean) => (ok ? '**pass**' : '**FAIL**');
	const lines: string[] = [];
	const others = [...new Set(r.results.flatMap((x) => [x.t100, x.b100, x.t10, x.saturated]).flatMap((m) => m?.others ?? []).map((o) => o.replace(/^\d+% /, '')))];
	lines.push('# Tautoko at national scale: bench results', '');
	lines.push('Written by `npm run bench` (bench/run.ts). Figures from one run; see the notes at the end for what they mean.', '');
	lines.push('## Machine and run', '');
	lines.push(`- CPU: ${r.info.cpu}, ${r.info.cores} cores; memory ${r.info.memoryGiB} GiB; ${r.info.os}`);
	lines.push(`- Node ${r.info.node}; SQLite through better-sqlite3 (WAL, synchronous=NORMAL), the server as deployed: \`node build\`, NODE_ENV=production`);
	lines.push(`- Run started ${r.info.date}; load average (1, 5, 15 min) ${r.loadAtStart.map((l) => l.toFixed(2)).join(', ')} at the start, ${r.loadAtEnd.map((l) => l.toFixed(2)).join(', ')} at the end`);
	const loads = r.results.flatMap((x) => [x.t100, x.b100, x.t10, x.saturated]).flatMap((m) => m?.raw.loads ?? []);
	lines.push(`- 1-minute load average just before each measurement: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (mean ${(loads.reduce((t, l) => t + l, 0) / loads.length).toFixed(2)}; the bench's own server and autocannon account for about 2)${r.waitedSeconds ? `, after waiting ${r.waitedSeconds.toFixed(0)} s for the machine to quieten` : ''}`);
	lines.push(`- Other work on the machine during the measurements (sampled with top halfway through each): ${others.length ? others.join('; ') : 'nothing above 10 % CPU'}`);
	lines.push(`- autocannon runs in the bench process on the same 2 cores, so client, server and everything else share them; each read measured in ${ROUNDS} rounds of ${DURATION} s (Tautoko 100k, baseline, Tautoko 10k, then again), pooled; each round runs ${WARMUP} s first, not recorded, on the connections it then measures`);
	if (r.buildSeconds !== null) lines.push(`- vite build: ${r.buildSeconds.toFixed(0)} s`);
	lines.push('');
	lines.push('## Datasets', '');
	lines.push('| dataset | LMGs | agencies | accounts | families | cases | consent rows | conferences | plan versions | actions | audit rows | generated in |');
	lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const size of ['100k', '10k'] as DatasetSize[]) {
		const { meta } = r.datasets[size];
		const c = meta.counts;
		lines.push(`| ${size} | ${LMG_COUNT[size]} | ${c.agency} | ${c.app_user} | ${c.family} | ${c.family_case} | ${c.consent_event} | ${c.conference} | ${c.action_plan} | ${c.plan_action} | ${c.audit_log} | ${meta.generationSeconds.toFixed(0)} s (${meta.generatedAt.slice(0, 10)}) |`);
	}
	lines.push('');
	lines.push(`The bench signs in as people of LMGs 0–5, which are identical in both datasets (same seed per LMG): ${r.actors.workerCases.length} (agency worker, case) pairs with active consent, ${r.actors.coordinators.length} coordinators, ${r.actors.lmgAdmins.filter((a) => a.email.startsWith('lmg.')).length} LMG members; the same people and cases at 10k and 100k: ${r.sameActors ? 'yes' : 'no'}.`, '');

	lines.push('## Tautoko against the baseline (100,000 cases)', '');
	lines.push('| procedure | connections | Tautoko req/s | p50 | p95 | p99 | errors | CPU/req | baseline req/s | p50 | p95 | p99 | errors | CPU/req | throughput ratio | p95 ratio |');
	lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
	const cpu = (m: Measure) => `${m.cpuMsPerRequest.toFixed(2)} ms`;
	for (const x of r.results) {
		const b = x.b100;
		const t = x.t100;
		lines.push(
			`| ${x.name} | ${x.connections} | ${t.rps.toFixed(0)} | ${fmt(t.p50).trim()} | ${fmt(t.p95).trim()} | ${fmt(t.p99).trim()} | ${t.errors} | ${cpu(t)} | ${b ? b.rps.toFixed(0) : '–'} | ${b ? fmt(b.p50).trim() : '–'} | ${b ? fmt(b.p95).trim() : '–'} | ${b ? fmt(b.p99).trim() : '–'} | ${b ? b.errors : '–'} | ${b ? cpu(b) : '–'} | ${b ? pct(t.rps / b.rps) : '–'} | ${b ? times(t.p95 / b.p95) : '–'} |`
		);
	}
	lines.push('');
	lines.push('Throughput ratio = Tautoko req/s ÷ baseline req/s; p95 ratio = Tautoko p95 ÷ baseline p95. CPU/req = CPU time the server process used per request (from /proc), which shows the cost of a request even when other work takes the machine.', '');
	const saturated = r.results.filter((x) => x.saturated);
	if (saturated.length) {
		lines.push(`### The same reads at ${SATURATED} connections (capacity; Tautoko, 100,000 cases)`, '');
		lines.push('| procedure | req/s | p50 | p95 | p99 | errors | CPU/req |', '|---|---|---|---|---|---|---|');
		for (const x of saturated) {
			const m = x.saturated!;
			lines.push(`| ${x.name} | ${m.rps.toFixed(0)} | ${fmt(m.p50).trim()} | ${fmt(m.p95).trim()} | ${fmt(m.p99).trim()} | ${m.errors} | ${cpu(m)} |`);
		}
		lines.push('');
	}

	lines.push('## 100,000 against 10,000 cases (Tautoko)', '');
	lines.push('| procedure | 10k p50 | 100k p50 | p50 ratio | 10k p95 | 100k p95 | p95 ratio | 10k req/s | 100k req/s | 10k errors |');
	lines.push('|---|---|---|---|---|---|---|---|---|---|');
	for (const x of r.results.filter((x) => x.t10)) {
		lines.push(`| ${x.name} | ${fmt(x.t10!.p50).trim()} | ${fmt(x.t100.p50).trim()} | ${times(x.t100.p50 / x.t10!.p50)} | ${fmt(x.t10!.p95).trim()} | ${fmt(x.t100.p95).trim()} | ${times(x.t100.p95 / x.t10!.p95)} | ${x.t10!.rps.toFixed(0)} | ${x.t100.rps.toFixed(0)} | ${x.t10!.errors} |`);
	}
	lines.push('');

	if (r.portal) {
		lines.push('## Family portal JavaScript (gzip -9 of each file its pages load, summed)', '');
		lines.push('| page | JS files preloaded | KB gzipped (preload links) | KB gzipped (manifest closure) |', '|---|---|---|---|');
		for (const p of r.portal.pages) lines.push(`| ${p.path} | ${p.files} | ${p.status === 200 ? p.kb.toFixed(1) : `HTTP ${p.status}`} | ${p.status === 200 ? p.manifestKb.toFixed(1) : ''} |`);
		lines.push(`| all portal pages together | | ${r.portal.unionKb.toFixed(1)} | |`, '');
	}

	lines.push('## Targets', '');
	lines.push('| target | measured | result |', '|---|---|---|');
	const cg = get('case.get');
	if (cg?.b100) {
		lines.push(`| case.get ≥ 40 % of the baseline's throughput at 50 connections | ${pct(cg.t100.rps / cg.b100.rps)} (${cg.t100.rps.toFixed(0)} vs ${cg.b100.rps.toFixed(0)} req/s) | ${verdict(cg.t100.rps / cg.b100.rps >= 0.4)} |`);
		if (cg.paced) {
			// The rate offered must also be the rate served: a server that falls behind serves less and queues the rest.
			const kept = cg.paced.rps >= cg.pacedRate! * 0.97;
			lines.push(`| case.get p99 < 50 ms at 50 connections offered 40 % of the baseline's throughput steadily (open loop, ${cg.pacedRate} req/s) | p99 ${fmt(cg.paced.p99).trim()}, ${cg.paced.rps.toFixed(0)} req/s served, errors ${cg.paced.errors} | ${verdict(cg.paced.p99 < 50 && kept && cg.paced.errors === 0)} |`);
		}
		lines.push(`| case.get p99 < 50 ms at 50 connections, unpaced (a closed loop: p99 is mostly queueing, 50 ÷ req/s) | ${fmt(cg.t100.p99).trim()} | ${verdict(cg.t100.p99 < 50)} |`);
	}
	const p95Line = (x: Result, what: string, judge: (ok: boolean) => string) =>
		`| ${what} p95 < 50 ms at 100,000 cases (${x.connections} connections) | ${fmt(x.t100.p95).trim()} | ${judge(x.t100.p95 < 50)} |`;
	const ratioLine = (x: Result, what: string, judge: (ok: boolean) => string) =>
		`| ${what} 100k/10k p50 latency ≤ 1.2 | ${times(x.t100.p50 / x.t10!.p50)} (p95 ${times(x.t100.p95 / x.t10!.p95)}) | ${judge(x.t100.p50 / x.t10!.p50 <= 1.2)} |`;
	for (const name of ['case.list', 'queue.mine', 'report.summary']) {
		const x = get(name);
		if (x) lines.push(p95Line(x, name, verdict));
	}
	for (const x of r.results.filter((x) => x.t10 && x.name !== AFRESH)) lines.push(ratioLine(x, x.name, verdict));
	const errors = r.results.reduce((t, x) => t + x.t100.errors + (x.b100?.errors ?? 0) + (x.t10?.errors ?? 0) + (x.saturated?.errors ?? 0) + (x.paced?.errors ?? 0), 0);
	lines.push(`| zero errors (every measurement, Tautoko and baseline) | ${errors} | ${verdict(errors === 0)} |`);
	if (r.portal) lines.push(`| portal pages ≤ 60 KB of JavaScript gzipped (largest page) | ${r.portal.maxKb.toFixed(1)} KB | ${verdict(r.portal.maxKb <= 60)} |`);
	const login = get('auth.login');
	if (login) lines.push(`| auth.login (no target: argon2id, 19 MiB, 2 passes, by design) | ${login.t100.rps.toFixed(0)} req/s, p95 ${fmt(login.t100.p95).trim()}, errors ${login.t100.errors} | – |`);
	lines.push('');
	// Issue 9's report.summary target is met by the report as served, from the cache while the LMG's
	// data stands. This goal of ours is stricter, the report built afresh as after every change, so
	// it is kept apart: "missed" here is not a failed target of the issue (results-notes.md says why).
	const afresh = get(AFRESH);
	if (afresh) {
		const goal = (ok: boolean) => (ok ? 'met' : '**missed**');
		lines.push('## A stricter goal of our own: the report built afresh', '');
		lines.push('| goal | measured | result |', '|---|---|---|');
		lines.push(p95Line(afresh, 'report.summary built afresh (a period not asked for before, as after a change)', goal));
		if (afresh.t10) lines.push(ratioLine(afresh, 'report.summary built afresh', goal));
		lines.push('');
	}
	const text = lines.join('\n');
	writeFileSync(join(BENCH_DIR, 'results.md'), `${text}\n${notes()}`);
	return text;
}

/** The fixed part of results.md: how to read the figures. */
function notes() {
	const path = join(BENCH_DIR, 'results-notes.md');
	return existsSync(path) ? `\n${readFileSync(path, 'utf8')}` : '';
}

main().catch((error) => {
	console.error(error);
	stopAll();
	process.exit(1);
});
