import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkJs } from '../../../runner/adapters/benchmarkjs.ts';
import { assertAdapterError, metric, metricNames, parseFixture, parseReal, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('benchmarkjs reads ops/sec, higher is better, with the name before the last " x "', { skip }, () => {
  const out = parseReal(benchmarkJs, 'benchmarkjs/four.txt');
  assert.deepEqual(metricNames(out), ['fib(10)', 'fib(20)', 'benchmark with x 2 many things', 'createObjectBuffer with 200 comments']);
  assert.deepEqual(metric(out, 'fib(10)'), { metric: 'fib(10)', value: 1431759, unit: 'ops/s', direction: 1 });
  assert.equal(metric(out, 'fib(20)').value, 12146);
  assert.equal(metric(out, 'benchmark with x 2 many things').value, 50);
  assert.equal(metric(out, 'createObjectBuffer with 200 comments').value, 81.61);
});

test('benchmarkjs skips the lines around the results', { skip }, () => {
  const out = parseReal(benchmarkJs, 'benchmarkjs/issue_506.txt');
  assert.equal(out.measurements.length, 6);
  assert.equal(metric(out, 'text encoder utf8').value, 28.33);
  assert.equal(metric(out, 'text encoder utf16').value, 55.25);
  assert.equal(metric(out, 'sha512 native from string utf16').value, 29.76);
});

test('benchmarkjs fails on a result line cut short, with the line', () => {
  assertAdapterError(() => parseFixture(benchmarkJs, 'benchmarkjs/broken.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 2, source: 'benchmarkjs/broken.txt' });
});

test('benchmarkjs refuses output without a result line', () => {
  assertAdapterError(() => benchmarkJs.parse('Running 6 benchmarks on Chromium...\nDone!\n', 'out.txt'), { code: 'ADAPTER_NO_RESULTS' });
});

test('benchmarkjs detects its lines only', { skip }, () => {
  assert.equal(benchmarkJs.detect(readReal('benchmarkjs/four.txt')), true);
  assert.equal(benchmarkJs.detect(readReal('benchmarkjs/issue_506.txt')), true);
  assert.equal(benchmarkJs.detect(readReal('go-test-bench/five.txt')), false);
});
