/**
 * `npm run retention [-- --dry-run]`: anonymises the closed cases in the database (DATABASE_URL,
 * else DATABASE_PATH) whose protocol's retention period has passed, one transaction and one audit row
 * each. With --dry-run it lists them and changes nothing. Exit code 0 when every due case was
 * anonymised (or none was due), 1 when something failed, 2 for a wrong command line.
 */
import { existsSync } from 'node:fs';
import { Migrator } from 'kysely';
import { createApp, type App } from '../lib/server/app';
import { describeDatabase, readConfig, type Config } from '../lib/server/config';
import { fileMigrations } from '../lib/server/db/file-migrations';
import { runRetention, type RetentionCase, type RetentionRun } from '../lib/server/domain/retention/retention.service';

const USAGE = `Usage: npm run retention [-- --dry-run]

Anonymises closed cases kept longer than their protocol's retention period
(in the database at DATABASE_URL, else DATABASE_PATH). --dry-run lists them and changes nothing.`;

function fail(message: string, code = 1): never {
	console.error(message);
	process.exit(code);
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
	console.log(USAGE);
	process.exit(0);
}
const unknown = args.filter((a) => a !== '--dry-run');
if (unknown.length > 0) fail(`Unknown argument${unknown.length === 1 ? '' : 's'}: ${unknown.join(' ')}\n\n${USAGE}`, 2);
const dryRun = args.includes('--dry-run');

let config: Config;
try {
	config = readConfig();
} catch (error) {
	fail(error instanceof Error ? error.message : String(error));
}
// Opening a missing file would create an empty database: say so instead.
if (!config.postgres && !existsSync(config.databasePath)) fail(`There is no database at ${config.databasePath}. Set DATABASE_PATH to the database to work on.`);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function table(cases: RetentionCase[]): string {
	const rows = [['reference', 'LMG', 'closed on', 'kept for', 'due since'], ...cases.map((c) => [c.reference, c.lmg, c.closedOn, `${c.retentionMonths} months`, c.dueSince])];
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd()).join('\n');
}

function print(run: RetentionRun) {
	const lines: string[] = [];
	const checked = `Checked ${plural(run.checked, 'closed case')} not yet anonymised.`;
	if (run.dryRun) {
		lines.push(`Dry run: nothing was changed. ${checked}`);
		lines.push(
			run.due.length === 0
				? 'None is past its retention period: nothing would be anonymised.'
				: `${plural(run.due.length, 'case is', 'cases are')} past the retention period and would be anonymised:\n${table(run.due)}`
		);
	} else {
		lines.push(checked);
		lines.push(
			run.anonymised.length === 0
				? 'Anonymised 0 cases: none is past its retention period.'
				: `Anonymised ${plural(run.anonymised.length, 'case')} past the retention period (one audit row each):\n${table(run.anonymised)}`
		);
	}
	for (const h of run.held) lines.push(`Held back ${h.case.reference} (${h.case.lmg}, due since ${h.case.dueSince}): ${h.reason}.`);
	console.log(lines.join('\n'));
	for (const f of run.failed) console.error(`Could not anonymise ${f.case.reference} (${f.case.lmg}): ${f.message}. That case was left as it was; run again once the cause is fixed.`);
}

/** The job reads and writes the newest schema: on an older database it stops rather than migrate behind the server's back. */
async function pendingMigrations(app: App): Promise<string[]> {
	const migrations = await new Migrator({ db: app.db, provider: fileMigrations }).getMigrations();
	return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

async function main(app: App): Promise<number> {
	const pending = await pendingMigrations(app);
	if (pending.length > 0) {
		console.error(`The database (${describeDatabase(config)}) is not up to date (${plural(pending.length, 'migration')} to apply, starting with ${pending[0]}). Run npm run migrate, or start the server once, then try again.`);
		return 1;
	}
	const run = await runRetention(app, { dryRun });
	print(run);
	return run.failed.length > 0 ? 1 : 0;
}

let app: App | undefined;
try {
	app = createApp(config);
	process.exitCode = await main(app);
} catch (error) {
	// Each case's failure is caught and reported above: what reaches here stopped the run before it changed anything.
	console.error(`Retention stopped before anonymising anything: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
} finally {
	await app?.db.destroy();
}
