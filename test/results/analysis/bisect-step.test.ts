import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BISECT_Z, judgeStep, runsToSeparate } from '../../../results/analysis/bisect-step.ts';

test('runsToSeparate needs one run for a step far above the noise and more as the step shrinks', () => {
  assert.equal(runsToSeparate(100, 200, 0.02), 1);
  // Δ = ln 1.05 ≈ 0.0488, σ 2 %: (2 · 3.29 · 0.02 / 0.0488)² ≈ 7.3 -> 8.
  assert.equal(runsToSeparate(100, 105, 0.02), 8);
  assert.equal(runsToSeparate(100, 100, 0.02), Number.POSITIVE_INFINITY);
});

test('runsToSeparate puts each level at least z standard errors from the midpoint', () => {
  for (const [before, after, sigma] of [[1, 1.1, 0.03], [5, 4, 0.1], [2, 2.02, 0.004]] as const) {
    const n = runsToSeparate(before, after, sigma);
    const half = Math.abs(Math.log(after / before)) / 2;
    assert.ok(half >= BISECT_Z * (sigma / Math.sqrt(n)) - 1e-12, `${before}->${after} σ ${sigma}: n ${n}`);
    if (n > 1) assert.ok(half < BISECT_Z * (sigma / Math.sqrt(n - 1)), 'and no run more than needed');
  }
});

test('judgeStep puts a commit on the side of the nearer level and calls a value that fits neither ambiguous', () => {
  assert.equal(judgeStep([101, 99], 100, 200, 0.02).side, 'before');
  assert.equal(judgeStep([197], 100, 200, 0.02).side, 'after');
  const between = judgeStep([141], 100, 200, 0.02);
  assert.equal(between.side, 'ambiguous');
  assert.ok(between.zBefore > BISECT_Z && between.zAfter > BISECT_Z, "more than z σ from both");
  assert.equal(judgeStep([400], 100, 200, 0.02).side, 'ambiguous');
});
