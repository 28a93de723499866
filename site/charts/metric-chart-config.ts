/**
 * The metric chart as a Chart.js configuration, built from plain inputs so it
 * can be tested without a browser. x is the commit index on main (commit
 * order, not time); each machine gets its values, the spread of its samples
 * as a band, and its change points as steps; the first machine also gets the
 * noise band around its running median.
 */
import type { Chart, ChartConfiguration, ChartDataset, TooltipItem } from 'chart.js';
// Brings in the types of options.plugins.zoom.
import type {} from 'chartjs-plugin-zoom';
import { formatValue } from '../lib/format.ts';
import type { ChangeSteps } from './change-steps.ts';
import type { MarkerLabel, MarkerLine, MarkersOptions } from './markers-plugin.ts';

/** A drawn point; `i` is its index in the series' full point arrays. */
export interface ChartPoint {
  x: number;
  y: number;
  i: number;
}

export interface ChartSeriesInput {
  label: string;
  color: string;
  /** Full point arrays (commit index, value, spread), ascending in x. */
  x: readonly number[];
  v: readonly number[];
  lo: readonly number[];
  hi: readonly number[];
  /** Indexes of the points to draw (see bucket.ts). */
  keep: readonly number[];
  /** Running median and half-width of the noise band in %, for the series that shows it. */
  band: { median: readonly number[]; halfWidthPct: number } | null;
  steps: ChangeSteps;
}

export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  regression: string;
  improvement: string;
  neutral: string;
  note: string;
  highlight: string;
  noise: string;
}

export interface MetricChartInput {
  series: readonly ChartSeriesInput[];
  unit: string | null;
  /** Title of the y axis, e.g. "ns · lower is better" (ticks are scaled, so the unit alone would mislead). */
  yTitle: string;
  logScale: boolean;
  /** Visible x range; null shows everything. */
  range: { min: number; max: number } | null;
  /** Full x extent, the limit of zoom and pan. */
  extent: { min: number; max: number };
  colors: ChartColors;
  font: string;
  /** Tick label of a commit index: short sha and date. */
  tickLabel: (x: number) => string | string[];
  tooltipTitle: (x: number) => string;
  tooltipFooter: (x: number) => string;
  notes: MarkerLine[];
  highlight: number | null;
  /** Called after a zoom or pan gesture ends (not after programmatic changes). */
  onRangeChange: ((context: { chart: Chart }) => void) | null;
}

/** Dataset roles, read back by the legend and tooltip filters. */
type Role = 'value' | 'spread' | 'noise' | 'steps';
type LineDataset = ChartDataset<'line', ChartPoint[]> & { role: Role; machine: string };

export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex === null) return color;
  const n = Number.parseInt(hex[1] as string, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function pick(s: ChartSeriesInput, values: readonly number[]): ChartPoint[] {
  return s.keep.map((i) => ({ x: s.x[i] as number, y: values[i] as number, i }));
}

function seriesDatasets(s: ChartSeriesInput, colors: ChartColors, primary: boolean): LineDataset[] {
  const base = { machine: s.label, parsing: false as const, normalized: true, pointRadius: 0, borderWidth: 0, tension: 0 };
  const sets: LineDataset[] = [
    { ...base, role: 'spread', label: `${s.label} spread`, data: pick(s, s.lo), borderColor: 'transparent', backgroundColor: 'transparent', fill: false },
    { ...base, role: 'spread', label: `${s.label} spread`, data: pick(s, s.hi), borderColor: 'transparent', backgroundColor: withAlpha(s.color, 0.16), fill: '-1' },
  ];
  if (s.band !== null && primary) {
    const k = s.band.halfWidthPct / 100;
    const median = s.band.median;
    const lower = s.keep.map((i) => ({ x: s.x[i] as number, y: (median[i] as number) * (1 - k), i }));
    const upper = s.keep.map((i) => ({ x: s.x[i] as number, y: (median[i] as number) * (1 + k), i }));
    sets.push(
      { ...base, role: 'noise', label: 'noise band', data: lower, borderColor: colors.noise, borderWidth: 1, borderDash: [3, 3], backgroundColor: 'transparent', fill: false },
      { ...base, role: 'noise', label: 'noise band', data: upper, borderColor: colors.noise, borderWidth: 1, borderDash: [3, 3], backgroundColor: withAlpha(colors.noise, 0.07), fill: '-1' },
    );
  }
  sets.push({
    ...base,
    role: 'value',
    label: s.label,
    data: pick(s, s.v),
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: 1.5,
    pointRadius: s.keep.length <= 150 ? 2.5 : 0,
    pointHoverRadius: 4,
    fill: false,
  });
  if (s.steps.path.length > 0) {
    sets.push({ ...base, role: 'steps', label: `${s.label} change points`, data: s.steps.path.map((p) => ({ ...p, i: -1 })), borderColor: colors.text, borderWidth: 2, fill: false });
  }
  return sets;
}

function stepLabels(series: readonly ChartSeriesInput[], colors: ChartColors): MarkerLabel[] {
  return series.flatMap((s) =>
    s.steps.labels.map((l) => ({ x: l.x, y: l.y, text: series.length > 1 ? `${s.label}: ${l.text}` : l.text, color: l.kind === 'regression' ? colors.regression : l.kind === 'improvement' ? colors.improvement : colors.neutral })),
  );
}

/**
 * The y range: the drawn values, noise band and steps with a margin. The
 * spread of the samples is left out on purpose: one slow warm-up sample would
 * otherwise flatten the whole line; the band is clipped at the edges instead.
 */
/** Smallest y span, relative to the level (0.2 = the axis covers at least ±10 %). */
const MIN_SPAN = 0.2;

export function computeYRange(series: readonly ChartSeriesInput[], logScale: boolean): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  const see = (y: number) => {
    if (!Number.isFinite(y) || (logScale && y <= 0)) return;
    if (y < min) min = y;
    if (y > max) max = y;
  };
  for (const s of series) {
    for (const i of s.keep) {
      see(s.v[i] as number);
      if (s.band !== null) {
        const m = s.band.median[i] as number;
        see(m * (1 + s.band.halfWidthPct / 100));
        see(m * (1 - s.band.halfWidthPct / 100));
      }
    }
    for (const p of s.steps.path) see(p.y);
  }
  if (!Number.isFinite(min)) return null;
  // A quiet series keeps some context: the axis spans at least MIN_SPAN of its level, so ±1 % noise does not fill the chart.
  const mid = (min + max) / 2;
  if (max - min < Math.abs(mid) * MIN_SPAN) {
    min = Math.min(min, mid - (Math.abs(mid) * MIN_SPAN) / 2);
    max = Math.max(max, mid + (Math.abs(mid) * MIN_SPAN) / 2);
  }
  if (logScale) {
    const pad = Math.pow(max / min, 0.08) || 1.05;
    return { min: min / pad, max: max * pad };
  }
  const pad = (max - min) * 0.08 || Math.abs(max) * 0.05 || 1;
  // Positive measurements keep a non-negative axis.
  return { min: min >= 0 ? Math.max(0, min - pad) : min - pad, max: max + pad };
}

