import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkDotNet } from '../../../runner/adapters/benchmarkdotnet.ts';
import { assertAdapterError, assertClose, assertSamplesClose, metric, metricNames, parseFixture, parseReal, readFixture, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('benchmarkdotnet reads the mean time per operation in seconds', { skip }, () => {
  const out = parseReal(benchmarkDotNet, 'benchmarkdotnet/two.json');
  assert.deepEqual(metricNames(out), ['BenchmarkDotNet.Samples.Intro.IntroJsonExport/Sleep10', 'BenchmarkDotNet.Samples.Intro.IntroJsonExport/Sleep20']);
  const sleep10 = metric(out, 'BenchmarkDotNet.Samples.Intro.IntroJsonExport/Sleep10');
  assertClose(sleep10.value, 10362283.085796878e-9);
  assert.equal(sleep10.unit, 's');
  assert.equal(sleep10.direction, -1);
  assert.equal(sleep10.samples, undefined);
  assertClose(metric(out, 'BenchmarkDotNet.Samples.Intro.IntroJsonExport/Sleep20').value, 20360791.931687497e-9);
});

test('benchmarkdotnet keeps the Workload/Result iterations as samples and the allocations as //alloc', { skip }, () => {
  const out = parseReal(benchmarkDotNet, 'benchmarkdotnet/memory.json');
  assert.deepEqual(metricNames(out), [
    'BenchmarkDotNet.Samples.Memory/AllocEmptyList', 'BenchmarkDotNet.Samples.Memory/AllocEmptyList//alloc',
    'BenchmarkDotNet.Samples.Memory/AllocExactList', 'BenchmarkDotNet.Samples.Memory/AllocExactList//alloc',
  ]);
  const empty = metric(out, 'BenchmarkDotNet.Samples.Memory/AllocEmptyList');
  assertClose(empty.value, 77.49449412027995e-9);
  assertSamplesClose(empty.samples, [76.35858058929443e-9, 77.41812467575073e-9, 78.70677709579468e-9]);
  const alloc = metric(out, 'BenchmarkDotNet.Samples.Memory/AllocEmptyList//alloc');
  assert.equal(alloc.value, 368);
  assert.equal(alloc.unit, 'B');
  assert.equal(alloc.direction, -1);
  assertClose(metric(out, 'BenchmarkDotNet.Samples.Memory/AllocExactList').value, 54.648447036743164e-9);
  assert.equal(metric(out, 'BenchmarkDotNet.Samples.Memory/AllocExactList//alloc').value, 184);
});

test('benchmarkdotnet falls back to Statistics.OriginalValues for samples', { skip }, () => {
  const out = parseReal(benchmarkDotNet, 'benchmarkdotnet/two_more.json');
  const fib10 = metric(out, 'Sample.Benchmarks/Fib10');
  assertClose(fib10.value, 24.4202085009643e-9);
  assert.equal(fib10.samples?.length, 14);
  assertClose(fib10.samples?.[0], 24.805462032556534e-9);
  assertClose(metric(out, 'Sample.Benchmarks/Fib20').value, 51.52008151549559e-9);
});

test('benchmarkdotnet names a benchmark without namespace by its method', { skip }, () => {
  const out = parseReal(benchmarkDotNet, 'benchmarkdotnet/null_namespace.json');
  assert.deepEqual(out.measurements, [{ metric: 'NullNamespaceMethod', value: 0, unit: 's', direction: -1 }]);
});

test('benchmarkdotnet writes parameters readably, appends the job when one method ran in two, and reports a failed one', () => {
  const out = parseFixture(benchmarkDotNet, 'benchmarkdotnet/jobs-params.json');
  assert.deepEqual(metricNames(out), [
    'Parsing.ParseBench/Parse(Size=10, Mode=Fast) [.NET 8.0(Runtime=.NET 8.0)]',
    'Parsing.ParseBench/Parse(Size=10, Mode=Fast) [.NET 8.0(Runtime=.NET 8.0)]//alloc',
    'Parsing.ParseBench/Parse(Size=10, Mode=Fast) [.NET 9.0(Runtime=.NET 9.0)]',
  ]);
  const net8 = metric(out, 'Parsing.ParseBench/Parse(Size=10, Mode=Fast) [.NET 8.0(Runtime=.NET 8.0)]');
  assertClose(net8.value, 100.33333333333333e-9);
  assertSamplesClose(net8.samples, [101.5e-9, 99.5e-9, 100e-9]);
  assertSamplesClose(metric(out, 'Parsing.ParseBench/Parse(Size=10, Mode=Fast) [.NET 9.0(Runtime=.NET 9.0)]').samples, [90e-9, 92e-9]);
  assert.equal(out.failures.length, 1);
  assert.match(out.failures[0]?.message ?? '', /ParseBroken/);
});

test('benchmarkdotnet fails on a cut export with the line and column where it ends', () => {
  const text = readFixture('benchmarkdotnet/truncated.json');
  const lines = text.split('\n');
  assertAdapterError(() => benchmarkDotNet.parse(text, 'report-full.json'), {
    code: 'ADAPTER_PARSE_FAILED', line: lines.length, column: (lines.at(-1) ?? '').length + 1, source: 'report-full.json',
  });
});

test('benchmarkdotnet detects its export only', { skip }, () => {
  for (const file of ['two.json', 'two_more.json', 'memory.json', 'null_namespace.json']) assert.equal(benchmarkDotNet.detect(readReal(`benchmarkdotnet/${file}`)), true, file);
  assert.equal(benchmarkDotNet.detect(readReal('pytest-benchmark/two.json')), false);
});
