import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { preparedAppend, preparedLookup, preparedQuery } from '../../src/lib/server/db/prepared';
import type { AgencyKind } from '../../src/lib/server/db/schema';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';

/*
 * db/prepared.ts compiles a query once and fills in each call's values. These check what would go
 * wrong if it did not: another call's values, a value baked into the SQL, a transaction bypassed.
 */
describe('a prepared query', () => {
	let t: TestApp;
	beforeAll(async () => {
		t = await createTestApp({ demo: true });
	});
	afterAll(() => t.close());

	const agencyByName = preparedLookup((db, p: { name: string }) => db.selectFrom('agency').select(['id', 'name', 'kind']).where('name', '=', p.name));
	const agenciesOfKind = preparedQuery((db, p: { kind: AgencyKind; limit: number }) =>
		db.selectFrom('agency').select(['name']).where('kind', '=', p.kind).where('name', '!=', 'no such agency').orderBy('name').limit(p.limit)
	);

	it('answers as the same query built afresh, with each call’s own values', async () => {
		const agencies = await t.db.selectFrom('agency').select(['id', 'name', 'kind']).orderBy('name').execute();
		expect(agencies.length).toBeGreaterThan(2);
		for (const agency of agencies) expect(await agencyByName(t.db, { name: agency.name })).toEqual(agency);
		expect(await agencyByName(t.db, { name: 'no such agency' })).toBeUndefined();

		const kind = agencies[0].kind;
		const expected = await t.db.selectFrom('agency').select(['name']).where('kind', '=', kind).orderBy('name').limit(2).execute();
		expect(await agenciesOfKind(t.db, { kind, limit: 2 })).toEqual(expected);
		expect(await agenciesOfKind(t.db, { kind, limit: 1 })).toEqual(expected.slice(0, 1));
	});

	it('runs inside a transaction, seeing its uncommitted writes, and on the database after it', async () => {
		const insertRegion = preparedQuery((db, p: { id: string; name: string; at: string }) => db.insertInto('region').values({ id: p.id, name: p.name, created_at: p.at }));
		const regionName = preparedLookup((db, p: { id: string }) => db.selectFrom('region').select('name').where('id', '=', p.id));
		const id = crypto.randomUUID();
		await expect(
			t.db.transaction().execute(async (trx) => {
				await insertRegion(trx, { id, name: 'Prepared inside', at: t.clock.now().toISOString() });
				expect(await regionName(trx, { id })).toEqual({ name: 'Prepared inside' });
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		expect(await regionName(t.db, { id })).toBeUndefined();
		await insertRegion(t.db, { id, name: 'Prepared outside', at: t.clock.now().toISOString() });
		expect(await regionName(t.db, { id })).toEqual({ name: 'Prepared outside' });
	});

	it('outside the transaction, waits for another request’s transaction to finish and never sees its uncommitted writes', async () => {
		// On SQLite a prepared query runs at once when nobody holds the one connection
		// (db/index.ts runImmediately). While a transaction holds it, a read from elsewhere must
		// queue behind it, not slip into it.
		const insertRegion = preparedQuery((db, p: { id: string; name: string; at: string }) => db.insertInto('region').values({ id: p.id, name: p.name, created_at: p.at }));
		const regionName = preparedLookup((db, p: { id: string }) => db.selectFrom('region').select('name').where('id', '=', p.id));
		const id = crypto.randomUUID();
		let readFromElsewhere: Promise<{ name: string } | undefined> | undefined;
		await expect(
			t.db.transaction().execute(async (trx) => {
				await insertRegion(trx, { id, name: 'Never committed', at: t.clock.now().toISOString() });
				readFromElsewhere = regionName(t.db, { id });
				// Give the read every chance to run before the rollback.
				await new Promise((resolve) => setTimeout(resolve, 20));
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		// On PostgreSQL the read ran on another connection, at once, and could not see it either.
		expect(await readFromElsewhere).toBeUndefined();

		let committedRead: Promise<{ name: string } | undefined> | undefined;
		await t.db.transaction().execute(async (trx) => {
			await insertRegion(trx, { id, name: 'Committed', at: t.clock.now().toISOString() });
			committedRead = regionName(t.db, { id });
			await new Promise((resolve) => setTimeout(resolve, 20));
		});
		// Queued behind the transaction, the read sees what it committed (PostgreSQL's read, on its
		// own connection at once, did not wait and saw nothing yet).
		expect(await committedRead).toEqual(onPostgres ? undefined : { name: 'Committed' });
	});

	describe('an appended row (the audit log’s)', () => {
		const appendRegion = preparedAppend((db, p: { id: string; name: string; at: string }) => db.insertInto('region').values({ id: p.id, name: p.name, created_at: p.at }));
		const regionName = preparedLookup((db, p: { id: string }) => db.selectFrom('region').select('name').where('id', '=', p.id));
		const row = (name: string) => ({ id: crypto.randomUUID(), name, at: t.clock.now().toISOString() });

		it.skipIf(onPostgres)('shares one commit with the rows appended in the same moment, and is committed when its promise resolves', async () => {
			// Each commit appends the pages it changed to the write-ahead log: twenty commits of one
			// row write the region table's last page twenty times, one commit of twenty rows once.
			await sql`pragma wal_checkpoint(truncate)`.execute(t.db);
			const wal = `${t.config.databasePath}-wal`;
			const rows = Array.from({ length: 20 }, (_, i) => row(`Appended ${i}`));
			await Promise.all(rows.map((r) => appendRegion(t.db, r)));
			const pageFrames = Math.round(statSync(wal).size / 4120);
			expect(pageFrames).toBeLessThan(8);
			// Committed: another connection sees every row.
			const observer = new SQLite(t.config.databasePath, { readonly: true });
			try {
				const seen = observer.prepare(`select count(*) as n from region where id in (${rows.map(() => '?').join(',')})`).get(...rows.map((r) => r.id));
				expect(seen).toEqual({ n: 20 });
			} finally {
				observer.close();
			}
		});

		it('fails alone: a bad row among good ones refuses only its own caller', async () => {
			const existing = row('Already there');
			await appendRegion(t.db, existing);
			const good = [row('Good one'), row('Good two')];
			const duplicate = { ...existing, name: 'Same id again' };
			const results = await Promise.allSettled([appendRegion(t.db, good[0]), appendRegion(t.db, duplicate), appendRegion(t.db, good[1])]);
			expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
			expect(await regionName(t.db, good[0])).toEqual({ name: 'Good one' });
			expect(await regionName(t.db, good[1])).toEqual({ name: 'Good two' });
		});

		it('made outside a transaction that is open meanwhile, is not part of it: it survives the rollback', async () => {
			const outside = row('Appended outside');
			const inside = row('Appended inside');
			let appendedOutside: Promise<void> | undefined;
			await expect(
				t.db.transaction().execute(async (trx) => {
					await appendRegion(trx, inside);
					appendedOutside = appendRegion(t.db, outside);
					await new Promise((resolve) => setTimeout(resolve, 20));
					throw new Error('roll back');
				})
			).rejects.toThrow('roll back');
			await appendedOutside;
			expect(await regionName(t.db, outside)).toEqual({ name: 'Appended outside' });
			expect(await regionName(t.db, inside)).toBeUndefined();
		});
	});

	it('with a plugin on the handle, builds each call afresh, so the plugin sees every statement', async () => {
		const seen: string[] = [];
		const executor = t.db.getExecutor();
		const recorded = t.db.withPlugin({
			transformQuery: ({ node, queryId }) => (seen.push(executor.compileQuery(node, queryId).sql), node),
			transformResult: async ({ result }) => result
		});
		const [first] = await t.db.selectFrom('agency').select('name').orderBy('name').limit(1).execute();
		expect(await agencyByName(recorded, first)).toMatchObject(first);
		expect(await agencyByName(recorded, first)).toMatchObject(first);
		expect(seen).toHaveLength(2);
	});

	it('refuses a builder that writes a value into the SQL text instead of a parameter', async () => {
		const baked = preparedQuery((db, p: { name: string }) => db.selectFrom('agency').select('id').where('name', '=', sql.lit(p.name)));
		await expect(baked(t.db, { name: 'anything' })).rejects.toThrow(/SQL text rather than a parameter/);
	});
});
