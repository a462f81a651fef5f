import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * A production server of our own, for tests that would spoil the shared one (exhausting the
 * sign-in limits of 127.0.0.1, breaking a table) or need other settings. It runs the build the
 * shared server was started from (`node build`), with fresh demo data in its own database, and
 * keeps everything it logs so a test can read the log lines.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');

export type OwnServer = {
	baseURL: string;
	databasePath: string;
	/** Every line the server wrote to stdout so far (pino writes one JSON object per line). */
	logLines(): string[];
	stop(): Promise<void>;
};

export async function startOwnServer(name: string, port: number, env: Record<string, string> = {}): Promise<OwnServer> {
	const databasePath = path.join(repoRoot, 'tests/.output', `${name}.db`);
	mkdirSync(path.dirname(databasePath), { recursive: true });
	for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
	const baseURL = `http://localhost:${port}`;
	const child: ChildProcess = spawn(process.execPath, ['build'], {
		cwd: repoRoot,
		env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ORIGIN: baseURL, DATABASE_PATH: databasePath, DEMO_DATA: 'true', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	let errors = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (errors += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the server for ${name} exited at start:\n${errors}`);
		try {
			if ((await fetch(`${baseURL}/login`)).ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`the server for ${name} did not answer within 60 s:\n${errors}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}

	return {
		baseURL,
		databasePath,
		logLines: () => output.split('\n').filter((line) => line.trim() !== ''),
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
}
