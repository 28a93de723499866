/**
 * The metric chart in the page: owns the Chart.js instance, re-buckets the
 * points after every zoom or pan so that only what is visible is drawn at
 * full detail, and reports the range and clicked commits to the page.
 */
import type { Chart } from 'chart.js';
import { selectBucketPoints } from '../charts/bucket.ts';
import { buildChangeSteps } from '../charts/change-steps.ts';
import { buildMetricChartConfig, type ChartPoint, type ChartSeriesInput, type MetricChartInput } from '../charts/metric-chart-config.ts';
import type { MarkerLine } from '../charts/markers-plugin.ts';
import { computeRunningMedian } from '../charts/running-median.ts';
import type { CommitLookup } from '../lib/commit-lookup.ts';
import type { CommitsFile, SeriesEntry } from '../lib/data-files.ts';
import { formatDate, formatShortDate, shortSha } from '../lib/format.ts';
import { setUpCharts } from './chart-setup.ts';
import { markDrawn } from './timing.ts';
import { fontFamily, onThemeChange, readChartColors, seriesColors } from './theme.ts';

export interface Range {
  min: number;
  max: number;
}

export interface MetricChartOptions {
  entries: readonly SeriesEntry[];
  commits: CommitsFile;
  lookup: CommitLookup;
  highlight: number | null;
  range: Range | null;
  log: boolean;
  onRange: (range: Range | null) => void;
  onSelect: (x: number) => void;
}

export interface MetricChart {
  setHighlight(x: number | null): void;
  setLog(log: boolean): void;
  setRange(range: Range | null): void;
  destroy(): void;
}

/** Noise band half-width in σ: ±2σ holds ~95 % of noise-only points. */
const BAND_SIGMAS = 2;
/** One bucket per this many pixels of plot width. */
const PIXELS_PER_BUCKET = 2;

interface Prepared {
  entry: SeriesEntry;
  x: number[];
  median: number[] | null;
}

function prepare(entries: readonly SeriesEntry[], commits: CommitsFile, lookup: CommitLookup): Prepared[] {
  return entries.map((entry, k) => {
    // Points are on main (index >= 0); the x of a point is its commit's position on main.
    const x = entry.points.c.map((c) => commits.index[c] ?? c);
    if (k > 0) return { entry, x, median: null };
    const breaks = entry.changes.map((change) => lookup.find(change.commit)).filter((c): c is number => c !== null).map((c) => entry.points.c.indexOf(c));
    return { entry, x, median: computeRunningMedian(entry.points.v, 11, breaks) };
  });
}

function extentOf(prepared: readonly Prepared[]): Range {
  let min = Infinity;
  let max = -Infinity;
  for (const p of prepared) {
    if (p.x.length === 0) continue;
    min = Math.min(min, p.x[0] as number);
    max = Math.max(max, p.x[p.x.length - 1] as number);
  }
  if (!Number.isFinite(min)) return { min: 0, max: 1 };
  return min === max ? { min: min - 1, max: max + 1 } : { min, max };
}

function noteLines(entry: SeriesEntry | undefined, commits: CommitsFile, color: string): MarkerLine[] {
  if (entry === undefined) return [];
  return entry.notes.flatMap((note) => note.commits.map((c) => ({ x: commits.index[c] ?? c, color, label: `✎ ${note.title.length > 28 ? `${note.title.slice(0, 27)}…` : note.title}` })));
}

function describeAxis(entry: SeriesEntry | undefined): string {
  if (entry === undefined) return 'value';
  const better = entry.direction < 0 ? 'lower is better' : entry.direction > 0 ? 'higher is better' : 'value';
  return entry.unit === null ? better : `${better} (measured in ${entry.unit})`;
}

