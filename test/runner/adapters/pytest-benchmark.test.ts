import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pytestBenchmark } from '../../../runner/adapters/pytest-benchmark.ts';
import { assertAdapterError, assertSamplesClose, metric, metricNames, parseFixture, parseReal, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;

test('pytest-benchmark reads the mean time per round in seconds under the full test id', { skip }, () => {
  const out = parseReal(pytestBenchmark, 'pytest-benchmark/two.json');
  assert.deepEqual(metricNames(out), ['bench.py::test_fib_10', 'bench.py::test_fib_20']);
  const fib10 = metric(out, 'bench.py::test_fib_10');
  assert.equal(fib10.value, 2.408868133322941e-05);
  assert.equal(fib10.unit, 's');
  assert.equal(fib10.direction, -1);
  assert.equal(metric(out, 'bench.py::test_fib_20').value, 0.002985030672661863);
});

test('pytest-benchmark keeps stats.data as samples only when it holds numbers only', { skip }, () => {
  const out = parseReal(pytestBenchmark, 'pytest-benchmark/four.json');
  assert.deepEqual(metricNames(out), ['bench.py::test_fib_1', 'bench.py::test_fib_10', 'bench.py::test_fib_20', 'bench.py::test_sleep_2']);
  assert.equal(metric(out, 'bench.py::test_fib_1').value, 1.4995610248628836e-07);
  assert.equal(metric(out, 'bench.py::test_fib_1').samples, undefined, 'a data list trimmed with a text marker is not a sample set');
  const sleep = metric(out, 'bench.py::test_sleep_2');
  assert.equal(sleep.value, 2.0038430469999997);
  assertSamplesClose(sleep.samples, [2.005173128, 2.0051284989999996, 2.005124842999999, 2.0027438879999995, 2.001044877]);
});

test('pytest-benchmark puts a benchmark under its group', () => {
  const text = JSON.stringify({ benchmarks: [{ group: 'parsing', name: 'test_small[10]', fullname: 'tests/test_parse.py::test_small[10]', stats: { mean: 0.5, data: [0.4, 0.6] } }] });
  assert.deepEqual(pytestBenchmark.parse(text, 'out.json').measurements, [
    { metric: 'parsing/tests/test_parse.py::test_small[10]', value: 0.5, samples: [0.4, 0.6], unit: 's', direction: -1 },
  ]);
});

test('pytest-benchmark fails on a mean that is not a number, with its JSON path', () => {
  assertAdapterError(() => parseFixture(pytestBenchmark, 'pytest-benchmark/bad-mean.json'), { code: 'ADAPTER_PARSE_FAILED', path: 'benchmarks[0].stats.mean', source: 'pytest-benchmark/bad-mean.json' });
});

test('pytest-benchmark detects its JSON only', { skip }, () => {
  assert.equal(pytestBenchmark.detect(readReal('pytest-benchmark/two.json')), true);
  assert.equal(pytestBenchmark.detect(readReal('pytest-benchmark/four.json')), true);
  assert.equal(pytestBenchmark.detect(readReal('google-benchmark/two.json')), false);
});
