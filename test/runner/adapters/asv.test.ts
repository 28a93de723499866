import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asv } from '../../../runner/adapters/asv.ts';
import { assertAdapterError, assertClose, assertSamplesClose, HISTORIES, metric, metricNames, parseFixture, parseReal, readFixture, readReal, skipWithoutRealOutputs } from './outputs.ts';

const skip = skipWithoutRealOutputs;
const DJANGO = join(HISTORIES, 'django-asv', 'asv-results', 'results', 'ubuntu-latest');
const skipWithoutDjango = existsSync(DJANGO) ? false : 'the django-asv results are not here (expected ../shared/data/histories/django-asv beside the repository)';

test('asv reads asv run console lines: times in s, sizes in B, failures with their lines', { skip }, () => {
  const out = parseReal(asv, 'asv-console/six.txt');
  assert.deepEqual(metricNames(out), [
    'benchmarks.MemSuite/mem_list', 'benchmarks.TimeSuite/time_iterkeys', 'benchmarks.TimeSuite/time_keys', 'benchmarks.TimeSuite/time_range',
    'benchmarks.TimeSuite/time_xrange', 'benchmarks.MemSuite/mem_list3', 'benchmarks.TimeSuite/time_keys3', 'benchmarks.TimeSuite/time_range3',
  ]);
  assert.deepEqual(metric(out, 'benchmarks.MemSuite/mem_list'), { metric: 'benchmarks.MemSuite/mem_list', value: 2420, unit: 'B', direction: -1 });
  assertClose(metric(out, 'benchmarks.TimeSuite/time_iterkeys').value, 11.1e-6);
  assert.equal(metric(out, 'benchmarks.TimeSuite/time_iterkeys').unit, 's');
  assertClose(metric(out, 'benchmarks.TimeSuite/time_keys3').value, 9.07e-6);
  assertClose(metric(out, 'benchmarks.TimeSuite/time_range3').value, 35.5e-6);
  assert.deepEqual(out.failures.map((f) => f.line), [15, 18]);
  assert.match(out.failures[0]?.message ?? '', /time_iterkeys3/);
});

test('asv refuses a parameter table on the console and points to the results file', () => {
  assertAdapterError(() => parseFixture(asv, 'asv/param-table.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 5, source: 'asv/param-table.txt' });
});

test('asv fails on a console value with an unknown unit, with the line', () => {
  assertAdapterError(() => parseFixture(asv, 'asv/bad-value.txt'), { code: 'ADAPTER_PARSE_FAILED', line: 2 });
});

test('asv reads a results file: one metric per parameter combination, samples, units by name', () => {
  const out = parseFixture(asv, 'asv/params-results.json');
  assert.deepEqual(metricNames(out), [
    "benchmarks.Sorting/time_sort(100, 'list')",
    "benchmarks.Sorting/time_sort(100, 'array')",
    "benchmarks.Sorting/time_sort(1000, 'array')",
    'benchmarks.Memory/mem_table',
    'benchmarks.Tracking/track_queue_depth',
  ]);
  const list = metric(out, "benchmarks.Sorting/time_sort(100, 'list')");
  assert.equal(list.value, 0.00012);
  assert.deepEqual(list.samples, [0.000119, 0.00012, 0.000121]);
  assert.equal(list.unit, 's');
  assert.equal(list.direction, -1);
  assert.deepEqual(metric(out, "benchmarks.Sorting/time_sort(1000, 'array')").samples, [0.00418, 0.0042, 0.00422]);
  assert.deepEqual(metric(out, 'benchmarks.Memory/mem_table'), { metric: 'benchmarks.Memory/mem_table', value: 4096, unit: 'B', direction: -1 });
  assert.deepEqual(metric(out, 'benchmarks.Tracking/track_queue_depth'), { metric: 'benchmarks.Tracking/track_queue_depth', value: 12, direction: -1 });
  assert.equal(out.failures.length, 2);
  assert.match(out.failures[0]?.message ?? '', /time_sort\(1000, 'list'\)/);
  assert.match(out.failures[1]?.message ?? '', /time_crash/);
});

test('asv refuses results files of another format version, at "version"', () => {
  assertAdapterError(() => parseFixture(asv, 'asv/version1.json'), { code: 'ADAPTER_PARSE_FAILED', path: 'version', source: 'asv/version1.json' });
});

test('asv reads a real Django results file with its samples', { skip: skipWithoutDjango }, () => {
  const source = join(DJANGO, '03988c5a-conda-py3.12.json');
  const out = asv.parse(readFileSync(source, 'utf8'), source);
  assert.equal(out.measurements.length, 66);
  const dict = metric(out, 'data_struct_benchmarks.multi_value_dict.benchmark.MultiValueDictBench/time_multi_value_dict');
  assert.equal(dict.value, 0.20034240950002413);
  assert.equal(dict.samples?.length, 10);
  assert.equal(dict.samples?.[0], 0.1820378509999614);
  assert.equal(dict.unit, 's');
  assertClose(metric(out, 'form_benchmarks.form_clean.benchmark.FormClean/time_form_clean').value, 2.4982000013551442e-05);
  assertSamplesClose(metric(out, 'form_benchmarks.form_clean.benchmark.FormClean/time_form_clean').samples?.slice(0, 2), [2.4797000037324324e-05, 3.6354000030769384e-05]);
});

test('asv reads every real Django results file', { skip: skipWithoutDjango }, () => {
  const files = readdirSync(DJANGO).filter((f) => f.endsWith('-conda-py3.12.json'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const text = readFileSync(join(DJANGO, file), 'utf8');
    assert.equal(asv.detect(text), true, file);
    const out = asv.parse(text, file);
    assert.ok(out.measurements.length > 0, file);
  }
});

test('asv detects results files and console output', { skip }, () => {
  assert.equal(asv.detect(readReal('asv-console/six.txt')), true);
  assert.equal(asv.detect(readFixture('asv/params-results.json')), true);
  assert.equal(asv.detect(readReal('benchmarkjs/four.txt')), false);
});
