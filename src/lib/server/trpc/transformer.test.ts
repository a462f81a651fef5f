import { TZDate } from '@date-fns/tz';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serialize } from './transformer';

/** What a client receives: the serialized answer as JSON text. */
const wire = (value: unknown) => JSON.stringify(serialize(value));
const superjsonWire = (value: unknown) => JSON.stringify(superjson.serialize(value));

describe("the API's transformer writes exactly what superjson writes", () => {
	const at = (ms: number) => new Date(Date.UTC(2026, 10, 22) + ms);

	it.each([
		['a case page', { id: 'c1', reference: 'TK-1', openedAt: at(0), status: 'active', members: [{ name: 'Aroha', dob: null }], plan: { agreedAt: at(1), actions: [{ dueOn: '2026-12-01', at: at(2), note: undefined }] } }],
		['keys with dots and backslashes', { 'a.b': { 'c\\d': at(3), 'e.f.g': [at(4)] }, '\\.': undefined }],
		['integer-like keys, which objects order first', { z: at(5), 10: at(6), 2: { 1: at(7), 0: undefined }, a: [] }],
		['a list at the root', [at(8), { when: at(9) }, null, 'x', 3, true, undefined]],
		['a Date at the root', at(10)],
		['undefined at the root', undefined],
		['null at the root', null],
		['a string at the root', 'plain'],
		['a number at the root', 42.5],
		['empty things', { list: [], object: {}, text: '', zero: 0, no: false }],
		['an object without a prototype', Object.assign(Object.create(null) as object, { at: at(11), n: 1 })],
		['no annotations at all', { a: 1, b: ['x', { c: null }] }]
	])('%s', (_what, value) => {
		expect(wire(value)).toBe(superjsonWire(value));
		expect(superjson.deserialize(serialize(value))).toEqual(value);
	});

	// Values the fast walker does not write itself: superjson's own output, whatever it is.
	const shared = { x: 1 };
	const sharedDate = at(12);
	const proto = JSON.parse('{"__proto__": {"x": 1}}');
	it.each([
		['a Map', { m: new Map([[1, 'a']]) }],
		['a Set', { s: new Set(['a']) }],
		['a BigInt', { n: 10n }],
		['NaN', { n: Number.NaN }],
		['Infinity', [Number.POSITIVE_INFINITY]],
		['minus zero', { n: -0 }],
		['an invalid Date', { d: new Date(Number.NaN) }],
		['a sparse list', { l: [1, , 3] }], // eslint-disable-line no-sparse-arrays
		['an object reached twice', { a: shared, b: [shared] }],
		['a Date reached twice', { a: sharedDate, b: sharedDate }],
		['a zoned date (a Date subclass)', { d: new TZDate(2026, 10, 22, 9, 30, 'Pacific/Auckland') }],
		['an Error', { e: new Error('no') }],
		['a class instance', { u: new URL('https://example.org/') }],
		['a function', { f: () => 1 }]
	])('%s: left to superjson', (_what, value) => {
		expect(wire(value)).toBe(superjsonWire(value));
	});

	it('refuses a __proto__ key as superjson does', () => {
		expect(() => superjson.serialize(proto)).toThrow(/prototype pollution/);
		expect(() => serialize(proto)).toThrow(/prototype pollution/);
	});

	it('agrees with superjson on a thousand generated answers', () => {
		// A small seeded generator: the same thousand values on every run.
		let seed = 20261122;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)];
		const keys = ['id', 'at', 'a.b', 'x\\y', '0', '12', 'note', 'constructorName', ''];
		const leaf = () => pick<() => unknown>([() => null, () => undefined, () => 'text', () => Math.floor(random() * 1000) / 10, () => random() > 0.5, () => at(Math.floor(random() * 1e9))])();
		const value = (depth: number): unknown => {
			if (depth > 3 || random() < 0.3) return leaf();
			if (random() < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
			return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(keys), value(depth + 1)]));
		};
		for (let i = 0; i < 1000; i++) {
			const generated = value(0);
			expect(wire(generated)).toBe(superjsonWire(generated));
		}
	});
});
