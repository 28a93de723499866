import { test } from 'node:test';
import assert from 'node:assert/strict';
import { libtest } from '../../../runner/adapters/libtest.ts';
import { assertAdapterError, assertClose, metric, metricNames, parseFixture, readFixture, parseReal, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('libtest reads one benchmark in seconds, lower is better', { skip }, () => {
  const out = parseReal(libtest, 'libtest/one.txt');
  assert.deepEqual(metricNames(out), ['tests::benchmark']);
  const m = metric(out, 'tests::benchmark');
  assertClose(m.value, 3161e-9);
  assert.equal(m.unit, 's');
  assert.equal(m.direction, -1);
  assert.equal(m.samples, undefined);
  assert.deepEqual(out.failures, []);
});

test('libtest converts ns, μs, ms and s per iteration to seconds and skips ignored tests', { skip }, () => {
  const out = parseReal(libtest, 'libtest/many.txt');
  assert.deepEqual(metricNames(out), [
    'tests::benchmark', 'tests::other_benchmark', 'tests::last_benchmark', 'tests::one_digit', 'tests::two_digit', 'tests::three_digit',
  ]);
  assertClose(metric(out, 'tests::one_digit').value, 1e-6);
  assertClose(metric(out, 'tests::two_digit').value, 22e-3);
  assertClose(metric(out, 'tests::three_digit').value, 333);
});

test('libtest reads grouped digits with decimals', { skip }, () => {
  const out = parseReal(libtest, 'libtest/issue_390.txt');
  assert.equal(out.measurements.length, 4);
  assertClose(metric(out, 'bleu::benchmark::bench_batch_bleu').value, 13967756.30e-9);
  assertClose(metric(out, 'bleu::benchmark::bench_bleu').value, 298794.10e-9);
  assertClose(metric(out, 'ngram::benchmark::bench_ngram').value, 49480.28e-9);
  assertClose(metric(out, 'tokenizer::benchmark::bench_tokenizer').value, 15690.73e-9);
});

test('libtest skips ignored benchmarks and reads every target of a workspace', { skip }, () => {
  assert.deepEqual(metricNames(parseReal(libtest, 'libtest/ignore.txt')), ['tests::benchmark']);
  assert.deepEqual(metricNames(parseReal(libtest, 'libtest/multi_target.txt')), ['tests::benchmark', 'tests::other_benchmark']);
});

test('libtest reports a FAILED benchmark with its line and keeps the others', { skip }, () => {
  const out = parseReal(libtest, 'libtest/failed.txt');
  assert.deepEqual(metricNames(out), ['tests::benchmark_a', 'tests::benchmark_c']);
  assertClose(metric(out, 'tests::benchmark_a').value, 3296e-9);
  assertClose(metric(out, 'tests::benchmark_c').value, 3215e-9);
  assert.equal(out.failures.length, 1);
  assert.equal(out.failures[0]?.line, 5);
  assert.equal(out.failures[0]?.source, 'libtest/failed.txt');
  assert.match(out.failures[0]?.message ?? '', /tests::benchmark_b/);
});

test('libtest refuses an output that ran no benchmark', { skip }, () => {
  assertAdapterError(() => parseReal(libtest, 'libtest/zero.txt'), { code: 'ADAPTER_NO_RESULTS', source: 'libtest/zero.txt' });
});

test('libtest reads the MB/s figure as a throughput submetric in B/s', () => {
  const out = parseFixture(libtest, 'libtest/throughput.txt');
  assertClose(metric(out, 'codec::bench_decode').value, 1024e-9);
  const rate = metric(out, 'codec::bench_decode//throughput');
  assertClose(rate.value, 1000e6);
  assert.equal(rate.unit, 'B/s');
  assert.equal(rate.direction, 1);
});

test('libtest fails on a number it cannot read, with the line', () => {
  assertAdapterError(() => parseFixture(libtest, 'libtest/broken.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 4, source: 'libtest/broken.txt' });
});

test('libtest keeps custom units as given, with the direction their shape implies', () => {
  const out = parseFixture(libtest, 'libtest/custom-units.txt');
  assert.deepEqual(metricNames(out), [
    'fft::bench_radix2', 'fir::bench_taps_64', 'fir::bench_taps_64//throughput', 'io::bench_copy', 'parse::bench_tokens', 'resample::bench_poly', 'resample::bench_poly//throughput',
  ]);
  assert.deepEqual(metric(out, 'fft::bench_radix2'), { metric: 'fft::bench_radix2', value: 48213, unit: 'cycles/iter', direction: -1 });
  assertClose(metric(out, 'fir::bench_taps_64').value, 1874.5e-9);
  assert.deepEqual(metric(out, 'fir::bench_taps_64//throughput'), { metric: 'fir::bench_taps_64//throughput', value: 546, unit: 'MS/s', direction: 1 });
  const copy = metric(out, 'io::bench_copy');
  assert.equal(copy.value, 812e6);
  assert.equal(copy.unit, 'B/s');
  assert.equal(copy.direction, 1);
  assert.deepEqual(metric(out, 'parse::bench_tokens'), { metric: 'parse::bench_tokens', value: 10240, unit: 'tokens/iter' });
  assert.equal(metric(out, 'resample::bench_poly//throughput').value, 4812e6);
});

test('libtest reads the decimals of Rust 1.80 and later and the ungrouped digits of early versions', () => {
  const recent = parseFixture(libtest, 'libtest/rust-1.80-decimals.txt');
  assertClose(metric(recent, 'add').value, 0.24e-9);
  assertClose(metric(recent, 'fib_20').value, 16350.06e-9);
  assertClose(metric(parseFixture(libtest, 'libtest/pre-1.0-no-digit-groups.txt'), 'bench_old').value, 3608e-9);
});

test('libtest fails on a bench line cut short with the line', () => {
  assertAdapterError(() => parseFixture(libtest, 'libtest/truncated.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 4 });
});

test('libtest fails when the output ends after a benchmark name, at that line', () => {
  assertAdapterError(() => parseFixture(libtest, 'libtest/cut-after-name.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 4 });
});

test('libtest detects its own output only', { skip }, () => {
  for (const file of ['one.txt', 'many.txt', 'issue_390.txt', 'ignore.txt', 'multi_target.txt', 'failed.txt']) {
    assert.equal(libtest.detect(readReal(`libtest/${file}`)), true, file);
  }
  assert.equal(libtest.detect(readReal('go-test-bench/three.txt')), false);
  assert.equal(libtest.detect(readReal('criterion/many.txt')), false);
});

test('libtest reads nightly\'s --format json events, with a failed benchmark', () => {
  const out = parseFixture(libtest, 'libtest/nightly-format-json.jsonl');
  assert.deepEqual(metricNames(out), ['bench_add', 'bench_copy', 'bench_copy//throughput']);
  assertClose(metric(out, 'bench_add').value, 1234.5e-9);
  assert.equal(metric(out, 'bench_copy//throughput').value, 476 * 1024 * 1024);
  assert.equal(out.failures.length, 1);
  assert.equal(out.failures[0]?.line, 7);
  assert.equal(libtest.detect(readFixture('libtest/nightly-format-json.jsonl')), true);
  assertAdapterError(() => libtest.parse('{ "type": "bench", "name": "x", "median": "12" }\n', 'out.jsonl'), { code: 'ADAPTER_PARSE_FAILED', line: 1, source: 'out.jsonl' });
});
