import type { App } from '../../app';
import type { Executor } from '../../db';
import { deepFreeze } from '../../deep-freeze';

/*
 * Reports computed once and served again until the LMG's data changes. A report depends on the
 * database rows alone (no clock), and the database moves the LMG's data version on every write
 * to a row its reports read (migrations/2026-11-22T1300-report-data-version.ts), so a result
 * stored under the version it was built at is exact for as long as that version stands: never
 * stale, whichever server, job or tool wrote.
 */

/**
 * Entries, each one (kind, LMG, period). The most a server needs at once is the administrator's
 * comparison (one report per LMG: 60 in New Zealand) beside the LMGs' own pages (a report and its
 * series for the one or two periods people look at: 60 × 2 × 2), about 240. A report is a few
 * kilobytes, so this bounds the cache to a few megabytes. Beyond it the least recently used goes.
 */
const CAPACITY = 256;

type Entry = { version: number; result: Promise<unknown> };

/**
 * One cache per database handle, so each test app (each with its own database) has its own, and
 * copies of an App that differ only in their clock (`{ ...app, clock }`) share one, as they share
 * the data. Held weakly: a closed app's cache goes with it.
 */
const caches = new WeakMap<Executor, Map<string, Entry>>();

function cacheOf(db: Executor): Map<string, Entry> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	return cache;
}

export async function findLmgDataVersion(db: Executor, lmgId: string): Promise<number | undefined> {
	const row = await db.selectFrom('lmg_data_version').select('version').where('lmg_id', '=', lmgId).executeTakeFirst();
	return row === undefined ? undefined : Number(row.version);
}

/**
 * `build()`'s result for this LMG and key, from the cache while the LMG's data version is the one
 * it was built at. The result is deep-frozen: it is shared by every caller that asks after it.
 *
 * The version is read BEFORE building. A write committed while the build runs may or may not be in
 * the result, but the result is stored under the older version, which that write has already
 * replaced: the next caller sees the new version and builds again. One extra build, never a stale
 * answer. (Read after the build, the version could include a write the build did not see, and the
 * stale result would be served until the next write.)
 *
 * Callers asking at once for the same thing at the same version share one build.
 */
export async function cachedByLmg<T>(app: App, kind: string, lmgId: string, key: string, build: () => Promise<T>): Promise<T> {
	// Inside a transaction the version may count this transaction's own uncommitted writes; rolled
	// back, that number would be reached again later by different data. Such calls build afresh.
	if (app.db.isTransaction) return deepFreeze(await build());
	const version = await findLmgDataVersion(app.db, lmgId);
	// No version row: no such LMG (build says so), or one whose row was removed by hand.
	if (version === undefined) return deepFreeze(await build());

	const cache = cacheOf(app.db);
	const id = JSON.stringify([kind, lmgId, key]);
	const found = cache.get(id);
	if (found && found.version === version) {
		// Most recently used goes last; the oldest is first to go.
		cache.delete(id);
		cache.set(id, found);
		return found.result as Promise<T>;
	}
	const entry: Entry = { version, result: build().then(deepFreeze) };
	cache.delete(id);
	cache.set(id, entry);
	if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
	try {
		return (await entry.result) as T;
	} catch (error) {
		// A failed build is not kept: the next caller tries again.
		if (cache.get(id) === entry) cache.delete(id);
		throw error;
	}
}
