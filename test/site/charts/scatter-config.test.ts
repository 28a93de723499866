import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChartColors } from '../../../site/charts/metric-chart-config.ts';
import { buildScatterConfig, plottablePoints } from '../../../site/charts/scatter-config.ts';

const colors: ChartColors = { text: '#111111', muted: '#555555', grid: '#dddddd', surface: '#ffffff', regression: '#c84f00', improvement: '#00795a', neutral: '#6b7280', note: '#8e3fb0', highlight: '#e69f00', noise: '#8b93a3' };

test('buildScatterConfig plots positive values on log axes with the y = x line around them', () => {
  const points = [
    { x: 10, y: 12, label: 'a', verdict: 'regression' as const },
    { x: 100, y: 90, label: 'b', verdict: 'improvement' as const },
    { x: 0, y: 5, label: 'c', verdict: 'unchanged' as const },
  ];
  assert.equal(plottablePoints(points).length, 2);
  const config = buildScatterConfig({ points, colors, font: 'system-ui', describe: (p) => [p.label] });
  assert.equal(config.options?.scales?.['x']?.type, 'logarithmic');
  assert.deepEqual(config.data.datasets.map((d) => `${d.label}:${d.data.map((p) => p.label).join(',')}`), ['unchanged:', 'improvement:b', 'regression:a', 'y = x (no change):,']);
});
