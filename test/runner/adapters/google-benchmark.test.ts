import { test } from 'node:test';
import assert from 'node:assert/strict';
import { googleBenchmark } from '../../../runner/adapters/google-benchmark.ts';
import { assertAdapterError, assertClose, assertSamplesClose, metric, metricNames, parseFixture, parseReal, readFixture, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('google-benchmark reads real_time as the metric and cpu_time as //cpu, in seconds', { skip }, () => {
  const out = parseReal(googleBenchmark, 'google-benchmark/two.json');
  assert.deepEqual(metricNames(out), ['fib_10', 'fib_10//cpu', 'fib_20', 'fib_20//cpu']);
  const fib10 = metric(out, 'fib_10');
  assertClose(fib10.value, 2.1498980114547953e-7);
  assert.equal(fib10.unit, 's');
  assert.equal(fib10.direction, -1);
  assertClose(metric(out, 'fib_10//cpu').value, 2.1365507206163295e-7);
  assertClose(metric(out, 'fib_20').value, 2.7455600415007055e-5);
  assertClose(metric(out, 'fib_20//cpu').value, 2.7364903204272359e-5);
});

test('google-benchmark keeps repetitions as samples, skips aggregate rows and reads counters', () => {
  const out = parseFixture(googleBenchmark, 'google-benchmark/repetitions.json');
  const parse = metric(out, 'BM_Parse/64');
  assert.equal(parse.value, undefined);
  assertSamplesClose(parse.samples, [124e-9, 126e-9, 125e-9]);
  assertSamplesClose(metric(out, 'BM_Parse/64//cpu').samples, [123.8e-9, 125.7e-9, 124.9e-9]);
  const bytes = metric(out, 'BM_Parse/64//bytes_per_second');
  assertSamplesClose(bytes.samples, [5.1612903225806451e8, 5.0793650793650794e8, 5.12e8]);
  assert.equal(bytes.unit, 'B/s');
  assert.equal(bytes.direction, 1);
  assert.equal(metric(out, 'BM_Parse/64//items_per_second').unit, 'ops/s');
  assert.ok(!metricNames(out).some((name) => name.includes('_mean') || name.includes('_cv')));
  assertClose(metric(out, 'BM_Hash/1024').value, 1.7414e-6);
  const buckets = metric(out, 'BM_Hash/1024//buckets');
  assert.equal(buckets.value, 4096);
  assert.equal(buckets.unit, undefined);
  assert.ok(!metricNames(out).includes('BM_Hash/1024//collisions'), 'a NaN counter is not a measurement');
  assert.equal(out.failures.length, 1);
  assert.match(out.failures[0]?.message ?? '', /BM_Open.*cannot open data\/input\.bin/);
});

test('google-benchmark uses the mean aggregate when the raw repetitions are absent', () => {
  const out = parseFixture(googleBenchmark, 'google-benchmark/aggregates-only.json');
  assert.deepEqual(metricNames(out), ['BM_Parse/64', 'BM_Parse/64//cpu', 'BM_Parse/64//bytes_per_second', 'BM_Parse/64//items_per_second']);
  const parse = metric(out, 'BM_Parse/64');
  assertClose(parse.value, 125e-9);
  assert.equal(parse.samples, undefined);
  assertClose(metric(out, 'BM_Parse/64//cpu').value, 124.8e-9);
});

test('google-benchmark fails on a cut file with the line and column where it ends', () => {
  const text = readFixture('google-benchmark/truncated.json');
  const lines = text.split('\n');
  assertAdapterError(() => parseFixture(googleBenchmark, 'google-benchmark/truncated.json'), {
    code: 'ADAPTER_PARSE_FAILED', line: lines.length, column: (lines.at(-1) ?? '').length + 1, source: 'google-benchmark/truncated.json',
  });
});

test('google-benchmark fails on a result without times with its JSON path', () => {
  const text = JSON.stringify({ benchmarks: [{ name: 'BM_A', run_type: 'iteration', iterations: 10 }] });
  assertAdapterError(() => googleBenchmark.parse(text, 'out.json'), { code: 'ADAPTER_PARSE_FAILED', path: 'benchmarks[0]' });
  const typed = JSON.stringify({ benchmarks: [{ name: 'BM_A', real_time: '1', cpu_time: 1, time_unit: 'ns' }] });
  assertAdapterError(() => googleBenchmark.parse(typed, 'out.json'), { code: 'ADAPTER_PARSE_FAILED', path: 'benchmarks[0].real_time' });
});

test('google-benchmark detects its JSON only', { skip }, () => {
  assert.equal(googleBenchmark.detect(readReal('google-benchmark/two.json')), true);
  assert.equal(googleBenchmark.detect(readFixture('google-benchmark/repetitions.json')), true);
  assert.equal(googleBenchmark.detect(readReal('pytest-benchmark/two.json')), false);
  assert.equal(googleBenchmark.detect(readReal('hyperfine/two.json')), false);
});

test('google-benchmark before 1.5 (no run_type): _mean/_median/_stddev rows are aggregates of the runs beside them', () => {
  const out = parseFixture(googleBenchmark, 'google-benchmark/v1.4-repetitions.json');
  assert.deepEqual(metricNames(out), [
    'BM_StringCopy/8', 'BM_StringCopy/8//cpu', 'BM_memcpy/4096', 'BM_memcpy/4096//cpu', 'BM_memcpy/4096//bytes_per_second', 'BM_Summary_mean', 'BM_Summary_mean//cpu',
  ]);
  assertSamplesClose(metric(out, 'BM_StringCopy/8').samples, [13.1e-9, 13.4e-9, 12.9e-9]);
  assertClose(metric(out, 'BM_Summary_mean').value, 1e-3, 'a name ending in _mean with no runs beside it is a benchmark of its own');
});
