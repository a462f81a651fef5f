import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { commitWithOthers, runImmediately, type Executor } from './index';
import type { Database } from './schema';

/**
 * A query built and compiled once, then run with new values.
 *
 * Kysely builds a tree of operation nodes and compiles it to SQL on every call. On the paths every
 * request takes (the session check, the consent gate, the case page's fifteen reads, the audit
 * row) that cost more CPU than SQLite spent running the queries (bench/results-notes.md). Here the
 * builder runs once per dialect with a placeholder standing for each value; the compiled SQL is
 * kept, and each call only puts the values in their places.
 *
 * The builder must pass each value through as it is — into `where`, `values`, `set`, `limit` — and
 * never look at it (no `if (p.x)`, no lists for `in`): it sees placeholders, not values. If a
 * placeholder ends up anywhere but a parameter of the compiled query, compiling says so.
 */
export function preparedQuery<Params extends Record<string, unknown>, Row>(build: (db: Kysely<Database>, params: Params) => Compilable<Row>) {
	const bind = binder(build);
	return async function run(db: Executor, params: Params): Promise<Row[]> {
		const bound = bind(db, params);
		if (!bound) return (await db.executeQuery(build(db as Kysely<Database>, params))).rows;
		const rows = runImmediately(db, bound.sql, bound.parameters);
		if (rows) return rows as Row[];
		const result = await db.executeQuery<Row>(bound);
		return result.rows;
	};
}

/**
 * A prepared write whose commit may be shared with the others made in the same moment
 * (db/index.ts commitWithOthers): for rows appended on every read, the audit log's. It resolves
 * once the row is committed. Inside a transaction it is simply part of that transaction.
 */
export function preparedAppend<Params extends Record<string, unknown>>(build: (db: Kysely<Database>, params: Params) => Compilable<unknown>) {
	const bind = binder(build);
	const query = preparedQuery(build);
	return async function append(db: Executor, params: Params): Promise<void> {
		const bound = bind(db, params);
		const committing = bound && commitWithOthers(db, bound.sql, bound.parameters);
		if (committing) return committing;
		await query(db, params);
	};
}

/** The compiled query with this call's values in place, or null when it must be built afresh. */
function binder<Params extends Record<string, unknown>>(build: (db: Kysely<Database>, params: Params) => Compilable<unknown>) {
	const templates = new WeakMap<object, Template>();
	return (db: Executor, params: Params): CompiledQuery<unknown> | null => {
		// A plugin may rewrite each query as it is compiled (tests record statements that way), so
		// with plugins the query is built and compiled afresh, as any other. Tautoko's own handles have none.
		const executor = db.getExecutor();
		if (executor.plugins.length > 0) return null;
		// One template per dialect: a transaction shares its database's adapter, so it shares the template.
		const adapter = executor.adapter;
		let template = templates.get(adapter);
		if (!template) {
			template = compileTemplate(db, build as (db: Kysely<Database>, params: Record<string, unknown>) => Compilable<unknown>);
			templates.set(adapter, template);
		}
		return { ...template.compiled, parameters: template.parameters.map((p) => (p.kind === 'value' ? p.value : params[p.name])) };
	};
}

/** The first row, or undefined: for lookups by key. */
export function preparedLookup<Params extends Record<string, unknown>, Row>(build: (db: Kysely<Database>, params: Params) => Compilable<Row>) {
	const run = preparedQuery(build);
	return async (db: Executor, params: Params): Promise<Row | undefined> => (await run(db, params))[0];
}

type Template = {
	compiled: CompiledQuery<unknown>;
	/** Each parameter of the compiled SQL: a value fixed by the builder, or the name of a value given at each call. */
	parameters: ({ kind: 'value'; value: unknown } | { kind: 'param'; name: string })[];
};

const PLACEHOLDER = '\u0000tautoko-param:';

function compileTemplate(db: Executor, build: (db: Kysely<Database>, params: Record<string, unknown>) => Compilable<unknown>): Template {
	const placeholders = new Proxy({} as Record<string, unknown>, { get: (_target, name) => `${PLACEHOLDER}${String(name)}` });
	const compiled = build(db as Kysely<Database>, placeholders).compile();
	if (compiled.sql.includes(PLACEHOLDER)) throw new Error(`A prepared query put a value into its SQL text rather than a parameter: ${compiled.sql}`);
	return {
		compiled,
		parameters: compiled.parameters.map((value) =>
			typeof value === 'string' && value.startsWith(PLACEHOLDER) ? { kind: 'param', name: value.slice(PLACEHOLDER.length) } : { kind: 'value', value }
		)
	};
}
