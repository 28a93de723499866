import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf, studentTCdf, studentTCritical, studentTTwoSided } from '../../../results/analysis/distributions.ts';
import {
  estimateRatioPct,
  mad,
  mannWhitneyU,
  mean,
  median,
  quantile,
  quartiles,
  selectInPlace,
  variance,
  welchTTest,
} from '../../../results/analysis/stats.ts';
import { createRandom } from '../../eval/prng.ts';

const close = (actual: number, expected: number, tolerance = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

test('median, quantiles, MAD and IQR match hand-computed values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assert.equal(quantile([1, 2, 3, 4], 0.1), 1.3);
  assert.equal(mad([1, 2, 3, 4, 100]), 1);
  assert.deepEqual(quartiles([1, 2, 3, 4, 5, 6, 7, 8, 9]), { q1: 3, q3: 7, iqr: 4 });
  assert.ok(Number.isNaN(median([])));
});

test('median leaves its input in its order', () => {
  const values = [5, 1, 4, 2, 3];
  median(values);
  assert.deepEqual(values, [5, 1, 4, 2, 3]);
});

test('selection agrees with sorting on random input with ties', () => {
  const rng = createRandom(7);
  for (let t = 0; t < 500; t++) {
    const a = Float64Array.from({ length: 1 + rng.int(0, 30) }, () => (rng.next() < 0.3 ? rng.int(0, 3) : rng.normal()));
    const sorted = Float64Array.from(a).sort();
    const k = rng.int(0, a.length);
    assert.equal(selectInPlace(Float64Array.from(a), k), sorted[k]);
  }
});

test('mean and sample variance', () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  close(variance([1, 2, 3, 4]), 5 / 3, 1e-12);
  assert.equal(variance([7]), 0);
});

test('normal and t distributions match reference values to 1e-6', () => {
  close(normalCdf(1.96), 0.9750021048517795);
  close(normalCdf(-3), 0.0013498980316300933);
  close(studentTCdf(2, 5), 0.9490302605850708);
  close(studentTTwoSided(2.228, 10), 0.05001177181711132);
  close(studentTCritical(0.05, 10), 2.2281388519862753);
  close(studentTCritical(0.05, 2.5), 3.5746548420036834);
});

test('welchTTest matches the reference Welch test', () => {
  const r = welchTTest([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]);
  close(r.t, 2.401922307076307);
  close(r.df, 8.98936170212766);
  close(r.pValue, 0.039803082024136245);
});

test('welchTTest without variance is exact: p 0 when means differ, 1 when equal', () => {
  assert.equal(welchTTest([2, 2, 2], [3, 3, 3]).pValue, 0);
  assert.equal(welchTTest([2, 2, 2], [2, 2]).pValue, 1);
  assert.equal(welchTTest([1], [2]).pValue, 1);
});

test('welchTTest judges a single new point against the variance of the other side', () => {
  const history = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1];
  assert.ok(welchTTest(history, [110]).pValue < 1e-5);
  assert.ok(welchTTest(history, [100.3]).pValue > 0.5);
});

test('mannWhitneyU matches the reference asymptotic test with ties', () => {
  const r = mannWhitneyU([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]);
  assert.equal(r.u, 25.5);
  close(r.pValue, 0.066015431521231);
  assert.equal(mannWhitneyU([1, 1, 1], [1, 1]).pValue, 1);
});

test('estimateRatioPct gives the percent change of medians with a Welch interval on logs', () => {
  const r = estimateRatioPct([100, 101, 99, 100.5], [105, 106, 104, 105.2]);
  close(r.pct, 4.838183769652398, 1e-9);
  assert.ok(r.lo < r.pct && r.pct < r.hi);
  close(r.lo, 3.3591583627030532, 1e-6);
  close(r.hi, 6.338373398418693, 1e-6);
});
