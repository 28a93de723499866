import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMetricChartConfig, computeYRange, withAlpha, type ChartColors, type MetricChartInput } from '../../../site/charts/metric-chart-config.ts';

const colors: ChartColors = { text: '#111111', muted: '#555555', grid: '#dddddd', surface: '#ffffff', regression: '#c84f00', improvement: '#00795a', neutral: '#6b7280', note: '#8e3fb0', highlight: '#e69f00', noise: '#8b93a3' };

function input(overrides: Partial<MetricChartInput> = {}): MetricChartInput {
  const x = [0, 1, 2, 3];
  return {
    series: [
      { label: 'm1', color: '#0072b2', x, v: [10, 11, 10, 20], lo: [9, 10, 9, 19], hi: [11, 12, 11, 21], keep: [0, 1, 2, 3], band: { median: [10, 10, 10, 20], halfWidthPct: 4 }, steps: { path: [{ x: 0, y: 10 }, { x: 2.5, y: 10 }, { x: 2.5, y: 20 }, { x: 3, y: 20 }], labels: [{ x: 2.5, y: 20, text: '+100.0% confirmed', kind: 'regression', status: 'confirmed', triaged: false }] } },
      { label: 'm2', color: '#e69f00', x, v: [12, 12, 12, 12], lo: [12, 12, 12, 12], hi: [12, 12, 12, 12], keep: [0, 3], band: null, steps: { path: [], labels: [] } },
    ],
    unit: 'ms',
    yTitle: 'lower is better (measured in ms)',
    logScale: false,
    range: null,
    extent: { min: 0, max: 3 },
    colors,
    font: 'system-ui',
    tickLabel: (v) => `c${v}`,
    tooltipTitle: (v) => `commit ${v}`,
    tooltipFooter: () => '',
    notes: [{ x: 1, color: colors.note, label: 'note' }],
    highlight: 2,
    onRangeChange: null,
    ...overrides,
  };
}

test('buildMetricChartConfig draws commit order on x with animations off and x-only zoom', () => {
  const config = buildMetricChartConfig(input());
  assert.equal(config.options?.animation, false);
  assert.equal(config.options?.scales?.['x']?.type, 'linear');
  assert.equal(config.options?.plugins?.zoom?.zoom?.mode, 'x');
  assert.equal(config.options?.plugins?.zoom?.pan?.mode, 'x');
  assert.deepEqual(config.options?.plugins?.zoom?.limits?.['x'], { min: 0, max: 3, minRange: 4 });
});

test('buildMetricChartConfig gives each machine values and spread, the first one the noise band, and steps where there are changes', () => {
  const roles = config().data.datasets.map((d) => `${(d as unknown as { machine: string }).machine}:${(d as unknown as { role: string }).role}`);
  assert.deepEqual(roles, ['m1:spread', 'm1:spread', 'm1:noise', 'm1:noise', 'm1:value', 'm1:steps', 'm2:spread', 'm2:spread', 'm2:value']);
  const upperNoise = config().data.datasets[3]?.data.map((p) => p.y);
  assert.deepEqual(upperNoise?.map((y) => Math.round(y * 100) / 100), [10.4, 10.4, 10.4, 20.8]);
  function config() {
    return buildMetricChartConfig(input());
  }
});

test('buildMetricChartConfig draws only the kept points and remembers their index', () => {
  const values = buildMetricChartConfig(input()).data.datasets.filter((d) => (d as unknown as { role: string }).role === 'value');
  assert.deepEqual(values[1]?.data, [{ x: 0, y: 12, i: 0 }, { x: 3, y: 12, i: 3 }]);
});

test('buildMetricChartConfig switches the y axis to log scale and passes markers to the plugin', () => {
  const config = buildMetricChartConfig(input({ logScale: true, range: { min: 1, max: 2 } }));
  assert.equal(config.options?.scales?.['y']?.type, 'logarithmic');
  assert.equal(config.options?.scales?.['x']?.min, 1);
  const markers = config.options?.plugins?.pitwallMarkers;
  assert.equal(markers?.highlight, 2);
  assert.equal(markers?.lines?.length, 1);
  assert.deepEqual(markers?.labels?.map((l) => [l.text, l.color]), [['m1: +100.0% confirmed', colors.regression]]);
});

test('withAlpha turns a hex colour into rgba and leaves other colours alone', () => {
  assert.equal(withAlpha('#0072b2', 0.5), 'rgba(0, 114, 178, 0.5)');
  assert.equal(withAlpha('rgb(1,2,3)', 0.5), 'rgb(1,2,3)');
});

test('computeYRange fits the values and bands, not the spread, and keeps context for quiet series', () => {
  const range = computeYRange(input().series, false);
  assert.ok(range !== null);
  assert.ok(range.min >= 0 && range.min < 9.6, `${range.min}`);
  assert.ok(range.max > 20.8 && range.max < 23, `${range.max}`);
  const quiet = computeYRange([{ ...(input().series[1] as MetricChartInput['series'][number]), v: [100, 101, 99, 100], keep: [0, 1, 2, 3] }], false);
  assert.ok(quiet !== null && quiet.max - quiet.min >= 20, JSON.stringify(quiet));
});
