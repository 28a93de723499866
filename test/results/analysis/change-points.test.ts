import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectChangePoints } from '../../../results/analysis/change-points.ts';
import { isPitwallError } from '../../../results/errors.ts';
import { createRandom } from '../../eval/prng.ts';
import { generateNoise, generateStepSeries } from '../../eval/synthetic.ts';
import { assertGolden } from './golden.ts';

const HISTORIES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'histories');

/** n points of 1 % Gaussian noise around 100, times (1 + step) from `at` on. */
function series(n: number, seed: number, steps: [at: number, size: number][] = [], sigma = 0.01): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from({ length: n }, (_, i) => {
    let level = 100;
    for (const [at, size] of steps) if (i >= at) level *= 1 + size;
    return level * Math.exp(sigma * rng.normal());
  });
}

test('detectChangePoints flags a 5% step after 30 stable points', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const found = detectChangePoints(series(60, seed, [[30, 0.05]]), { direction: -1, unit: 'ms' });
    assert.equal(found.length, 1, `seed ${seed}: ${JSON.stringify(found)}`);
    const c = found[0]!;
    assert.ok(Math.abs(c.index - 30) <= 1, `seed ${seed}: index ${c.index}`);
    assert.ok(Math.abs((c.changePct ?? 0) - 5) < 1.5, `seed ${seed}: change ${c.changePct}`);
    assert.equal(c.kind, 'regression');
    assert.equal(c.status, 'confirmed');
    assert.ok(c.pValue < 0.001);
    assert.ok(c.sizeInNoise !== null && c.sizeInNoise > 3 && c.sizeInNoise < 8, `seed ${seed}: ${c.sizeInNoise}σ`);
  }
});

test('detectChangePoints gives a 99.9 % interval that holds the true change', () => {
  let covered = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const c = detectChangePoints(series(120, 100 + seed, [[60, 0.1]]), { direction: -1 })[0]!;
    assert.equal(c.ciLevel, 0.999);
    if (c.ci !== null && c.ci[0] <= 10 && 10 <= c.ci[1]) covered++;
  }
  assert.ok(covered >= 38, `${covered} of 40 intervals hold the true 10 %`);
});

test('a change interval excludes 0 exactly when its p-value is below alpha', () => {
  const tested = new Set<string>();
  for (const alpha of [0.001, 0.01, 0.05]) {
    for (let seed = 1; seed <= 30; seed++) {
      // Small steps, near the edge of significance, in noise of each kind the tests handle.
      const values = series(150, 300 + seed, [[50, 0.01 + 0.002 * (seed % 5)], [100, -0.02]]);
      for (const c of detectChangePoints(values, { direction: -1, alpha })) {
        assert.ok(c.ci !== null);
        tested.add(c.test);
        const excludesZero = c.ci[0] > 0 || c.ci[1] < 0;
        assert.equal(excludesZero, c.pValue < alpha, `alpha ${alpha}, seed ${seed}: p ${c.pValue}, interval ${c.ci.join(' to ')}`);
        assert.equal(c.ciLevel, 1 - alpha);
        assert.ok(c.ci[0] <= (c.changePct as number) && (c.changePct as number) <= c.ci[1]);
      }
    }
  }
  assert.ok(tested.has('welch') || tested.has('student'), `tests seen: ${[...tested].join(', ')}`);
});

test('a single spike is never a confirmed change', () => {
  const rng = createRandom(99);
  for (let rep = 0; rep < 200; rep++) {
    const values = series(80, 1000 + rep);
    const at = rng.int(1, 75);
    values[at] = (values[at] as number) * (rng.next() < 0.5 ? 0.3 : 3);
    const confirmed = detectChangePoints(values, { direction: -1 }).filter((c) => c.status === 'confirmed');
    assert.deepEqual(confirmed, [], `spike at ${at}`);
  }
});

test('a spike a few commits from a step does not move the step', () => {
  for (let seed = 0; seed < 40; seed++) {
    for (const offset of [-6, -3, -2, 2, 3, 6]) {
      const values = series(200, 5000 + seed, [[100, 0.08]]);
      values[100 + offset] = (values[100 + offset] as number) * (seed % 2 === 0 ? 1.1 : 0.9);
      const found = detectChangePoints(values, { direction: -1, unit: 'ms' });
      assert.ok(found.some((c) => Math.abs(c.index - 100) <= 1), `seed ${seed}, spike at ${100 + offset}: ${found.map((c) => c.index).join(',')}`);
    }
  }
});

test('a jump in the newest point is a tentative change that later points confirm', () => {
  const history = Array.from(series(40, 5));
  const jumped = [...history, 112];
  const tentative = detectChangePoints(jumped, { direction: -1 });
  assert.equal(tentative.length, 1);
  assert.equal(tentative[0]!.index, 40);
  assert.equal(tentative[0]!.status, 'tentative');
  assert.equal(tentative[0]!.pointsAfter, 1);
  const later = [...jumped, ...Array.from(series(5, 6), (v) => v * 1.12)];
  const confirmed = detectChangePoints(later, { direction: -1 });
  assert.equal(confirmed.length, 1);
  assert.equal(confirmed[0]!.index, 40);
  assert.equal(confirmed[0]!.status, 'confirmed');
  const recovered = detectChangePoints([...jumped, ...Array.from(series(6, 7))], { direction: -1 });
  assert.deepEqual(recovered, []);
});

test('confirmAfter sets how many points confirm a change', () => {
  const values = series(43, 8, [[40, 0.1]]);
  assert.equal(detectChangePoints(values, { direction: -1 })[0]!.status, 'tentative');
  assert.equal(detectChangePoints(values, { direction: -1, confirmAfter: 3 })[0]!.status, 'confirmed');
});

