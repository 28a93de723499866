import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFloor, estimateNoise } from '../../../results/analysis/noise.ts';
import { createRandom } from '../../eval/prng.ts';

function gaussianSeries(n: number, sigma: number, seed: number): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from({ length: n }, () => 100 * Math.exp(sigma * rng.normal()));
}

test('estimateNoise measures the relative σ of Gaussian noise', () => {
  const noise = estimateNoise(gaussianSeries(2000, 0.02, 1), { unit: 'ms' });
  assert.ok(Math.abs(noise.sigma - 0.02) < 0.002, `sigma ${noise.sigma}`);
  assert.equal(noise.n, 2000);
  assert.equal(noise.scale, 'log');
});

test('estimateNoise is barely moved by a past 20% step', () => {
  const values = gaussianSeries(400, 0.01, 2);
  const before = estimateNoise(values, { unit: 'ms' }).sigma;
  for (let i = 200; i < values.length; i++) values[i] = (values[i] as number) * 1.2;
  const after = estimateNoise(values, { unit: 'ms' }).sigma;
  assert.ok(Math.abs(after - before) / before < 0.02, `${before} -> ${after}`);
});

test('estimateNoise threshold is the IQR fence of consecutive changes, never below the floor', () => {
  const noisy = estimateNoise(gaussianSeries(500, 0.02, 3), { unit: 'ms' });
  assert.ok(noisy.fence > 0.05 && noisy.fence < 0.15, `fence ${noisy.fence}`);
  assert.equal(noisy.threshold, noisy.fence);
  const quiet = estimateNoise(gaussianSeries(500, 0.0001, 4), { unit: 'ms' });
  assert.equal(quiet.threshold, 0.01);
});

test('defaultFloor depends on the unit', () => {
  assert.equal(defaultFloor('instructions'), 0.002);
  assert.equal(defaultFloor('ms'), 0.01);
  assert.equal(defaultFloor('ns/iter'), 0.01);
  assert.equal(defaultFloor('B'), 0.001);
  assert.equal(defaultFloor('ops/sec'), 0.01);
  assert.equal(defaultFloor(null), 0.01);
});

test('estimateNoise takes a per-metric floor over the unit default', () => {
  const noise = estimateNoise(gaussianSeries(50, 0.0001, 5), { unit: 'ms', floor: 0.05 });
  assert.equal(noise.floor, 0.05);
  assert.equal(noise.threshold, 0.05);
});

test('estimateNoise reports the median spread within points when they carry samples', () => {
  const samples = [
    [100, 102, 98],
    [200, 204, 196],
    null,
    [50, 50, 50],
  ];
  const noise = estimateNoise([100, 200, 150, 50], { unit: 'ms', samples });
  // Relative spreads 2.97 %, 2.97 % and 0 -> median 2.97 %.
  assert.ok(Math.abs((noise.spreadFromSamples ?? 0) - 0.02965) < 1e-4, String(noise.spreadFromSamples));
  assert.equal(estimateNoise([1, 2], { unit: 'ms' }).spreadFromSamples, undefined);
});

test('estimateNoise handles constant, tiny and non-positive series', () => {
  const constant = estimateNoise(new Float64Array(30).fill(7), { unit: 'ms' });
  assert.equal(constant.sigma, 0);
  assert.equal(constant.threshold, 0.01);
  assert.deepEqual(estimateNoise([], { unit: null }), { sigma: 0, basis: 'too few changes', bimodal: false, threshold: 0.01, fence: 0, floor: 0.01, n: 0, scale: 'log' });
  const raw = estimateNoise([-1, 1, -1, 1, 0], { unit: null });
  assert.equal(raw.scale, 'raw');
  assert.ok(Number.isFinite(raw.sigma));
});
