import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catch2 } from '../../../runner/adapters/catch2.ts';
import { assertAdapterError, assertClose, metric, metricNames, parseFixture, parseReal, readFixture, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('catch2 reads the console tables: test case/benchmark, mean in seconds', { skip }, () => {
  const out = parseReal(catch2, 'catch2/four.txt');
  assert.deepEqual(metricNames(out), ['Fibonacci/Fibonacci 10', 'Fibonacci/Fibonacci 20', 'More Fibonacci/Fibonacci~ 5!', 'More Fibonacci/Fibonacci-15_bench']);
  const fib10 = metric(out, 'Fibonacci/Fibonacci 10');
  assertClose(fib10.value, 344e-9);
  assert.equal(fib10.unit, 's');
  assert.equal(fib10.direction, -1);
  assertClose(metric(out, 'Fibonacci/Fibonacci 20').value, 41.731e-6);
  assertClose(metric(out, 'More Fibonacci/Fibonacci~ 5!').value, 36e-9);
  assertClose(metric(out, 'More Fibonacci/Fibonacci-15_bench').value, 3.789e-6);
});

test('catch2 puts sections under the test case and joins a name wrapped over two lines', { skip }, () => {
  const out = parseReal(catch2, 'catch2/issue_351.txt');
  assert.deepEqual(metricNames(out), [
    'Unit_assignment/Construction/Fibonacci 10',
    'Unit_assignment/Construction/Fibonacci 20',
    'More Fibonacci/Fibonacci~ 5!',
    'More Fibonacci/Fibonacci-15_bench',
    'Even More Fibonacci/With a long name/Fibonacci 10 with a long name',
    'Even More Fibonacci/With a long name/Fibonacci 20',
  ]);
  assertClose(metric(out, 'Even More Fibonacci/With a long name/Fibonacci 10 with a long name').value, 344e-9);
});

test('catch2 reads console output with CRLF line ends', { skip }, () => {
  const out = parseReal(catch2, 'catch2/two.txt');
  assert.deepEqual(metricNames(out), ['Fibonacci/Fibonacci 10', 'Fibonacci/Fibonacci 20']);
  assert.equal(metric(out, 'Fibonacci/Fibonacci 10').value, 0);
  assertClose(metric(out, 'Fibonacci/Fibonacci 20').value, 1e-9);
});

test('catch2 fails with the line on a table cut in the middle of a benchmark', () => {
  assertAdapterError(() => parseFixture(catch2, 'catch2/truncated.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 21, source: 'catch2/truncated.txt' });
});

test('catch2 reads the v3 XML reporter with sections, entities and a failed benchmark', () => {
  const text = readFixture('catch2/fib-v3.xml');
  const out = catch2.parse(text, 'fib-v3.xml');
  assert.deepEqual(metricNames(out), ['Fibonacci/Fibonacci 20', 'Fibonacci/small inputs/Fibonacci 5', 'Fibonacci/small inputs/vector<int> push_back']);
  assertClose(metric(out, 'Fibonacci/Fibonacci 20').value, 41731e-9);
  assertClose(metric(out, 'Fibonacci/small inputs/Fibonacci 5').value, 36.25e-9);
  assertClose(metric(out, 'Fibonacci/small inputs/vector<int> push_back').value, 344e-9);
  assert.equal(out.failures.length, 1);
  assert.equal(out.failures[0]?.line, text.split('\n').findIndex((l) => l.includes('<failed ')) + 1);
  assert.match(out.failures[0]?.message ?? '', /Fibonacci from file.*cannot open fib\.txt/);
});

test('catch2 reads the v2 XML reporter', () => {
  const out = parseFixture(catch2, 'catch2/fib-v2.xml');
  assert.deepEqual(metricNames(out), ['Fibonacci/Fibonacci 10']);
  assertClose(metric(out, 'Fibonacci/Fibonacci 10').value, 0.52e-9);
});

test('catch2 fails on cut XML with the line where it ends and the closing tag it expected', () => {
  const text = readFixture('catch2/truncated.xml');
  assertAdapterError(() => catch2.parse(text, 'fib.xml'), { code: 'ADAPTER_PARSE_FAILED', line: text.split('\n').length, source: 'fib.xml' });
});

test('catch2 fails on a benchmark without a mean, at its line', () => {
  const text = '<Catch2TestRun>\n  <TestCase name="T">\n    <BenchmarkResults name="B">\n    </BenchmarkResults>\n  </TestCase>\n</Catch2TestRun>\n';
  assertAdapterError(() => catch2.parse(text, 'x.xml'), { code: 'ADAPTER_PARSE_FAILED', line: 3 });
});

test('catch2 detects console tables and XML reports', { skip }, () => {
  for (const file of ['four.txt', 'issue_351.txt', 'two.txt']) assert.equal(catch2.detect(readReal(`catch2/${file}`)), true, file);
  assert.equal(catch2.detect(readFixture('catch2/fib-v3.xml')), true);
  assert.equal(catch2.detect(readFixture('catch2/fib-v2.xml')), true);
  assert.equal(catch2.detect(readReal('criterion/many.txt')), false);
});