export function createMetricChart(canvas: HTMLCanvasElement, options: MetricChartOptions): MetricChart {
  const ChartJs = setUpCharts();
  const prepared = prepare(options.entries, options.commits, options.lookup);
  const extent = extentOf(prepared);
  const { commits, lookup } = options;
  let highlight = options.highlight;
  let log = options.log;
  let range = options.range;
  let chart: Chart<'line', ChartPoint[]> | null = null;

  const xOf = (sha: string): number | null => {
    const at = lookup.find(sha);
    return at === null ? null : (commits.index[at] ?? at);
  };
  const commitAt = (x: number): number => {
    // Main commits come first in CommitsFile, so a main position is also an index there.
    return Math.round(x);
  };

  const inputs = (visible: Range): MetricChartInput => {
    const colors = readChartColors();
    const palette = seriesColors();
    const buckets = Math.max(50, Math.floor(canvas.clientWidth / PIXELS_PER_BUCKET) || 400);
    const series: ChartSeriesInput[] = prepared.map((p, k) => ({
      label: p.entry.machine,
      color: palette[k % palette.length] as string,
      x: p.x,
      v: p.entry.points.v,
      lo: p.entry.points.lo,
      hi: p.entry.points.hi,
      keep: selectBucketPoints(p.x, p.entry.points.v, visible.min, visible.max, buckets),
      band: p.median === null ? null : { median: p.median, halfWidthPct: BAND_SIGMAS * p.entry.noisePct },
      steps: buildChangeSteps(p.entry.changes, xOf, extent.min, extent.max),
    }));
    return {
      series,
      unit: prepared[0]?.entry.unit ?? null,
      yTitle: describeAxis(prepared[0]?.entry),
      logScale: log,
      range,
      extent,
      colors,
      font: fontFamily(),
      tickLabel: (x) => {
        if (!Number.isInteger(x)) return '';
        const c = commitAt(x);
        const sha = commits.sha[c];
        return sha === undefined ? '' : [shortSha(sha), formatShortDate(commits.time[c] ?? '')];
      },
      tooltipTitle: (x) => {
        const c = commitAt(x);
        return `${shortSha(commits.sha[c] ?? '')}  ${commits.subject[c] ?? ''}`;
      },
      tooltipFooter: (x) => {
        const c = commitAt(x);
        return `${commits.author[c] ?? ''} · ${formatDate(commits.time[c])}\nClick for the commit's details and links`;
      },
      notes: noteLines(prepared[0]?.entry, commits, colors.note),
      highlight,
      onRangeChange: ({ chart: changed }) => {
        const scale = changed.scales['x'];
        if (scale === undefined) return;
        const zoomed = scale.min > extent.min + 0.5 || scale.max < extent.max - 0.5;
        range = zoomed ? { min: Math.round(scale.min), max: Math.round(scale.max) } : null;
        rebucket({ min: scale.min, max: scale.max });
        options.onRange(range);
      },
    };
  };

  const draw = () => {
    chart?.destroy();
    const config = buildMetricChartConfig(inputs(range ?? extent));
    config.options = {
      ...config.options,
      onClick: (event, _elements, clicked) => {
        const hits = clicked.getElementsAtEventForMode(event as unknown as Event, 'nearest', { intersect: false, axis: 'x' }, false);
        const hit = hits.find((h) => (clicked.data.datasets[h.datasetIndex] as { role?: string } | undefined)?.role === 'value');
        if (hit === undefined) return;
        const point = clicked.data.datasets[hit.datasetIndex]?.data[hit.index] as ChartPoint | undefined;
        if (point !== undefined) options.onSelect(point.x);
      },
    };
    chart = new ChartJs(canvas, config);
    markDrawn('metric-chart');
  };

  /** New datasets for the visible range, keeping the chart (and the zoom state) as it is. */
  const rebucket = (visible: Range) => {
    if (chart === null) return;
    const config = buildMetricChartConfig(inputs(visible));
    chart.data.datasets = config.data.datasets;
    const y = chart.options.scales?.['y'];
    const fitted = config.options?.scales?.['y'];
    if (y !== undefined && fitted !== undefined) {
      y.min = fitted.min;
      y.max = fitted.max;
    }
    chart.update('none');
    markDrawn('metric-chart');
  };

  draw();
  onThemeChange(draw);
  return {
    setHighlight(x) {
      highlight = x;
      if (chart?.options.plugins?.pitwallMarkers !== undefined) {
        chart.options.plugins.pitwallMarkers.highlight = x;
        chart.update('none');
      }
    },
    setLog(value) {
      log = value;
      draw();
    },
    setRange(next) {
      range = next;
      if (chart === null) return;
      const visible = next ?? extent;
      chart.zoomScale('x', visible, 'none');
      rebucket(visible);
      options.onRange(range);
    },
    destroy() {
      chart?.destroy();
      chart = null;
    },
  };
}
