import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');

/** A child process whose stdout is read line by line, and whose end the test can wait for. */
export class Child {
	readonly process: ChildProcess;
	/** Every complete stdout line so far. A line cut off by a kill never counts. */
	readonly lines: string[] = [];
	stderr = '';
	readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	private partial = '';
	private waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
	private listeners: ((line: string) => void)[] = [];

	constructor(command: string, args: string[], options: SpawnOptions = {}) {
		this.process = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], ...options });
		this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
			const parts = (this.partial + chunk).split('\n');
			this.partial = parts.pop()!;
			for (const line of parts) this.take(line);
		});
		this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
		this.exited = new Promise((done) => this.process.on('close', (code, signal) => done({ code, signal })));
	}

	get alive() {
		return this.process.exitCode === null && this.process.signalCode === null;
	}

	/** Called with every line from now on, synchronously as it arrives. */
	onLine(listener: (line: string) => void) {
		this.listeners.push(listener);
	}

	/** The first line (already read or still to come) that passes the test. */
	waitForLine(test: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
		const seen = this.lines.find(test);
		if (seen !== undefined) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`${what}: not seen within ${timeoutMs} ms. stderr:\n${this.stderr}`)), timeoutMs);
			const waiter = {
				test,
				resolve: (line: string) => {
					clearTimeout(timer);
					resolve(line);
				}
			};
			this.waiters.push(waiter);
			void this.exited.then(({ code, signal }) => {
				if (this.waiters.includes(waiter)) {
					clearTimeout(timer);
					reject(new Error(`${what}: the process ended first (code ${code}, signal ${signal}). stderr:\n${this.stderr}`));
				}
			});
		});
	}

	/** Ends the process if it is still running; safe to call from afterAll whatever happened. */
	async kill(signal: NodeJS.Signals = 'SIGKILL') {
		if (this.alive) this.process.kill(signal);
		await this.exited;
	}

	private take(line: string) {
		this.lines.push(line);
		for (const listener of this.listeners) listener(line);
		for (const waiter of this.waiters.filter((w) => w.test(line))) {
			this.waiters.splice(this.waiters.indexOf(waiter), 1);
			waiter.resolve(line);
		}
	}
}

/** Runs a TypeScript file in one Node process (no tsx wrapper process that a signal could miss). */
export function runTypeScript(file: string, env: Record<string, string>, args: string[] = []) {
	return new Child(process.execPath, ['--import', 'tsx', resolve(repoRoot, file), ...args], { env: { ...process.env, ...env } });
}
