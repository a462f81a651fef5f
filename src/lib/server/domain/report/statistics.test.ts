import { describe, expect, it } from 'vitest';
import { count, countOf, describeDurations, quantile, showCount, suppressRows, xmrChart } from './statistics';

describe('small numbers never show', () => {
	it('shows 1 and 2 as "<3", and 0 and 3 as themselves', () => {
		expect([0, 1, 2, 3, 10].map((n) => showCount(count(n)))).toEqual(['0', '<3', '<3', '3', '10']);
	});

	it('hides a second row when one hidden row could be worked out from the total', () => {
		const rows = suppressRows([
			{ name: 'A', count: count(10) },
			{ name: 'B', count: count(2) },
			{ name: 'C', count: count(4) },
			{ name: 'D', count: count(7) }
		]);
		expect(rows.map((r) => showCount(r.count))).toEqual(['10', '<3', '<3', '7']);
		const twoHidden = suppressRows([
			{ name: 'A', count: count(1) },
			{ name: 'B', count: count(2) },
			{ name: 'C', count: count(9) }
		]);
		expect(twoHidden.map((r) => showCount(r.count))).toEqual(['<3', '<3', '9']);
	});
});

describe('durations', () => {
	it('computes median and 90th percentile by interpolation, and the share within target', () => {
		expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
		expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
		expect(describeDurations([2, 4, 6, 8, 10, 12], [true, true, true, false, false, false])).toEqual({ n: { value: 6, suppressed: false }, median: 7, p90: 11, withinTarget: 0.5 });
		// 2 of 4 on time would reveal the small numbers behind it: the share is not shown.
		expect(describeDurations([2, 4, 6, 8], [true, true, false, false]).withinTarget).toBeNull();
		expect(describeDurations([2, 4], [true, true])).toMatchObject({ median: null, p90: null, withinTarget: null });
	});
});

describe('XmR control chart', () => {
	it('marks the month outside the limits and leaves small months unplotted', () => {
		// Monthly medians 5, 6, 5, 6, 5, 20: mean 47/6; moving ranges 1,1,1,1,15 → mean 3.8.
		const months = [5, 6, 5, 6, 5, 20].map((m, i) => ({ period: `2026-0${i + 1}`, values: [m, m, m] }));
		months.splice(2, 0, { period: '2026-02b', values: [40] });
		const chart = xmrChart(months);
		expect(chart.centre).toBeCloseTo(47 / 6);
		expect(chart.upper).toBeCloseTo(47 / 6 + 2.66 * 3.8);
		expect(chart.lower).toBe(0);
		expect(chart.points.find((p) => p.period === '2026-02b')).toMatchObject({ value: null, n: { value: 1, suppressed: true } });
		expect(chart.points.filter((p) => p.outside).map((p) => p.period)).toEqual(['2026-06']);
	});
});

describe('parts beside their whole', () => {
	it('hide a part whose remainder is small', () => {
		expect(countOf(8, 10).suppressed).toBe(true);
		expect(countOf(2, 10).suppressed).toBe(true);
		expect(countOf(7, 10).suppressed).toBe(false);
		expect(countOf(10, 10).suppressed).toBe(false);
	});
});
