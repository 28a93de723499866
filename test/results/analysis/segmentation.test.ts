import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipOutliers } from '../../../results/analysis/outliers.ts';
import { prefixSquares, selectOptimalPartition } from '../../../results/analysis/optimal-partition.ts';
import { bestSplit, findCandidates, prefixSums, seededIntervals } from '../../../results/analysis/segmentation.ts';
import { fitStepOnTrend } from '../../../results/analysis/confirm-changes.ts';
import { createRandom } from '../../eval/prng.ts';

test('clipOutliers pulls a lone spike back and keeps a step and the newest points', () => {
  const z = Float64Array.from([0, 0, 0, 0, 50, 0, 0, 0, 10, 10, 10, 10, 10, 40, 40]);
  const c = clipOutliers(z, 3);
  assert.equal(c[4], 3);
  assert.deepEqual(Array.from(c.subarray(5, 13)), [0, 0, 0, 10, 10, 10, 10, 10]);
  assert.deepEqual(Array.from(c.subarray(13)), [40, 40]);
});

test('bestSplit finds the step and honours the minimum segment lengths and range', () => {
  const prefix = prefixSums([0, 0, 0, 0, 5, 5, 5, 5]);
  assert.equal(bestSplit(prefix, 0, 8, 2, 2).index, 4);
  assert.equal(bestSplit(prefix, 0, 8, 2, 5).index, 3);
  assert.equal(bestSplit(prefix, 0, 8, 1, 1, 6, 7).index, 6);
  assert.equal(bestSplit(prefix, 0, 3, 2, 2).index, -1);
});

test('seededIntervals cover every scale and always end one at the newest point', () => {
  const iv = seededIntervals(100, 4);
  const ends: number[] = [];
  for (let i = 0; i < iv.length; i += 2) {
    assert.ok(iv[i]! >= 0 && iv[i + 1]! <= 100 && iv[i + 1]! - iv[i]! >= 4);
    ends.push(iv[i + 1]!);
  }
  assert.ok(ends.filter((e) => e === 100).length >= 10);
  assert.equal(iv[0], 0);
  assert.equal(iv[1], 100);
});

test('findCandidates proposes both edges of a short bump, near enough for the refinement (±3) to reach them', () => {
  const rng = createRandom(3);
  const z = Float64Array.from({ length: 300 }, (_, i) => rng.normal() + (i >= 150 && i < 160 ? 6 : 0));
  const found = findCandidates(z, { penalty: 25, minSegment: 3, minTail: 1 });
  assert.ok(found.some((f) => Math.abs(f - 150) <= 2) && found.some((f) => Math.abs(f - 160) <= 2), found.join(','));
});

test('findCandidates finds the same candidates among old commits however many commits follow', () => {
  const rng = createRandom(4);
  const z = Float64Array.from({ length: 600 }, (_, i) => rng.normal() + (i >= 120 ? 5 : 0) + (i >= 260 ? -4 : 0));
  const at = (n: number) => findCandidates(z.subarray(0, n), { penalty: 25, minSegment: 3, minTail: 1 }).filter((c) => c < 300);
  const first = at(400);
  assert.ok(first.includes(120) && first.includes(260), first.join(','));
  for (const n of [450, 500, 550, 600]) assert.deepEqual(at(n), first, `with ${n} points`);
});

test('selectOptimalPartition keeps only changes worth their penalty', () => {
  const z = [0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4.2, 4, 4, 4];
  const sum = prefixSums(z);
  const squares = prefixSquares(z);
  assert.deepEqual(selectOptimalPartition(sum, squares, [3, 5, 10], { penalty: 5, minSegment: 2, minTail: 1 }), [5]);
  assert.deepEqual(selectOptimalPartition(sum, squares, [5], { penalty: 1000, minSegment: 2, minTail: 1 }), []);
});

test('fitStepOnTrend sees a step on a slope, and no step in a slope alone', () => {
  const slope = Float64Array.from({ length: 40 }, (_, i) => 0.1 * i + (i % 2 === 0 ? 0.05 : -0.05));
  assert.ok(fitStepOnTrend(slope, 0, 20, 40).pValue > 0.05);
  const stepped = slope.map((v, i) => (i >= 20 ? v + 2 : v));
  const fit = fitStepOnTrend(stepped, 0, 20, 40);
  assert.ok(Math.abs(fit.step - 2) < 0.1);
  assert.ok(fit.pValue < 1e-6);
});
