import { scaleLinear, scalePoint } from 'd3-scale';
import { line, symbol, symbolCircle, symbolTriangle } from 'd3-shape';
import { daysWords, listWords, monthWords, plural, shortMonthWords, type RunSeries } from './ReportWords';

/*
 * The geometry of an XmR run chart, from d3's scales and line generator: the SVG is drawn in a
 * fixed coordinate space (its viewBox) and the browser scales it to the width it has.
 */

export const CHART = { width: 420, height: 250, top: 22, right: 76, bottom: 40, left: 34 } as const;

/** Drawn from the bottom of the plot area upwards, so a gap is left where a month is not shown. */
export type ChartMark = { period: string; x: number; y: number; value: number; outside: 'above' | 'below' | null; shape: string };
export type ChartLimit = { kind: 'centre' | 'upper' | 'lower'; name: string; value: number; y: number; labelY: number };

const LABEL_GAP = 24;

/** A month within the limits is a dot; one outside is a larger triangle (pointing down when below). */
export const MARK_SHAPES = { circle: symbol(symbolCircle, 64)() ?? '', triangle: symbol(symbolTriangle, 150)() ?? '' };

/** Moves labels apart (keeping their order) so two lines close together keep readable names. */
function spreadLabels(ys: number[], min: number, max: number): number[] {
	const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
	const placed = order.map((o) => o.y);
	for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + LABEL_GAP);
	// Pushed past the bottom: shift the whole stack up.
	const overflow = placed.length ? placed[placed.length - 1] - max : 0;
	if (overflow > 0) for (let k = 0; k < placed.length; k++) placed[k] -= overflow;
	for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - LABEL_GAP);
	const result = new Array<number>(ys.length);
	order.forEach((o, k) => (result[o.i] = Math.max(min, placed[k])));
	return result;
}

export function layoutRunChart(series: RunSeries) {
	const { width, height, top, right, bottom, left } = CHART;
	const months = series.points.map((p) => p.period);
	const plotted = series.points.filter((p) => p.value !== null);
	const x = scalePoint<string>().domain(months).range([left, width - right]).padding(0.5);
	const highest = Math.max(plotted.length ? 1 : 9, ...plotted.map((p) => p.value!), series.centre ?? 0, series.upper ?? 0);
	const y = scaleLinear()
		.domain([0, highest * 1.1])
		.nice(5)
		.range([height - bottom, top]);

	const path =
		line<{ period: string; value: number | null }>()
			.defined((p) => p.value !== null)
			.x((p) => x(p.period)!)
			.y((p) => y(p.value!))(series.points) ?? '';

	const { circle, triangle } = MARK_SHAPES;
	const marks: ChartMark[] = plotted.map((p) => ({
		period: p.period,
		x: x(p.period)!,
		y: y(p.value!),
		value: p.value!,
		outside: p.outside,
		shape: p.outside ? triangle : circle
	}));

	const lines: { kind: ChartLimit['kind']; name: string; value: number | null }[] = [
		{ kind: 'upper', name: 'Upper limit', value: series.upper },
		{ kind: 'centre', name: 'Centre line', value: series.centre },
		{ kind: 'lower', name: 'Lower limit', value: series.lower }
	];
	const limits: ChartLimit[] = lines.flatMap((l) => (l.value === null ? [] : [{ kind: l.kind, name: l.name, value: l.value, y: y(l.value), labelY: 0 }]));
	const labelYs = spreadLabels(
		limits.map((l) => l.y),
		top,
		height - bottom
	);
	limits.forEach((l, i) => (l.labelY = labelYs[i]));

	// Every month is marked; with more than a year of months, only every few are named.
	const every = Math.max(1, Math.ceil(months.length / 12));
	const monthTicks = months.map((m, i) => ({
		period: m,
		x: x(m)!,
		label: i % every === 0 ? shortMonthWords(m) : null,
		year: i === 0 || m.endsWith('-01') ? m.slice(0, 4) : null
	}));
	const valueTicks = y.ticks(5).map((t) => ({ value: t, y: y(t), label: daysWords(t) }));

	return {
		width,
		height,
		plot: { left, right: width - right, top, bottom: height - bottom },
		path,
		marks,
		limits,
		monthTicks,
		valueTicks,
		empty: plotted.length === 0
	};
}

/** The chart in a few sentences, for its SVG description: the lines' values and every month outside them. */
export function describeRunChart(series: RunSeries, measure: string): string {
	const points = series.points;
	const span = points.length ? `${monthWords(points[0].period)} to ${monthWords(points.at(-1)!.period)}` : '';
	const plotted = points.filter((p) => p.value !== null);
	const gaps = points.length - plotted.length;
	const sentences = [`Median ${measure.toLowerCase()} in each month from ${span}.`];
	if (plotted.length === 0) {
		sentences.push('No month had 3 or more records, so nothing is plotted.');
		return sentences.join(' ');
	}
	if (series.centre !== null) sentences.push(`Centre line ${daysWords(series.centre)} days.`);
	if (series.upper !== null && series.lower !== null) {
		sentences.push(`Upper limit ${daysWords(series.upper)} days; lower limit ${daysWords(series.lower)} days.`);
		const above = plotted.filter((p) => p.outside === 'above').map((p) => monthWords(p.period));
		const below = plotted.filter((p) => p.outside === 'below').map((p) => monthWords(p.period));
		if (above.length === 0 && below.length === 0) sentences.push('Every month is within the limits.');
		if (above.length) sentences.push(`${plural(above.length, 'month', 'months')} above the upper limit: ${listWords(above)}.`);
		if (below.length) sentences.push(`${plural(below.length, 'month', 'months')} below the lower limit: ${listWords(below)}.`);
	} else {
		sentences.push('Only one month has enough records, so there are no control limits.');
	}
	if (gaps > 0) sentences.push(`${plural(gaps, 'month has', 'months have')} too few records to show.`);
	return sentences.join(' ');
}
