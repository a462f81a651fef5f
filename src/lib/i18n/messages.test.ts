import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { baseLocale, locales, overwriteGetLocale } from '$lib/paraglide/runtime';
import { formatDateTime, formatDay } from './format';
import { procedureText, scopeText } from './words';

/**
 * A message-format plugin that fails to load only warns and leaves every message empty, so these
 * tests read the compiled messages themselves, in both languages.
 */
const messageFile = (locale: string) => JSON.parse(readFileSync(new URL(`./messages/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;

describe('the portal’s messages', () => {
	afterEach(() => overwriteGetLocale(() => baseLocale));

	it('are compiled for English and te reo Māori', () => {
		expect(locales).toEqual(['en', 'mi']);
		expect(m.plan_title({}, { locale: 'en' })).toBe('Our plan');
		expect(m.plan_title({}, { locale: 'mi' })).toBe('Tō mātou mahere');
		expect(m.done_withdrawn({ agency: 'Whānau Tautoko Trust', what: 'x' }, { locale: 'mi' })).toContain('Whānau Tautoko Trust');
	});

	it('have exactly the same keys in both languages, none of them empty', () => {
		const en = messageFile('en');
		const mi = messageFile('mi');
		expect(Object.keys(mi).sort()).toEqual(Object.keys(en).sort());
		expect(Object.entries({ ...en, ...mi }).filter(([, text]) => !text.trim())).toEqual([]);
		// The same placeholders on both sides, so no name or date goes missing in translation.
		const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((p) => p[1]).sort();
		for (const key of Object.keys(en)) expect(placeholders(mi[key]), key).toEqual(placeholders(en[key]));
	});

	it('give dates, times and codes in the reader’s language', () => {
		const start = new Date('2026-03-04T21:30:00Z'); // 10:30 on Thursday 5 March in Auckland (daylight time)
		expect(formatDay('2026-12-25')).toBe('Friday 25 December 2026');
		expect(formatDateTime(start, 'Pacific/Auckland')).toBe('5 March 2026 at 10:30 am');
		expect(procedureText('conference.schedule')).toBe('Arranged a meeting');
		expect(procedureText('something.new')).toBe('Other work on your case');
		expect(scopeText('all', [])).toBe('Everything');
		overwriteGetLocale(() => 'mi');
		expect(formatDay('2026-12-25')).toBe('Rāmere, 25 Hakihea 2026');
		expect(formatDateTime(new Date('2026-03-05T03:15:00Z'), 'Pacific/Auckland')).toBe('5 Poutūterangi 2026, 4:15 i te ahiahi');
		expect(procedureText('case.get')).toBe('I titiro ki ngā kōrero mō tō whānau');
		expect(scopeText(['health', 'housing'], [{ key: 'housing', label: 'Housing' }, { key: 'health', label: 'Health' }])).toBe('Housing, Health');
	});
});
