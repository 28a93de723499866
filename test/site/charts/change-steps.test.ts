import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChangeSteps } from '../../../site/charts/change-steps.ts';
import { computeRunningMedian } from '../../../site/charts/running-median.ts';
import type { ChangeView } from '../../../results/report/model.ts';

const change = (commit: string, previous: string, before: number, after: number, pct: number): ChangeView => ({
  seriesId: 'm/s/x', commit, previousCommit: previous, unmeasuredBetween: 0, beforeMedian: before, afterMedian: after, changePct: pct,
  ciLowPct: pct - 1, ciHighPct: pct + 1, ciLevel: 0.999, pValue: 1e-6, sizeInNoise: 10, test: 'welch', kind: pct > 0 ? 'regression' : 'improvement', status: 'confirmed', triage: null,
});
const positions: Record<string, number> = { a: 9, b: 10, c: 29, d: 30 };

test('buildChangeSteps draws the medians as levels joined by jumps between the two commits', () => {
  const steps = buildChangeSteps([change('d', 'c', 120, 100, -16.7), change('b', 'a', 100, 120, 20)], (sha) => positions[sha] ?? null, 0, 50);
  assert.deepEqual(steps.path, [
    { x: 0, y: 100 },
    { x: 9.5, y: 100 },
    { x: 9.5, y: 120 },
    { x: 29.5, y: 120 },
    { x: 29.5, y: 100 },
    { x: 50, y: 100 },
  ]);
  assert.deepEqual(steps.labels.map((l) => l.text), ['+20.0% confirmed', '−16.7% confirmed']);
});

test('buildChangeSteps leaves out changes at unknown commits and draws nothing without changes', () => {
  assert.deepEqual(buildChangeSteps([change('zz', 'yy', 1, 2, 100)], () => null, 0, 10), { path: [], labels: [] });
  assert.deepEqual(buildChangeSteps([], () => 0, 0, 10), { path: [], labels: [] });
});

test('computeRunningMedian ignores one outlier', () => {
  const median = computeRunningMedian([1, 1, 1, 1, 9, 1, 1, 1], 3);
  assert.equal(median[4], 1);
});

test('computeRunningMedian does not reach across a change point', () => {
  const values = [1, 1, 1, 1, 1, 5, 5, 5, 5, 5];
  assert.equal(computeRunningMedian(values, 11)[4], 3, 'without the break the window mixes the levels');
  const median = computeRunningMedian(values, 11, [5]);
  assert.deepEqual(median, values);
});
