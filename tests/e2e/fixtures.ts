/**
 * The one `test` and `expect` every spec imports. Its `page` checks every page a test visits
 * with axe-core against WCAG 2.2 AA and fails the test on any violation:
 *
 * - Page objects call `expectAccessible(page)` once a page (or a changed page, such as a form
 *   showing its errors) is on screen. That analyses it there and then.
 * - Meanwhile the fixture writes down every page the browser shows: each new document, and each
 *   client-side navigation to another address. At the end of a passing test the page still on
 *   screen is checked if nothing checked it yet, and the test fails if any earlier page went by
 *   unchecked. So "every page is checked" is enforced, not hoped for.
 *
 * Analyses never overlap: each runs only when the test awaits it, after the document's `load`.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. No rule is disabled. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Visit = {
	url: string;
	checked: boolean;
	/** Made by a navigation whose document has not reported DOMContentLoaded yet. */
	awaitingDocument: boolean;
};

const visitsByPage = new WeakMap<Page, Visit[]>();

const withoutHash = (url: string) => url.replace(/#.*$/, '');

/**
 * A visit is a page the person sees. A new document is always one (including a form posted back
 * to the same address); a same-document navigation is one only when the address (less its #hash)
 * changes, so a history.replaceState or a jump to an in-page link is not.
 */
function trackVisits(page: Page): Visit[] {
	const visits: Visit[] = [];
	page.on('framenavigated', (frame) => {
		if (frame !== page.mainFrame() || frame.url() === 'about:blank') return;
		const last = visits.at(-1);
		if (last && withoutHash(last.url) === withoutHash(frame.url())) return;
		visits.push({ url: frame.url(), checked: false, awaitingDocument: true });
	});
	// A new document's DOMContentLoaded always follows its framenavigated event.
	page.on('domcontentloaded', () => {
		const last = visits.at(-1);
		if (last?.awaitingDocument) last.awaitingDocument = false;
		else visits.push({ url: page.url(), checked: false, awaitingDocument: false });
	});
	visitsByPage.set(page, visits);
	return visits;
}

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** One readable line per violation and one per offending element, capped so a flood stays legible. */
function readable(violations: Violation[]): string[] {
	return violations.map((v) => {
		const targets = v.nodes.slice(0, 8).map((n) => `      at ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' >>> ')}`);
		if (v.nodes.length > 8) targets.push(`      … and ${v.nodes.length - 8} more`);
		return [`${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`, `      ${v.helpUrl}`, ...targets].join('\n');
	});
}

/**
 * Runs axe on the page as it is now and fails (with every violation's rule, help and selectors)
 * if anything breaks WCAG 2.2 AA. Call it after the page, or the change to it, is visible.
 */
export async function expectAccessible(page: Page): Promise<void> {
	await base.step(`accessibility check of ${new URL(page.url()).pathname}`, async () => {
		// After `load`, this document's DOMContentLoaded has been reported, so the visit marked
		// below is the right one.
		await page.waitForLoadState('load');
		const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
		const last = visitsByPage.get(page)?.at(-1);
		if (last) {
			last.checked = true;
			last.awaitingDocument = false;
		}
		expect(readable(results.violations), `axe-core found WCAG 2.2 AA violations on ${page.url()}`).toEqual([]);
	});
}

export const test = base.extend({
	page: async ({ page }, use, testInfo) => {
		const visits = trackVisits(page);
		await use(page);
		if (testInfo.status !== testInfo.expectedStatus || page.isClosed()) return;
		const last = visits.at(-1);
		if (last && !last.checked) await expectAccessible(page);
		const unchecked = visits.filter((v) => !v.checked).map((v) => v.url);
		expect(unchecked, 'pages shown without an accessibility check: call expectAccessible(page) when each appears').toEqual([]);
	}
});
