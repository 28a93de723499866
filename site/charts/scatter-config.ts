/**
 * Base against head for every metric of a comparison, on log-log axes with
 * the y = x line: points above the line grew, below it shrank, and the
 * distance from the line is the relative change whatever the unit.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { MetricVerdict } from '../../results/analysis/compare.ts';
import type { ChartColors } from './metric-chart-config.ts';
import { withAlpha } from './metric-chart-config.ts';

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
  verdict: MetricVerdict;
}

export interface ScatterInput {
  points: readonly ScatterPoint[];
  colors: ChartColors;
  font: string;
  describe: (point: ScatterPoint) => string[];
}

const GROUPS: { name: string; verdicts: MetricVerdict[]; color: (c: ChartColors) => string; radius: number }[] = [
  { name: 'unchanged', verdicts: ['unchanged', 'changed'], color: (c) => withAlpha(c.neutral, 0.45), radius: 2.5 },
  { name: 'improvement', verdicts: ['improvement'], color: (c) => c.improvement, radius: 4 },
  { name: 'regression', verdicts: ['regression'], color: (c) => c.regression, radius: 4.5 },
];

/** Points that a log axis can show (both values > 0). */
export function plottablePoints(points: readonly ScatterPoint[]): ScatterPoint[] {
  return points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
}

export function buildScatterConfig(input: ScatterInput): ChartConfiguration<'scatter', ScatterPoint[]> {
  const points = plottablePoints(input.points);
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    min = Math.min(min, p.x, p.y);
    max = Math.max(max, p.x, p.y);
  }
  if (!Number.isFinite(min)) {
    min = 1;
    max = 10;
  }
  const { colors } = input;
  const datasets: ChartDataset<'scatter', ScatterPoint[]>[] = GROUPS.map((g) => ({
    label: g.name,
    data: points.filter((p) => g.verdicts.includes(p.verdict)),
    backgroundColor: g.color(colors),
    borderColor: g.color(colors),
    pointRadius: g.radius,
    pointHoverRadius: g.radius + 2,
  }));
  datasets.push({
    type: 'line' as 'scatter',
    label: 'y = x (no change)',
    data: [
      { x: min / 1.2, y: min / 1.2, label: '', verdict: 'unchanged' },
      { x: max * 1.2, y: max * 1.2, label: '', verdict: 'unchanged' },
    ],
    borderColor: colors.muted,
    borderDash: [5, 4],
    borderWidth: 1,
    pointRadius: 0,
    showLine: true,
  });
  const axisFont = { family: input.font, size: 11 };
  const axis = (title: string) => ({
    type: 'logarithmic' as const,
    min: min / 1.2,
    max: max * 1.2,
    grid: { color: colors.grid },
    border: { color: colors.grid },
    ticks: { color: colors.muted, font: axisFont, maxTicksLimit: 8 },
    title: { display: true, text: title, color: colors.muted, font: axisFont },
  });
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      scales: { x: axis('base value (each metric in its own unit)'), y: axis('head value') },
      plugins: {
        legend: { labels: { color: colors.text, font: axisFont, boxWidth: 10 } },
        tooltip: {
          filter: (item) => (item.raw as ScatterPoint).label !== '',
          callbacks: { label: (item) => input.describe(item.raw as ScatterPoint) },
        },
      },
    },
  };
}