export function buildMetricChartConfig(input: MetricChartInput): ChartConfiguration<'line', ChartPoint[]> {
  const { colors } = input;
  const datasets = input.series.flatMap((s, k) => seriesDatasets(s, colors, k === 0));
  const markers: MarkersOptions = {
    lines: input.notes,
    labels: stepLabels(input.series, colors),
    highlight: input.highlight,
    highlightColor: withAlpha(colors.highlight, 0.22),
    pillColor: colors.surface,
    font: `600 11px ${input.font}`,
  };
  const axisFont = { family: input.font, size: 11 };
  const yRange = computeYRange(input.series, input.logScale);
  return {
    type: 'line',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      normalized: true,
      parsing: false,
      spanGaps: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: input.range?.min ?? input.extent.min,
          max: input.range?.max ?? input.extent.max,
          grid: { color: colors.grid },
          border: { color: colors.grid },
          ticks: { color: colors.muted, font: axisFont, maxRotation: 0, autoSkipPadding: 16, precision: 0, callback: (value) => input.tickLabel(Number(value)) },
          title: { display: true, text: 'commit (main branch order)', color: colors.muted, font: axisFont },
        },
        y: {
          type: input.logScale ? 'logarithmic' : 'linear',
          ...(yRange === null ? {} : { min: yRange.min, max: yRange.max }),
          grid: { color: colors.grid },
          border: { color: colors.grid },
          ticks: { color: colors.muted, font: axisFont, maxTicksLimit: 8, includeBounds: false, callback: (value) => formatValue(Number(value), input.unit) },
          title: { display: true, text: input.yTitle, color: colors.muted, font: axisFont },
        },
      },
      plugins: {
        legend: {
          display: input.series.length > 1,
          labels: { color: colors.text, font: axisFont, boxWidth: 12, filter: (item, data) => (data.datasets[item.datasetIndex ?? -1] as LineDataset | undefined)?.role === 'value' },
        },
        decimation: { enabled: false },
        tooltip: {
          filter: (item: TooltipItem<'line'>) => (item.dataset as LineDataset).role === 'value',
          callbacks: {
            title: (items) => (items[0] === undefined ? '' : input.tooltipTitle((items[0].raw as ChartPoint).x)),
            label: (item) => {
              const point = item.raw as ChartPoint;
              const s = input.series.find((candidate) => candidate.label === (item.dataset as LineDataset).machine);
              if (s === undefined) return '';
              const lo = s.lo[point.i] as number;
              const hi = s.hi[point.i] as number;
              const spread = lo === hi ? '' : ` (${formatValue(lo, input.unit)} – ${formatValue(hi, input.unit)})`;
              return `${s.label}: ${formatValue(point.y, input.unit)}${spread}`;
            },
            footer: (items) => (items[0] === undefined ? '' : input.tooltipFooter((items[0].raw as ChartPoint).x)),
          },
        },
        zoom: {
          limits: { x: { min: input.extent.min, max: input.extent.max, minRange: 4 } },
          zoom: { mode: 'x', wheel: { enabled: true, speed: 0.15 }, drag: { enabled: true, modifierKey: 'shift', backgroundColor: withAlpha(colors.highlight, 0.15) }, pinch: { enabled: true }, ...(input.onRangeChange ? { onZoomComplete: input.onRangeChange } : {}) },
          pan: { enabled: true, mode: 'x', ...(input.onRangeChange ? { onPanComplete: input.onRangeChange } : {}) },
        },
        pitwallMarkers: markers,
      },
    },
  };
}
