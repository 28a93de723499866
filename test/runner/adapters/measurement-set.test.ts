import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMeasurementSet, makeMeasurement } from '../../../runner/adapters/measurement-set.ts';
import { formatParams, joinMetric, qualifyCollisions, splitAtLast, submetricName } from '../../../runner/adapters/metric-names.ts';
import { assertAdapterError } from './outputs.ts';

test('makeMeasurement leaves out the fields without a value', () => {
  assert.deepEqual(makeMeasurement('a', { value: 1, samples: [], unit: undefined }), { metric: 'a', value: 1 });
});

test('a measurement set folds repeats into samples and keeps a single repeat as the value', () => {
  const set = createMeasurementSet('go-test', 'out.txt');
  set.addRepeat('a', 1, { unit: 's', direction: -1 }, { line: 1 });
  set.addRepeat('b', 5, { unit: 's', direction: -1 }, { line: 2 });
  set.addRepeat('a', 2, { unit: 's', direction: -1 }, { line: 3 });
  assert.deepEqual(set.finish('x').measurements, [
    { metric: 'a', samples: [1, 2], unit: 's', direction: -1 },
    { metric: 'b', value: 5, unit: 's', direction: -1 },
  ]);
});

test('a measurement set refuses a second result for a metric, naming both places', () => {
  const set = createMeasurementSet('libtest', 'out.txt');
  set.add('a', { value: 1 }, { line: 3 });
  assertAdapterError(() => set.add('a', { value: 2 }, { line: 9 }), { code: 'ADAPTER_PARSE_FAILED', line: 9 });
  assert.throws(() => set.add('a', { value: 2 }, { line: 9 }), /out\.txt:3/);
});

test('an empty measurement set is an error, but failures alone are a result', () => {
  assertAdapterError(() => createMeasurementSet('jmh', 'r.json').finish('entries'), { code: 'ADAPTER_NO_RESULTS', source: 'r.json' });
  const set = createMeasurementSet('jmh', 'r.json');
  set.fail(0, 'benchmark "x" has no score');
  assert.deepEqual(set.finish('entries'), { measurements: [], failures: [{ source: 'r.json', line: 0, message: 'benchmark "x" has no score' }] });
});

test('metric names join groups, parameters and submetrics the same way for every harness', () => {
  assert.equal(joinMetric('a', undefined, '', 'b'), 'a/b');
  assert.equal(submetricName('BenchmarkParse/small', 'allocs'), 'BenchmarkParse/small//allocs');
  assert.equal(formatParams([['n', '10'], ['kind', 'fast']]), '(n=10, kind=fast)');
  assert.equal(formatParams(['10', "'a'"]), "(10, 'a')");
  assert.equal(formatParams([]), '');
  assert.equal(splitAtLast('com.example.Bench.method'), 'com.example.Bench/method');
  assert.equal(splitAtLast('method'), 'method');
  assert.deepEqual(qualifyCollisions(['x', 'y', 'x'], (s) => s, (s) => `q${s}`), ['x [qx]', 'y', 'x [qx]']);
});
