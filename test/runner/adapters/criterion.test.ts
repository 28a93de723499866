import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criterion } from '../../../runner/adapters/criterion.ts';
import { assertAdapterError, assertClose, assertSamplesClose, metric, metricNames, parseFixture, parseReal, readFixture, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('criterion reads the point estimate of each benchmark in seconds', { skip }, () => {
  const out = parseReal(criterion, 'criterion/many.txt');
  assert.deepEqual(metricNames(out), ['file', 'rolling_file', 'tracing_file', 'tracing_rolling_file', 'benchmark: name with spaces']);
  const file = metric(out, 'file');
  assertClose(file.value, 323.90e-12);
  assert.equal(file.unit, 's');
  assert.equal(file.direction, -1);
  assert.equal(file.samples, undefined);
  assertClose(metric(out, 'tracing_file').value, 18.019e-6);
  assertClose(metric(out, 'benchmark: name with spaces').value, 20.930e-9);
  assert.deepEqual(out.failures, []);
});

test('criterion takes a long name from the line before its estimates and skips libtest noise', { skip }, () => {
  const out = parseReal(criterion, 'criterion/dogfood.txt');
  assert.deepEqual(metricNames(out), ['Adapter::Magic (JSON)', 'Adapter::Json', 'Adapter::Magic (Rust)', 'Adapter::Rust']);
  assertClose(metric(out, 'Adapter::Magic (JSON)').value, 3.4632e-6);
  assertClose(metric(out, 'Adapter::Rust').value, 14.884e-6);
});

test('criterion keeps the results before a panic and reports the panic with its line', { skip }, () => {
  const out = parseReal(criterion, 'criterion/failed.txt');
  assert.deepEqual(metricNames(out), ['file', 'rolling_file', 'tracing_file', 'tracing_rolling_file']);
  assertClose(metric(out, 'file').value, 2.2311e-9);
  assertClose(metric(out, 'tracing_rolling_file').value, 27.365e-6);
  assert.equal(out.failures.length, 1);
  assert.equal(out.failures[0]?.line, 60);
  assert.match(out.failures[0]?.message ?? '', /explicit panic/);
});

test('criterion reads thrpt as a submetric and skips the change block', () => {
  const out = parseFixture(criterion, 'criterion/throughput.txt');
  const rate = metric(out, 'file//thrpt');
  assertClose(rate.value, 2.9443 * 1024 ** 3);
  assert.equal(rate.unit, 'B/s');
  assert.equal(rate.direction, 1);
  assertClose(metric(out, 'file').value, 323.90e-12);
  assert.equal(out.measurements.length, 6);
});

test('criterion fails on estimates it cannot read, with the line', () => {
  assertAdapterError(() => parseFixture(criterion, 'criterion/bad-estimates.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 31, source: 'criterion/bad-estimates.txt' });
});

test('criterion fails when the output ends while a benchmark runs, at its last progress line', () => {
  const text = readFixture('criterion/cut-while-running.txt');
  const line = text.split('\n').indexOf('Benchmarking rolling_file: Analyzing') + 1;
  assert.ok(line > 0);
  assertAdapterError(() => criterion.parse(text, 'bench.txt'), { code: 'ADAPTER_PARSE_FAILED', line, source: 'bench.txt' });
});

test('criterion reads cargo-criterion JSON messages with per-iteration samples', () => {
  const out = parseFixture(criterion, 'criterion/messages.jsonl');
  assert.deepEqual(metricNames(out), ['parse/small', 'parse/small//thrpt', 'parse/large']);
  const small = metric(out, 'parse/small');
  assertClose(small.value, 405.5e-9);
  assertSamplesClose(small.samples, [410e-9, 415e-9, 400e-9]);
  assert.equal(small.unit, 's');
  assert.equal(small.direction, -1);
  const rate = metric(out, 'parse/small//thrpt');
  assertClose(rate.value, 1024 / 405.5e-9);
  assert.equal(rate.unit, 'B/s');
  assert.equal(rate.direction, 1);
  const large = metric(out, 'parse/large');
  assertClose(large.value, 1523000e-9);
  assertSamplesClose(large.samples, [1520000e-9, 1526000e-9]);
});

test('criterion fails on a cut JSON message with its line and column', () => {
  const text = readFixture('criterion/messages-truncated.jsonl');
  const lines = text.split('\n');
  const last = lines.at(-1) ?? '';
  assert.ok(last.length > 0, 'the fixture ends inside a message');
  assertAdapterError(() => criterion.parse(text, 'messages.jsonl'), { code: 'ADAPTER_PARSE_FAILED', line: lines.length, column: last.length + 1 });
});

test('criterion fails on a mistyped estimate with its line and JSON path', () => {
  assertAdapterError(() => parseFixture(criterion, 'criterion/messages-bad-estimate.jsonl'), { code: 'ADAPTER_PARSE_FAILED', line: 1, path: 'typical.estimate' });
});

test('criterion reads estimates.json, naming the benchmark by its directory', () => {
  const small = criterion.parse(readFixture('criterion/target/criterion/parse/small/new/estimates.json'), 'target/criterion/parse/small/new/estimates.json');
  assert.deepEqual(small.measurements, [{ metric: 'parse/small', value: small.measurements[0]?.value, unit: 's', direction: -1 }]);
  assertClose(small.measurements[0]?.value, 404.8e-9);
  const large = criterion.parse(readFixture('criterion/target/criterion/parse/large/new/estimates.json'), 'target/criterion/parse/large/new/estimates.json');
  assertClose(metric(large, 'parse/large').value, 1523000e-9);
});

test('criterion refuses estimates.json at a path that does not name the benchmark', () => {
  const text = readFixture('criterion/target/criterion/parse/small/new/estimates.json');
  assertAdapterError(() => criterion.parse(text, 'out.json'), { code: 'ADAPTER_PARSE_FAILED', source: 'out.json' });
});

test('criterion detects its console, JSON lines and estimates', { skip }, () => {
  for (const file of ['many.txt', 'dogfood.txt', 'failed.txt']) assert.equal(criterion.detect(readReal(`criterion/${file}`)), true, file);
  assert.equal(criterion.detect(readFixture('criterion/messages.jsonl')), true);
  assert.equal(criterion.detect(readFixture('criterion/target/criterion/parse/small/new/estimates.json')), true);
  assert.equal(criterion.detect(readReal('libtest/many.txt')), false);
});

test('criterion reads a workspace run mixing cargo and rustc output, warnings, libtest and bencher-format lines', () => {
  const out = parseFixture(criterion, 'criterion/mixed-workspace.txt');
  assert.deepEqual(metricNames(out), ['bench_legacy_tokens', 'parse/small', 'parse/small//thrpt', 'parse/large', 'parse/large//thrpt', 'fib 20', 'tokenize/utf8/1024']);
  assertClose(metric(out, 'bench_legacy_tokens').value, 1234.5e-9);
  assertClose(metric(out, 'parse/large').value, 1.8291e-3);
  assertClose(metric(out, 'fib 20').value, 25105e-9);
  assert.deepEqual(out.failures, []);
  assert.equal(criterion.detect(readFixture('criterion/mixed-workspace.txt')), true);
});