test('the kind follows the direction: regression, improvement, or change', () => {
  const up = series(60, 9, [[30, 0.1]]);
  assert.equal(detectChangePoints(up, { direction: -1 })[0]!.kind, 'regression');
  assert.equal(detectChangePoints(up, { direction: 1 })[0]!.kind, 'improvement');
  assert.equal(detectChangePoints(up, { direction: 0 })[0]!.kind, 'change');
  const down = series(60, 9, [[30, -0.1]]);
  assert.equal(detectChangePoints(down, { direction: -1 })[0]!.kind, 'improvement');
  assert.equal(detectChangePoints(down, { direction: 1 })[0]!.kind, 'regression');
});

test('a regression fixed 15 commits later is found as two changes', () => {
  const found = detectChangePoints(series(200, 10, [[100, 0.08], [115, -0.08 / 1.08]]), { direction: -1 });
  assert.deepEqual(
    found.map((c) => [c.index, c.kind]),
    [
      [100, 'regression'],
      [115, 'improvement'],
    ],
  );
});

test('a change smaller than the floor is not reported, and is with a lower floor', () => {
  const values = series(400, 11, [[200, 0.008]], 0.002);
  assert.deepEqual(detectChangePoints(values, { direction: -1, unit: 'ms' }), []);
  const found = detectChangePoints(values, { direction: -1, floor: 0.005 });
  assert.equal(found.length, 1);
  assert.ok(Math.abs(found[0]!.index - 200) <= 2);
});

test('a slow drift is not cut into changes', () => {
  for (let seed = 0; seed < 10; seed++) {
    const noise = generateNoise('drift', 1000, 0.01, createRandom(seed));
    const found = detectChangePoints(Float64Array.from(noise, (e) => 100 * Math.exp(e)), { direction: -1 });
    assert.ok(found.length <= 1, `seed ${seed}: ${found.length} changes`);
  }
});

test('a constant series, an empty one and a single point have no change', () => {
  assert.deepEqual(detectChangePoints(new Float64Array(50).fill(3), { direction: -1 }), []);
  assert.deepEqual(detectChangePoints([], { direction: -1 }), []);
  assert.deepEqual(detectChangePoints([42], { direction: -1 }), []);
});

test('values that repeat exactly still show a step', () => {
  const values: number[] = Array.from({ length: 60 }, (_, i) => (i < 30 ? 1000 : 1050));
  values[10] = 1400;
  const found = detectChangePoints(values, { direction: -1, unit: 'B' });
  assert.deepEqual(
    found.map((c) => [c.index, Number(c.changePct?.toFixed(9)), c.status]),
    [[30, 5, 'confirmed']],
  );
});

test('samples keep a short history from looking quieter than its runs', () => {
  const values = [100, 100.1, 99.9, 100, 100.05, 99.95, 103];
  assert.equal(detectChangePoints(values, { direction: -1 }).length, 1);
  const samples = values.map((v) => [v * 0.95, v, v * 1.05]);
  assert.deepEqual(detectChangePoints(values, { direction: -1, samples }), []);
});

test('NaN or Infinity is refused with ANALYSIS_INVALID_INPUT', () => {
  for (const bad of [Number.NaN, Infinity, -Infinity]) {
    assert.throws(
      () => detectChangePoints([1, 2, bad, 4], { direction: -1 }),
      (error: unknown) => isPitwallError(error) && error.code === 'ANALYSIS_INVALID_INPUT',
    );
  }
});

test('values at or below zero are analysed on the raw scale, and say so', () => {
  const rng = createRandom(12);
  const values = Array.from({ length: 60 }, (_, i) => (i < 30 ? -5 : -4) + 0.05 * rng.normal());
  const found = detectChangePoints(values, { direction: -1 });
  assert.equal(found.length, 1);
  assert.equal(found[0]!.index, 30);
  assert.equal(found[0]!.scale, 'raw');
  assert.ok(Math.abs((found[0]!.changePct ?? 0) - 20) < 2);
  const fromZero = detectChangePoints([...new Array(30).fill(0), ...new Array(30).fill(1)], { direction: -1 });
  assert.equal(fromZero[0]!.changePct, null);
  assert.equal(fromZero[0]!.ci, null);
});

test('detectChangePoints is deterministic', () => {
  const s = generateStepSeries('student-t', 500, 0.02, 0.1, 3, 60, createRandom(13));
  assert.deepEqual(detectChangePoints(s.values, { direction: -1 }), detectChangePoints(s.values, { direction: -1 }));
});

test('detectChangePoints output on a seeded series matches its golden file', () => {
  const s = generateStepSeries('outliers', 300, 0.01, 0.05, 3, 50, createRandom(14));
  assertGolden('change-points-synthetic', { steps: s.steps, changePoints: detectChangePoints(s.values, { direction: -1, unit: 'ms' }) });
});

test('the real robust_series level shift near index 25 is detected', (t) => {
  const file = join(HISTORIES, 'mongodb-spa', 'robust_series.json');
  if (!existsSync(file)) return t.skip(`shared data not found at ${file}`);
  const values = JSON.parse(readFileSync(file, 'utf8')) as number[];
  const found = detectChangePoints(values, { direction: -1, unit: 'ms' });
  const first = found[0]!;
  assert.ok(Math.abs(first.index - 25) <= 2, `first change at ${first.index}`);
  assert.ok(first.changePct! > 5 && first.changePct! < 9);
  assertGolden('change-points-robust-series', found);
});
