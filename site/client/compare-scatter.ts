/**
 * Base against head for every metric of a comparison (see
 * charts/scatter-config.ts), redrawn when the theme changes.
 */
import type { Chart } from 'chart.js';
import { buildScatterConfig, plottablePoints, type ScatterPoint } from '../charts/scatter-config.ts';
import type { CompareRow } from '../lib/compare-commits.ts';
import { formatPct, formatValue } from '../lib/format.ts';
import { setUpCharts } from './chart-setup.ts';
import { append, h } from './dom.ts';
import { fontFamily, onThemeChange, readChartColors } from './theme.ts';
import { markDrawn } from './timing.ts';

export function renderCompareScatter(target: HTMLElement, rows: readonly CompareRow[]): void {
  const points: ScatterPoint[] = rows
    .filter((r) => r.base !== null && r.head !== null)
    .map((r) => ({ x: r.base as number, y: r.head as number, label: `${r.machine}/${r.suite}/${r.metric}`, verdict: r.verdict }));
  const plotted = plottablePoints(points).length;
  const canvas = h('canvas', { attrs: { id: 'compare-scatter', role: 'img', 'aria-label': 'Base value against head value for each metric' } });
  const byLabel = new Map<string, CompareRow>(rows.map((r) => [`${r.machine}/${r.suite}/${r.metric}`, r]));
  append(
    target,
    h(
      'section',
      { class: 'card chart-card', attrs: { style: 'margin-top:1rem' } },
      h('h3', null, 'Base against head'),
      h('div', { class: 'chart-box small' }, canvas),
      h('p', { class: 'chart-hint' }, `Each point is a metric on log-log axes; on the dashed line nothing changed.${plotted < points.length ? ` ${points.length - plotted} metrics with values ≤ 0 are left out.` : ''}`),
    ),
  );
  const ChartJs = setUpCharts();
  let chart: Chart<'scatter', ScatterPoint[]> | null = null;
  const draw = () => {
    chart?.destroy();
    chart = new ChartJs(canvas, buildScatterConfig({
      points,
      colors: readChartColors(),
      font: fontFamily(),
      describe: (p) => {
        const row = byLabel.get(p.label);
        return [p.label, `${formatValue(p.x, row?.unit ?? null)} → ${formatValue(p.y, row?.unit ?? null)} (${formatPct(row?.deltaPct ?? null)}, ${p.verdict})`];
      },
    }));
    markDrawn('compare-scatter');
  };
  draw();
  onThemeChange(draw);
}
