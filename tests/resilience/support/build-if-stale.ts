/**
 * vitest globalSetup for the resilience suite: the server tests run the production build
 * (`node build`), so build first when build/ is missing or older than anything it is built from.
 * In `.ci/run` the end-to-end suite has just built, so this costs nothing there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './child';

const inputs = ['src', 'migrations', 'static', 'package.json', 'package-lock.json', 'svelte.config.js', 'vite.config.ts'];

/**
 * The newest change among the source files git knows of (tracked, or new and not ignored). Ignored
 * files are left out on purpose: Paraglide rewrites its generated code and caches under src/ on
 * every run, which would otherwise make every build look stale.
 */
function newestSourceChange(): number {
	let files: string[];
	try {
		files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...inputs], { cwd: repoRoot, encoding: 'utf8' })
			.split('\n')
			.filter(Boolean);
	} catch {
		return Infinity; // not a git checkout: build to be sure
	}
	let newest = 0;
	for (const file of files) {
		const path = join(repoRoot, file);
		// A file deleted but not yet committed is still listed.
		if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

export default function setup() {
	const built = join(repoRoot, 'build/handler.js');
	if (existsSync(built) && statSync(built).mtimeMs > newestSourceChange()) return;
	console.log(existsSync(built) ? 'build/ is older than the source: building' : 'no build/ yet: building');
	const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}
