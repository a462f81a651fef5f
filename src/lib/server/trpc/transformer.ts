import superjson, { type SuperJSONResult } from 'superjson';

/**
 * The API's transformer: superjson's wire format, written faster for what procedures return.
 *
 * Every answer is serialized on the way out, and superjson's general walker (path arrays copied
 * at every node, an identity map of every object) took a tenth of a case page's CPU: 0.15 ms for
 * its 3.9 KB answer, a quarter of that here (bench/results-notes.md). Procedures return plain objects, arrays, strings, numbers, booleans, nulls, Dates and the
 * odd undefined; `serialize` writes exactly the JSON superjson writes for those, in one pass.
 * Anything else — a Map, Set, BigInt, class instance, NaN, -0, a sparse array, an invalid Date or
 * an object reached twice (superjson records referential equality) — is handed to superjson
 * itself, so the output is always superjson's. transformer.test.ts holds the two to
 * byte-identical output. Inputs are read by superjson unchanged.
 */
export const transformer = {
	serialize,
	deserialize: (payload: SuperJSONResult) => superjson.deserialize(payload)
};

type Annotation = [type: 'Date' | 'undefined'];

/** Thrown (and caught below) when a value needs superjson's general walker. */
const NEEDS_SUPERJSON = Symbol('needs superjson');

export function serialize(value: unknown): SuperJSONResult {
	const walk = new Walk();
	let json: unknown;
	try {
		json = walk.value(value);
	} catch (e) {
		if (e === NEEDS_SUPERJSON) return superjson.serialize(value);
		throw e;
	}
	if (walk.found) return { json: json as SuperJSONResult['json'], meta: { values: walk.found, v: 1 } };
	return { json: json as SuperJSONResult['json'] };
}

/** A value's annotations: its own type (a Date, an undefined), or its children's by path. */
type Annotations = Annotation | Record<string, Annotation>;

class Walk {
	/**
	 * The annotations of the value just walked. Built level by level and flattened into the parent
	 * as superjson does, because the order matters to match it byte for byte: each level's record
	 * puts integer-like keys ('0', '12') first, as every JavaScript object does.
	 */
	found: Annotations | undefined;
	private readonly seen = new Set<object>();

	value(value: unknown): unknown {
		this.found = undefined;
		switch (typeof value) {
			case 'string':
			case 'boolean':
				return value;
			case 'number':
				// NaN, ±Infinity and -0 carry superjson's 'number' annotation.
				if (!Number.isFinite(value) || Object.is(value, -0)) throw NEEDS_SUPERJSON;
				return value;
			case 'undefined':
				this.found = ['undefined'];
				return null;
			case 'object': {
				if (value === null) return null;
				if (this.seen.has(value)) throw NEEDS_SUPERJSON;
				this.seen.add(value);
				if (Array.isArray(value)) return this.array(value);
				const prototype = Object.getPrototypeOf(value);
				if (prototype === Object.prototype || prototype === null) return this.object(value as Record<string, unknown>);
				// Only Date itself: a subclass (TZDate) may write its ISO string differently.
				if (prototype === Date.prototype) {
					if (Number.isNaN((value as Date).getTime())) throw NEEDS_SUPERJSON;
					this.found = ['Date'];
					return (value as Date).toISOString();
				}
				throw NEEDS_SUPERJSON;
			}
			default:
				// bigint, symbol, function
				throw NEEDS_SUPERJSON;
		}
	}

	private array(items: unknown[]): unknown[] {
		const out = new Array<unknown>(items.length);
		let inner: Record<string, Annotation> | undefined;
		for (let i = 0; i < items.length; i++) {
			if (!(i in items)) throw NEEDS_SUPERJSON; // superjson skips holes
			out[i] = this.value(items[i]);
			if (this.found) inner = this.gather(inner, String(i), this.found);
		}
		this.found = inner;
		return out;
	}

	private object(record: Record<string, unknown>): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		let inner: Record<string, Annotation> | undefined;
		for (const key of Object.keys(record)) {
			// superjson refuses these (prototype pollution); let it say so in its own words.
			if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw NEEDS_SUPERJSON;
			out[key] = this.value(record[key]);
			if (this.found) inner = this.gather(inner, key, this.found);
		}
		this.found = inner;
		return out;
	}

	/** A child's annotations under the child's key, as superjson's walker flattens them. */
	private gather(inner: Record<string, Annotation> | undefined, key: string, child: Annotations): Record<string, Annotation> {
		inner ??= {};
		const escaped = escapeKey(key);
		if (Array.isArray(child)) {
			inner[escaped] = child;
		} else {
			for (const path of Object.keys(child)) inner[`${escaped}.${path}`] = child[path];
		}
		return inner;
	}
}

/** superjson's path escaping: backslashes doubled, dots escaped. */
function escapeKey(key: string): string {
	return key.includes('.') || key.includes('\\') ? key.replace(/\\/g, '\\\\').replace(/\./g, '\\.') : key;
}
