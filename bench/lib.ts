/** Small pieces the bench scripts share: paths, a seeded random generator, timing. */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(BENCH_DIR, '..');
export const DATA_DIR = join(BENCH_DIR, '.data');

export function ensureDataDir(): string {
	mkdirSync(DATA_DIR, { recursive: true });
	return DATA_DIR;
}

/** Every bench account's password (hashed once with the app's own argon2 settings). */
export const BENCH_PASSWORD = 'tautoko-bench-2026';
export const BENCH_EMAIL_DOMAIN = 'bench.tautoko.nz';

/** sfc32: small, fast, good enough for test data, and the same sequence for the same seed everywhere. */
export type Rng = () => number;

export function rngFor(...key: (string | number)[]): Rng {
	// FNV-1a over the key, spread into four 32-bit words
	let h = 0x811c9dc5;
	for (const ch of key.join('/')) {
		h ^= ch.charCodeAt(0);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	let a = h ^ 0x9e3779b9;
	let b = Math.imul(h, 0x85ebca6b) >>> 0;
	let c = Math.imul(h ^ 0xc2b2ae35, 0x27d4eb2f) >>> 0;
	let d = 1;
	const next = () => {
		a >>>= 0;
		b >>>= 0;
		c >>>= 0;
		d >>>= 0;
		const t = (a + b + d) >>> 0;
		d = (d + 1) >>> 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) >>> 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) >>> 0;
		return t / 4294967296;
	};
	for (let i = 0; i < 12; i++) next();
	return next;
}

export const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)];
export const between = (r: Rng, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const chance = (r: Rng, p: number) => r() < p;

/** A random (v4-shaped) UUID from the seeded generator: random like the app's, repeatable unlike them. */
export function uuidFrom(r: Rng): string {
	const hex = (n: number) =>
		Math.floor(r() * 2 ** 32)
			.toString(16)
			.padStart(8, '0')
			.slice(0, n);
	const variant = (8 + Math.floor(r() * 4)).toString(16);
	return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(8)}${hex(4)}`;
}

export function sample<T>(r: Rng, items: readonly T[], n: number): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(r() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy.slice(0, n);
}

export function seconds(fromMs: number): string {
	return `${((performance.now() - fromMs) / 1000).toFixed(1)} s`;
}
