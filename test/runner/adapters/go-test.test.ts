import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goTest } from '../../../runner/adapters/go-test.ts';
import { assertAdapterError, assertClose, assertSamplesClose, metric, metricNames, parseFixture, parseReal, readFixture, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('go-test reads ns/op in seconds and drops the GOMAXPROCS suffix', { skip }, () => {
  const out = parseReal(goTest, 'go-test-bench/five.txt');
  assert.deepEqual(metricNames(out), [
    'BenchmarkFib10', 'BenchmarkFib20', 'BenchmarkFib/my_tabled_benchmark_-_10', 'BenchmarkFib/my_tabled_benchmark_-_20', 'BenchmarkFib/my/tabled/benchmark_-_20',
  ]);
  const fib10 = metric(out, 'BenchmarkFib10');
  assertClose(fib10.value, 325e-9);
  assert.equal(fib10.unit, 's');
  assert.equal(fib10.direction, -1);
  assertClose(metric(out, 'BenchmarkFib20').value, 40537.123e-9);
  assertClose(metric(out, 'BenchmarkFib/my/tabled/benchmark_-_20').value, 40537.456e-9);
});

test('go-test keeps a custom ReportMetric unit as a submetric with no direction', { skip }, () => {
  const out = parseReal(goTest, 'go-test-bench/three.txt');
  assert.deepEqual(metricNames(out), ['BenchmarkFib10', 'BenchmarkFib20', 'BenchmarkFib20WithAuxMetric', 'BenchmarkFib20WithAuxMetric//auxMetricUnits']);
  assertClose(metric(out, 'BenchmarkFib10').value, 210.2e-9);
  assertClose(metric(out, 'BenchmarkFib20').value, 26264e-9);
  const aux = metric(out, 'BenchmarkFib20WithAuxMetric//auxMetricUnits');
  assert.equal(aux.value, 4);
  assert.equal(aux.unit, 'auxMetricUnits');
  assert.equal(aux.direction, undefined);
});

test('go-test turns -count repeats into samples and -benchmem columns into submetrics', () => {
  const out = parseFixture(goTest, 'go-test/benchmem-count.txt');
  const small = metric(out, 'BenchmarkParse/small');
  assert.equal(small.value, undefined);
  assertSamplesClose(small.samples, [412.5e-9, 409.8e-9, 415.1e-9]);
  assert.equal(small.unit, 's');
  const bytes = metric(out, 'BenchmarkParse/small//bytes');
  assert.deepEqual(bytes.samples, [160, 160, 160]);
  assert.equal(bytes.unit, 'B');
  assert.equal(bytes.direction, -1);
  const allocs = metric(out, 'BenchmarkParse/small//allocs');
  assert.deepEqual(allocs.samples, [3, 3, 3]);
  assert.equal(allocs.direction, -1);
  const throughput = metric(out, 'BenchmarkParse/large//throughput');
  assertSamplesClose(throughput.samples, [98.24e6, 98.57e6, 97.51e6]);
  assert.equal(throughput.unit, 'B/s');
  assert.equal(throughput.direction, 1);
  assertSamplesClose(metric(out, 'BenchmarkParse/large').samples, [104233e-9, 103877e-9, 105012e-9]);
  const hits = metric(out, 'BenchmarkEncode//hits/op');
  assert.deepEqual(hits.samples, [0.3125, 0.3125, 0.3125]);
  assert.equal(hits.direction, undefined);
  assert.equal(out.measurements.length, 11);
});

test('go-test finds a result printed after the benchmark\'s own output and reports a FAIL', () => {
  const out = parseFixture(goTest, 'go-test/interleaved-and-failed.txt');
  assert.deepEqual(metricNames(out), ['BenchmarkNoisy', 'BenchmarkQuiet']);
  assertClose(metric(out, 'BenchmarkNoisy').value, 1052e-9);
  assertClose(metric(out, 'BenchmarkQuiet').value, 601.5e-9);
  assert.equal(out.failures.length, 1);
  assert.equal(out.failures[0]?.line, 7);
  assert.match(out.failures[0]?.message ?? '', /BenchmarkBroken/);
});

test('go-test prefixes the package when the output covers several', () => {
  const out = parseFixture(goTest, 'go-test/two-packages.txt');
  assert.deepEqual(metricNames(out), ['example.com/parse/BenchmarkParse', 'example.com/encode/BenchmarkParse']);
  assertClose(metric(out, 'example.com/encode/BenchmarkParse').value, 2104e-9);
});

test('go-test fails with the line on output cut in a number, after the count or in the unit', () => {
  assertAdapterError(() => parseFixture(goTest, 'go-test/truncated-mid-number.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 5, source: 'go-test/truncated-mid-number.txt' });
  assertAdapterError(() => parseFixture(goTest, 'go-test/truncated-after-count.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 5 });
  assertAdapterError(() => parseFixture(goTest, 'go-test/truncated-unit.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 4 });
});

test('go-test refuses output with no benchmark line', () => {
  assertAdapterError(() => goTest.parse('PASS\nok  \texample.com/parse\t0.01s\n', 'out.txt'), { code: 'ADAPTER_NO_RESULTS', source: 'out.txt' });
});

test('go-test detects go test -bench output only', { skip }, () => {
  assert.equal(goTest.detect(readReal('go-test-bench/five.txt')), true);
  assert.equal(goTest.detect(readReal('go-test-bench/three.txt')), true);
  assert.equal(goTest.detect(readFixture('go-test/benchmem-count.txt')), true);
  assert.equal(goTest.detect(readReal('libtest/one.txt')), false);
});

test('go-test reads -v output: name lines alone, parents without results, tests, b.Log and skipped benchmarks', () => {
  const out = parseFixture(goTest, 'go-test/verbose-count.txt');
  assert.deepEqual(metricNames(out), [
    'BenchmarkSplit/ascii', 'BenchmarkSplit/ascii//bytes', 'BenchmarkSplit/ascii//allocs',
    'BenchmarkSplit/utf8', 'BenchmarkSplit/utf8//bytes', 'BenchmarkSplit/utf8//allocs',
    'BenchmarkJoin',
  ]);
  assertSamplesClose(metric(out, 'BenchmarkSplit/ascii').samples, [287.1e-9, 289.4e-9]);
  assertSamplesClose(metric(out, 'BenchmarkJoin').samples, [488.0e-9, 486.3e-9]);
  assert.equal(out.failures.length, 0, 'a skipped benchmark is not a failure');
});

test('go-test reads ./... output of several packages with -v, packages without tests and tests in between', () => {
  const out = parseFixture(goTest, 'go-test/packages-verbose.txt');
  assert.deepEqual(metricNames(out), ['example.com/store/BenchmarkGet', 'example.com/store/BenchmarkPut', 'example.com/store/cache/BenchmarkGet']);
  assertClose(metric(out, 'example.com/store/cache/BenchmarkGet').value, 44.91e-9);
});

test('go-test names packages from their "ok" line when Go printed no "pkg:" line, and keeps -cpu suffixes apart', () => {
  const out = parseFixture(goTest, 'go-test/go1.9-cpu-list.txt');
  assert.deepEqual(metricNames(out), ['example.com/fib/BenchmarkFib20', 'example.com/fib/BenchmarkFib20-2', 'example.com/fib/BenchmarkFib20-4', 'example.com/parse/BenchmarkParse']);
  assertClose(metric(out, 'example.com/fib/BenchmarkFib20-4').value, 40728e-9);
});

test('go-test -v output cut while a benchmark runs fails at its name line', () => {
  const text = readFixture('go-test/verbose-count.txt').split('\n').slice(0, 11).join('\n');
  assertAdapterError(() => goTest.parse(`${text}\n`, 'cut.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 11, source: 'cut.txt' });
});
