import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jmh } from '../../../runner/adapters/jmh.ts';
import { assertAdapterError, assertClose, assertSamplesClose, metric, metricNames, parseFixture, parseReal, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;
const HELLO = 'org.openjdk.jmh.samples.JMHSample_01_HelloWorld/wellHelloThere';

test('jmh reads a throughput score in ops/s, higher is better, with rawData as samples', { skip }, () => {
  const out = parseReal(jmh, 'jmh/throughput.json');
  assert.deepEqual(metricNames(out), [HELLO]);
  const m = metric(out, HELLO);
  assertClose(m.value, 3.3762388731228185e9);
  assertSamplesClose(m.samples, [3.376842765688582e9, 3.37651988895058e9, 3.375353964729294e9]);
  assert.equal(m.unit, 'ops/s');
  assert.equal(m.direction, 1);
});

test('jmh reads a time-per-operation score in seconds, lower is better', { skip }, () => {
  const m = metric(parseReal(jmh, 'jmh/latency.json'), HELLO);
  assertClose(m.value, 3.3762388731228185e9);
  assert.equal(m.unit, 's');
  assert.equal(m.direction, -1);
});

test('jmh names each parameter set and keeps packages apart', { skip }, () => {
  const out = parseReal(jmh, 'jmh/six.json');
  assert.deepEqual(metricNames(out), [
    'com.github.caffeine.caffeine.cache.ComputeBenchmark/compute_sameKey(computeType=Caffeine)',
    'com.github.guava.caffeine.cache.ComputeBenchmark/compute_sameKey(computeType=Guava)',
    'com.github.hashmap.caffeine.cache.ComputeBenchmark/compute_sameKey(computeType=ConcurrentHashMap)',
    'com.github.caffeine.caffeine.cache.ComputeBenchmark/compute_spread(computeType=Caffeine)',
    'com.github.guava.caffeine.cache.ComputeBenchmark/compute_spread(computeType=Guava)',
    'com.github.hashmap.caffeine.cache.ComputeBenchmark/compute_spread(computeType=ConcurrentHashMap)',
  ]);
  const caffeine = metric(out, 'com.github.caffeine.caffeine.cache.ComputeBenchmark/compute_sameKey(computeType=Caffeine)');
  assertClose(caffeine.value, 152520132.34402195);
  assertSamplesClose(caffeine.samples, [152495705.9947031, 152724143.15072593, 152340547.88663682]);
  assertClose(metric(out, 'com.github.hashmap.caffeine.cache.ComputeBenchmark/compute_spread(computeType=ConcurrentHashMap)').value, 113640916.67262991);
});

test('jmh converts ops/ms and us/op, tells modes apart and reads GC profiler submetrics', () => {
  const out = parseFixture(jmh, 'jmh/modes-gc.json');
  const thrpt = metric(out, 'com.example.ParseBench/parse(size=10) [thrpt]');
  assertClose(thrpt.value, 1234.5e3);
  assertSamplesClose(thrpt.samples, [1200e3, 1250e3, 1240e3, 1248e3]);
  assert.equal(thrpt.unit, 'ops/s');
  const avgt = metric(out, 'com.example.ParseBench/parse(size=10) [avgt]');
  assertClose(avgt.value, 0.81e-6);
  assertSamplesClose(avgt.samples, [0.8e-6, 0.82e-6]);
  assert.equal(avgt.direction, -1);
  const norm = metric(out, 'com.example.ParseBench/parse(size=10) [thrpt]//gc.alloc.rate.norm');
  assert.equal(norm.value, 48);
  assert.equal(norm.unit, 'B');
  assert.equal(norm.direction, -1);
  const rate = metric(out, 'com.example.ParseBench/parse(size=10) [thrpt]//gc.alloc.rate');
  assertClose(rate.value, 56.25 * 1024 * 1024);
  assert.equal(rate.unit, 'B/s');
  assert.equal(rate.direction, 0);
  const count = metric(out, 'com.example.ParseBench/parse(size=10) [thrpt]//gc.count');
  assert.equal(count.unit, 'counts');
  assert.equal(count.direction, undefined);
  assertClose(metric(out, 'com.example.ParseBench/parse(size=10) [thrpt]//gc.time').value, 4e-3);
  assert.equal(out.failures.length, 1);
  assert.match(out.failures[0]?.message ?? '', /parseEmpty.*NaN/);
});

test('jmh fails on a score that is not a number, with its JSON path', () => {
  assertAdapterError(() => parseFixture(jmh, 'jmh/bad-score.json'), { code: 'ADAPTER_PARSE_FAILED', path: '[0].primaryMetric.score', source: 'jmh/bad-score.json' });
});

test('jmh detects its JSON only', { skip }, () => {
  for (const file of ['throughput.json', 'latency.json', 'six.json']) assert.equal(jmh.detect(readReal(`jmh/${file}`)), true, file);
  assert.equal(jmh.detect(readReal('google-benchmark/two.json')), false);
});
