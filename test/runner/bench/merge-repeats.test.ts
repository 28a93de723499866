import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, mergeRepeats } from '../../../runner/bench/merge-repeats.ts';

test('mergeRepeats concatenates samples across runs and takes their median', () => {
  const merged = mergeRepeats([
    [{ metric: 'a', value: 10, unit: 'ms', direction: -1 }, { metric: 'b', samples: [1, 2] }],
    [{ metric: 'a', value: 30, unit: 'ms', direction: -1 }, { metric: 'b', samples: [3] }],
    [{ metric: 'a', value: 20, unit: 'ms', direction: -1 }, { metric: 'b', samples: [4, 5] }],
  ], true);
  assert.deepEqual(merged.problems, []);
  assert.deepEqual(merged.measurements, [
    { metric: 'a', value: 20, samples: [10, 30, 20], unit: 'ms', direction: -1 },
    { metric: 'b', value: 3, samples: [1, 2, 3, 4, 5] },
  ]);
  assert.deepEqual(merged.samplesPerMetric, { a: 3, b: 5 });
});

test('an explicit value from a single run is kept instead of the median of its samples', () => {
  const merged = mergeRepeats([[{ metric: 'a', value: 7, samples: [1, 2, 3] }, { metric: 'b', value: 4 }]], true);
  assert.deepEqual(merged.measurements, [{ metric: 'a', value: 7, samples: [1, 2, 3] }, { metric: 'b', value: 4 }]);
});

test('units or directions that differ between runs are problems naming the metric and runs', () => {
  const merged = mergeRepeats([[{ metric: 't', value: 1, unit: 'ms' }], [{ metric: 't', value: 1, unit: 's', direction: 1 }]], true);
  assert.equal(merged.problems.length, 2);
  assert.match(merged.problems[0] ?? '', /metric "t" has unit "ms" on run 1 but "s" on run 2/);
  assert.match(merged.problems[1] ?? '', /metric "t" has direction none on run 1 but 1 on run 2/);
});

test('a metric missing from some runs is a problem only when every run is required', () => {
  const runs = [[{ metric: 'a', value: 1 }, { metric: 'b', value: 1 }], [{ metric: 'a', value: 1 }], [{ metric: 'a', value: 1 }]];
  assert.match(mergeRepeats(runs, true).problems[0] ?? '', /metric "b" is missing from runs 2, 3 of 3 \(reported on run 1\)/);
  assert.deepEqual(mergeRepeats(runs, false).problems, []);
});

test('non-finite numbers from an adapter are refused', () => {
  const merged = mergeRepeats([[{ metric: 'a', value: Number.NaN }, { metric: 'b', samples: [1, Number.POSITIVE_INFINITY] }]], true);
  assert.equal(merged.problems.length, 2);
  assert.deepEqual(merged.measurements, []);
});

test('median of an even count is the mean of the middle two', () => {
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5]), 5);
});
