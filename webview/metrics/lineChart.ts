import { metricCharts, type MetricChart, type MetricHistory } from '../../src/core/metrics/metricHistory';
import { formatMetricValue } from '../../src/core/metrics/metricNames';
import { el } from '../shared/vscodeApi';

/**
 * Small line charts of a job's curves, drawn as SVG with DOM calls: no markup from strings, no style attributes
 * (colours come from classes whose rules read the theme's chart colours, so they follow light, dark and high contrast).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 160;
const PAD = { left: 48, right: 12, top: 10, bottom: 26 };
/** Points are marked while a line has few enough of them to tell apart. */
const MARKED_POINTS = 40;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

interface Range {
  readonly min: number;
  readonly max: number;
  /** Every value is the same: the range is a band around it. */
  readonly flat: boolean;
}

/** A range that is never empty: a flat line sits in the middle of a small band. */
function range(values: readonly number[]): Range {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min !== max) return { min, max, flat: false };
  const pad = Math.abs(min) * 0.05 || 0.5;
  return { min: min - pad, max: max + pad, flat: true };
}

/** An axis label: three significant digits (`0.5`, `1.1`, `0.969`), exponents for the very large or small. */
const short = (value: number): string => (Math.abs(value) >= 1000 || (Math.abs(value) < 0.01 && value !== 0) ? value.toExponential(1) : String(Number(value.toPrecision(3))));

/** The axes: three value ticks with grid lines, the first and last x. */
function axes(x: Range, y: Range, axisName: string): SVGGElement {
  const group = svg('g', { class: 'axes' });
  const plotBottom = HEIGHT - PAD.bottom;
  for (const fraction of [0, 0.5, 1]) {
    const value = y.min + (y.max - y.min) * fraction;
    const at = plotBottom - (plotBottom - PAD.top) * fraction;
    group.append(svg('line', { class: 'grid-line', x1: PAD.left, x2: WIDTH - PAD.right, y1: at, y2: at }), svg('text', { class: 'tick', x: PAD.left - 6, y: at + 3, 'text-anchor': 'end' }, short(value)));
  }
  const middle = (PAD.left + WIDTH - PAD.right) / 2;
  // One x for every point (a single evaluation): name it under the points rather than a band around it.
  if (x.flat) {
    group.append(svg('text', { class: 'tick axis-name', x: middle, y: HEIGHT - 8, 'text-anchor': 'middle' }, `${axisName} ${short((x.min + x.max) / 2)}`));
    return group;
  }
  group.append(
    svg('text', { class: 'tick', x: PAD.left, y: HEIGHT - 8, 'text-anchor': 'start' }, short(x.min)),
    svg('text', { class: 'tick', x: WIDTH - PAD.right, y: HEIGHT - 8, 'text-anchor': 'end' }, short(x.max)),
    svg('text', { class: 'tick axis-name', x: middle, y: HEIGHT - 8, 'text-anchor': 'middle' }, axisName),
  );
  return group;
}

/** One chart: a line per part of the data (training, validation), its latest value in the legend. */
export function lineChart(chart: MetricChart, axisName: string): HTMLElement {
  const all = chart.lines.flatMap((line) => line.points);
  const x = range(all.map((p) => p.x));
  const y = range(all.map((p) => p.value));
  const toX = (value: number) => PAD.left + ((value - x.min) / (x.max - x.min)) * (WIDTH - PAD.left - PAD.right);
  const toY = (value: number) => HEIGHT - PAD.bottom - ((value - y.min) / (y.max - y.min)) * (HEIGHT - PAD.top - PAD.bottom);
  const described = chart.lines.map((line) => {
    const last = line.points.at(-1);
    return `${line.label} ${last ? `${formatMetricValue(last.value)} at ${axisName} ${short(last.x)}` : 'no value'}`;
  });
  const plot = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart-svg', role: 'img', 'aria-label': `${chart.title}: ${described.join('; ')}` }, axes(x, y, axisName));
  chart.lines.forEach((line, i) => {
    const series = `series series-${i % 4}`;
    plot.append(svg('polyline', { class: series, points: line.points.map((p) => `${toX(p.x).toFixed(1)},${toY(p.value).toFixed(1)}`).join(' ') }));
    if (line.points.length > MARKED_POINTS) return;
    for (const point of line.points) {
      plot.append(svg('circle', { class: `${series} point`, cx: toX(point.x).toFixed(1), cy: toY(point.value).toFixed(1), r: 3 }, svg('title', {}, `${line.label}: ${formatMetricValue(point.value)} at ${axisName} ${short(point.x)}`)));
    }
  });
  const legend = el(
    'ul',
    { class: 'legend' },
    ...chart.lines.map((line, i) => el('li', {}, el('span', { class: `swatch series-${i % 4}`, 'aria-hidden': 'true' }), described[i] ?? line.label)),
  );
  const better = chart.better === 'none' ? '' : ` (${chart.better} is better)`;
  return el('figure', { class: 'chart', 'data-title': chart.title }, el('figcaption', {}, el('strong', {}, chart.title), el('span', { class: 'hint' }, ` ${chart.meaning}${better}`)), plot, legend);
}

/** Every chart of a history, or a line saying there is none yet. */
export function renderCharts(container: HTMLElement, history: MetricHistory, live: boolean): void {
  const charts = metricCharts(history);
  const axisName = history.axis;
  if (charts.length === 0) {
    container.replaceChildren(el('p', { class: 'hint' }, live ? 'No curve yet: the first values come once the job logs them.' : 'The job logged no curve.'));
    return;
  }
  container.replaceChildren(...charts.map((chart) => lineChart(chart, axisName)));
}
