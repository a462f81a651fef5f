/**
 * The arithmetic of LMG reports, kept free of the database so each rule can be tested by hand.
 */

/** Counts under this are shown as "<3": reports must never let a family be picked out. */
export const SMALL_NUMBER = 3;

export type Count = { value: number; suppressed: boolean };

export function count(value: number): Count {
	// Internally the value is kept for secondary suppression; redactCounts strips it before it leaves.
	return { value, suppressed: value > 0 && value < SMALL_NUMBER };
}

export function showCount(c: Count): string {
	return c.suppressed ? `<${SMALL_NUMBER}` : String(c.value);
}

/**
 * Rows of a table that also shows their total: if exactly one row is hidden, the total would
 * give it away, so the next smallest shown row is hidden with it (secondary suppression).
 */
export function suppressRows<T extends { count: Count }>(rows: T[]): T[] {
	const out = rows.map((r) => ({ ...r, count: { ...r.count } }));
	const hidden = out.filter((r) => r.count.suppressed);
	if (hidden.length === 1) {
		const next = out.filter((r) => !r.count.suppressed && r.count.value > 0).sort((a, b) => a.count.value - b.count.value)[0];
		if (next) next.count.suppressed = true;
	}
	return out;
}

/** The q-quantile by linear interpolation between closest ranks (as spreadsheets compute it). */
export function quantile(values: number[], q: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const lower = Math.floor(position);
	const upper = Math.ceil(position);
	return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Median, 90th percentile and share within target of a set of durations; nothing at all when too few to show. */
export function describeDurations(days: number[], withinTarget: boolean[]) {
	if (days.length < SMALL_NUMBER) return { n: count(days.length), median: null, p90: null, withinTarget: null };
	return {
		n: count(days.length),
		median: quantile(days, 0.5),
		p90: quantile(days, 0.9),
		withinTarget: shareOf(withinTarget.filter(Boolean).length, withinTarget.length)
	};
}

export type XmrPoint = { period: string; value: number | null; n: Count; movingRange: number | null; outside: 'above' | 'below' | null };
export type XmrChart = { points: XmrPoint[]; centre: number | null; upper: number | null; lower: number | null };

/**
 * An individuals (XmR) chart: centre line at the mean of the plotted values, limits at ±2.66
 * times the mean moving range (never below zero for durations). A period with fewer than three
 * records is left unplotted: its value could describe one family.
 */
export function xmrChart(periods: { period: string; values: number[] }[]): XmrChart {
	const points: XmrPoint[] = periods.map((p) => ({
		period: p.period,
		n: count(p.values.length),
		value: p.values.length >= SMALL_NUMBER ? quantile(p.values, 0.5) : null,
		movingRange: null,
		outside: null
	}));
	const plotted = points.filter((p) => p.value !== null);
	if (plotted.length < 2) return { points, centre: plotted[0]?.value ?? null, upper: null, lower: null };
	for (let i = 1; i < plotted.length; i++) plotted[i].movingRange = Math.abs(plotted[i].value! - plotted[i - 1].value!);
	const centre = plotted.reduce((sum, p) => sum + p.value!, 0) / plotted.length;
	const ranges = plotted.slice(1).map((p) => p.movingRange!);
	const meanRange = ranges.reduce((sum, r) => sum + r, 0) / ranges.length;
	const upper = centre + 2.66 * meanRange;
	const lower = Math.max(0, centre - 2.66 * meanRange);
	for (const p of plotted) p.outside = p.value! > upper ? 'above' : p.value! < lower ? 'below' : null;
	return { points, centre, upper, lower };
}

/**
 * A share is hidden when it rests on too few records, or when either side of it is a small
 * number: "1 of 4 on time" would reveal what "<3" hides.
 */
export function shareOf(part: number, whole: number): number | null {
	const small = (n: number) => n > 0 && n < SMALL_NUMBER;
	if (whole < SMALL_NUMBER || small(part) || small(whole - part)) return null;
	return part / whole;
}

/** What leaves the server: every suppressed count loses its value, so no API caller ever receives it. */
export function redactCounts<T>(value: T): T {
	if (Array.isArray(value)) return value.map(redactCounts) as T;
	if (value && typeof value === 'object' && !(value instanceof Date)) {
		const record = value as Record<string, unknown>;
		if (record.suppressed === true && 'value' in record) return { ...record, value: null } as T;
		return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redactCounts(v)])) as T;
	}
	return value;
}

/**
 * A part shown beside its whole: hidden when it is small, and also when what is left over is
 * small ("8 of 10 on time" would reveal the 2 that were not).
 */
export function countOf(part: number, whole: number): Count {
	const own = count(part);
	return { value: part, suppressed: own.suppressed || count(whole - part).suppressed };
}
