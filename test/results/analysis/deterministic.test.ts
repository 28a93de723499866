import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectChangePoints } from '../../../results/analysis/change-points.ts';
import { isDeterministic } from '../../../results/analysis/deterministic.ts';
import { estimateNoise } from '../../../results/analysis/noise.ts';
import { createRandom } from '../../eval/prng.ts';

const repeat = (value: number, times: number): number[] => Array<number>(times).fill(value);

function detect(values: number[], unit: string | null = null, samples?: number[][]) {
  const noise = estimateNoise(values, samples === undefined ? { unit } : { unit, samples });
  return { noise, changes: detectChangePoints(values, samples === undefined ? { noise, direction: -1 } : { noise, direction: -1, samples }) };
}

const summary = (changes: ReturnType<typeof detect>['changes']) => changes.map((c) => [c.index, c.status]);

test('a step of lines of code 562 -> 597 is a confirmed change at its exact commit once the new value repeats', () => {
  const { noise, changes } = detect([...repeat(562, 20), 597, 597]);
  assert.equal(noise.basis, 'exact');
  assert.equal(noise.sigma, 0);
  assert.deepEqual(summary(changes), [[20, 'confirmed']]);
  const c = changes[0]!;
  assert.equal(c.test, 'exact');
  assert.equal(c.pValue, 0);
  assert.equal(c.sizeInNoise, null);
  assert.ok(Math.abs(c.changePct! - 6.2278) < 1e-3, String(c.changePct));
  assert.deepEqual(c.ci, [c.changePct, c.changePct]);
  assert.equal(c.kind, 'regression');
});

test('a deterministic step seen once at the newest commit is tentative', () => {
  assert.deepEqual(summary(detect([...repeat(562, 20), 597]).changes), [[20, 'tentative']]);
});

test('a staircase [100×14, 110×4, 120×2] gives both steps at their commits', () => {
  const { changes } = detect([...repeat(100, 14), ...repeat(110, 4), ...repeat(120, 2)]);
  assert.deepEqual(summary(changes), [[14, 'confirmed'], [18, 'confirmed']]);
  assert.deepEqual(changes.map((c) => [c.before, c.after]), [[100, 110], [110, 120]]);
});

test('a bump that partly returns [100×7, 110×4, 103×9] gives the rise and the partial return', () => {
  const { changes } = detect([...repeat(100, 7), ...repeat(110, 4), ...repeat(103, 9)]);
  assert.deepEqual(summary(changes), [[7, 'confirmed'], [11, 'confirmed']]);
  assert.deepEqual(changes.map((c) => c.kind), ['regression', 'improvement']);
});

test('a constant series has no change and no noise', () => {
  const { noise, changes } = detect(repeat(4096, 50), 'B');
  assert.equal(noise.basis, 'exact');
  assert.deepEqual(changes, []);
});

test('a deterministic move below the floor is no change, but moves that add up to the floor are', () => {
  // Bytes: floor 0.1 %. 100,000 -> 100,050 (0.05 %) is below it; -> 100,100 is 0.1 % from the level.
  assert.deepEqual(detect([...repeat(100_000, 10), ...repeat(100_050, 10)], 'B').changes, []);
  const { changes } = detect([...repeat(100_000, 10), ...repeat(100_050, 10), ...repeat(100_100, 10)], 'B');
  assert.deepEqual(summary(changes), [[20, 'confirmed']]);
});

test('a lone glitch in a deterministic series is not a change; one whose samples repeat is', () => {
  assert.deepEqual(detect([...repeat(100, 10), 130, ...repeat(100, 10)]).changes, []);
  const values = [...repeat(100, 10), 130, ...repeat(100, 10)];
  const samples = values.map((v) => [v, v, v]);
  assert.deepEqual(summary(detect(values, null, samples).changes), [[10, 'confirmed'], [11, 'confirmed']]);
});

test('identical samples make a series deterministic and confirm a newest step at once', () => {
  const values = [1840, 1840, 1841, 1843, 1843, 1850, 1849, 1849, 1849, 1900];
  const samples = values.map((v) => [v, v, v, v, v]);
  assert.equal(isDeterministic(values, samples), true);
  const { changes } = detect(values, null, samples);
  assert.deepEqual(summary(changes), [[9, 'confirmed']]);
});

test('samples that vary make a series noisy, however often its values repeat', () => {
  assert.equal(isDeterministic([10, 10, 10, 10], [[10, 11], [10, 9], [10, 10], [10, 11]]), false);
});

test('values that keep coming back to the same few levels are quantized noise, not a deterministic series', () => {
  const rng = createRandom(5);
  // A 1 ms timer on a 10.4 ms operation: 10 or 11, drawn afresh every commit.
  const values = Array.from({ length: 200 }, () => (rng.next() < 0.6 ? 10 : 11));
  assert.equal(isDeterministic(values), false);
  const { noise, changes } = detect(values, 'ms');
  assert.notEqual(noise.basis, 'exact');
  assert.deepEqual(changes.filter((c) => c.status === 'confirmed'), []);
});

test('zero-inflated noise keeps its σ: ordinary moves are not changes', () => {
  const rng = createRandom(7);
  // Most commits repeat the value exactly (a cache hit); the others move by about 3 %.
  const values = Array.from({ length: 300 }, () => (rng.next() < 0.7 ? 100 : 100 * Math.exp(0.03 * rng.normal())));
  const { noise, changes } = detect(values, 'ms');
  assert.equal(noise.basis, 'non-zero differences');
  assert.ok(noise.sigma > 0.01, `σ ${noise.sigma}`);
  assert.deepEqual(changes, []);
  // And a real step of 15 % in such a series is still found.
  const stepped = values.map((v, i) => (i >= 150 ? v * 1.15 : v));
  const found = detect(stepped, 'ms').changes;
  assert.ok(found.some((c) => Math.abs(c.index - 150) <= 1 && c.status === 'confirmed'), JSON.stringify(summary(found)));
});

test('estimateNoise says when too few values move to tell', () => {
  const noise = estimateNoise([5, 5, 5, 6, 5, 5, 5, 6, 5, 5, 5, 5], { unit: null });
  assert.equal(noise.basis, 'too few changes');
});
