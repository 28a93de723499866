import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gab } from '../../../runner/import/gab.ts';
import type { SourceRead } from '../../../runner/import/imported-run.ts';
import { AWKWARD_METRIC, formatGabDataJs, makeGabData, REAL_GAB, SHA, skipWithoutRealGab } from './fixtures.ts';

function withFile(t: { after: (fn: () => void) => void }, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-gab-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function findRun(read: SourceRead, suite: string, commit: string) {
  const run = read.runs.find((r) => r.suite === suite && r.commit === commit);
  assert.ok(run, `no run of ${suite} at ${commit}`);
  return run;
}

test('gab reads each entry of data.js as a run of its suite, at the entry date, in base units', async (t) => {
  const file = withFile(t, 'data.js', formatGabDataJs(makeGabData()));
  const read = await gab.read(file, { suitePrefix: '' });
  assert.deepEqual(read.suites, [
    { suite: 'rust-benchmark', sourceSuite: 'Rust Benchmark' },
    { suite: 'benchmark.js-benchmark', sourceSuite: 'Benchmark.js Benchmark' },
    { suite: 'custom-bigger', sourceSuite: 'Custom Bigger' },
  ]);
  assert.equal(read.runs.length, 5);
  const rust = findRun(read, 'rust-benchmark', SHA.a);
  assert.equal(rust.machine, 'imported');
  assert.equal(rust.time, '2026-01-01T00:00:00.000Z');
  assert.deepEqual(rust.commitInfo, { subject: 'First change', author: 'Ana <ana@example.com>', time: '2026-01-01T00:00:00.000Z', parents: [] });
  assert.deepEqual(rust.measurements, [
    { metric: 'bench_fib_10', value: 2.54e-7, unit: 's', direction: -1 },
    { metric: AWKWARD_METRIC, value: 1.5e-6, unit: 's', direction: -1 },
  ]);
  assert.match(rust.suiteConfig.command, /"Rust Benchmark" \(tool cargo\)/);
});

test('gab takes the direction from the unit, then from the tool, and a custom tool says it outright', async (t) => {
  const file = withFile(t, 'data.js', formatGabDataJs(makeGabData()));
  const read = await gab.read(file, { suitePrefix: '' });
  assert.deepEqual(findRun(read, 'benchmark.js-benchmark', SHA.a).measurements, [{ metric: 'fib(10)', value: 1594568, unit: 'ops/s', direction: 1 }]);
  assert.deepEqual(findRun(read, 'custom-bigger', SHA.c).measurements, [
    { metric: 'cache hit rate', value: 31, unit: 'Percent', direction: 1 },
    { metric: 'glued', value: 0.000040052, unit: 's', direction: 1 },
  ]);
});

test('gab skips an entry without benches and leaves out an invalid value, naming the entry and the bench', async (t) => {
  const file = withFile(t, 'data.js', formatGabDataJs(makeGabData()));
  const read = await gab.read(file, { suitePrefix: '' });
  assert.equal(read.skipped.length, 1);
  assert.equal(read.skipped[0]?.suite, 'benchmark.js-benchmark');
  assert.match(read.skipped[0]?.origin ?? '', /^entries\["Benchmark\.js Benchmark"\]\[1\] \(bbbbbbb, 2026-01-02T00:01:40Z\)$/);
  assert.equal(read.invalidValues.length, 1);
  assert.equal(read.invalidValues[0]?.benchmark, 'fib(20)');
  assert.match(read.invalidValues[0]?.origin ?? '', /^entries\["Benchmark\.js Benchmark"\]\[0\]/);
  assert.ok(read.notes.some((n) => n.includes('"range" of 5 benches')), read.notes.join('\n'));
  assert.ok(read.notes.some((n) => n.includes('"extra" text of 1 bench:')), read.notes.join('\n'));
  assert.ok(read.notes.some((n) => n.includes('first word')), read.notes.join('\n'));
});

test('gab reads data.json without the script prefix, with --machine and a suite prefix', async (t) => {
  const file = withFile(t, 'data.json', JSON.stringify(makeGabData()));
  assert.equal(gab.detect({ path: file, isDirectory: false, head: readFileSync(file, 'utf8').slice(0, 4096), names: [] }), true);
  const read = await gab.read(file, { suitePrefix: 'gab-', machine: 'ci' });
  assert.deepEqual(read.suites.map((s) => s.suite), ['gab-rust-benchmark', 'gab-benchmark.js-benchmark', 'gab-custom-bigger']);
  assert.ok(read.runs.every((r) => r.machine === 'ci' && r.fingerprint.hostname === 'ci'));
});

test('gab reports a JSON syntax error at the line and column of data.js', async (t) => {
  const text = formatGabDataJs(makeGabData());
  const broken = text.replace('"tool": "cargo",', '"tool": "cargo"');
  const line = broken.slice(0, broken.indexOf('"tool": "cargo"')).split('\n').length + 1;
  const file = withFile(t, 'data.js', broken);
  await assert.rejects(gab.read(file, { suitePrefix: '' }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'IMPORT_INVALID_JSON');
    assert.ok(error.message.includes(`${file}:${line}:`), error.message);
    return true;
  });
});

test('gab reports a column on the first line counted from the start of the file, prefix included', async (t) => {
  const file = withFile(t, 'data.js', 'window.BENCHMARK_DATA = {"entries": x}');
  await assert.rejects(gab.read(file, { suitePrefix: '' }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'IMPORT_INVALID_JSON');
    assert.ok(error.message.includes(`${file}:1:37"`), error.message);
    return true;
  });
});

test('gab refuses an entry without a commit id, with its JSON path', async (t) => {
  const data = makeGabData() as { entries: Record<string, Array<{ commit: Record<string, unknown> }>> };
  delete data.entries['Rust Benchmark']![1]!.commit['id'];
  const file = withFile(t, 'data.js', formatGabDataJs(data));
  await assert.rejects(gab.read(file, { suitePrefix: '' }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'IMPORT_INVALID_SOURCE');
    assert.ok(error.message.includes('entries["Rust Benchmark"][1].commit.id'), error.message);
    return true;
  });
});

test('gab reads the real github-action-benchmark history: every entry a run, units normalised', { skip: skipWithoutRealGab }, async () => {
  const text = readFileSync(REAL_GAB, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'))) as { entries: Record<string, unknown[]> };
  const read = await gab.read(REAL_GAB, { suitePrefix: '' });
  const expected = Object.values(data.entries).reduce((n, entries) => n + entries.length, 0);
  assert.equal(read.runs.length + read.skipped.length, expected);
  assert.equal(read.suites.length, Object.keys(data.entries).length);
  const units = new Set(read.runs.flatMap((r) => r.measurements.map((m) => m.unit)));
  assert.deepEqual([...units].sort(), ['auxMetricUnits', 'ops/s', 's']);
  for (const run of read.runs) assert.match(run.commitInfo.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});
