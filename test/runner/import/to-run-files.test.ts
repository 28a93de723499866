import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRunFiles } from '../../../runner/import/to-run-files.ts';
import type { ImportedRun } from '../../../runner/import/imported-run.ts';
import { makeSourceFingerprint } from '../../../runner/import/source-fingerprint.ts';
import { parseRunFile } from '../../../results/schema.ts';
import { isRunFile } from '../../../results/layout.ts';

function importedRun(time: string, overrides: Partial<ImportedRun> = {}): ImportedRun {
  return {
    suite: 'rust-benchmark',
    sourceSuite: 'Rust Benchmark',
    machine: 'imported',
    commit: '45d78258e495044a551046f50604da3c893052ce',
    time,
    commitInfo: { subject: 'add example', author: 'Ana <ana@example.com>', time: '2019-11-09T15:06:58.000Z', parents: [] },
    fingerprint: makeSourceFingerprint('imported'),
    suiteConfig: { command: 'github-action-benchmark "Rust Benchmark" (tool cargo)', repeat: 1, warmup: 0, timeoutSeconds: 0, hash: 'h' },
    measurements: [{ metric: 'bench_fib_10', value: 2.54e-7, unit: 's', direction: -1 }, { metric: 'x', value: 2, unit: null, direction: 1, samples: [1, 2, 3] }],
    origin: 'entries["Rust Benchmark"][0]',
    ...overrides,
  };
}

test('planRunFiles puts each run at the path of its machine, time, commit and suite, as valid run files', () => {
  const [planned] = planRunFiles([importedRun('2019-11-09T15:09:00.323Z')], '0.1.0');
  assert.equal(planned?.path, 'runs/imported/2019-11/09/20191109T150900Z-45d7825-rust-benchmark.jsonl');
  assert.ok(isRunFile(planned?.path ?? ''));
  const parsed = parseRunFile(planned?.content ?? '', planned?.path ?? '');
  assert.equal(parsed.run.run, 'imported/20191109T150900Z-45d7825-rust-benchmark');
  assert.equal(parsed.run.status, 'ok');
  assert.equal(parsed.run.metrics, 2);
  assert.equal(parsed.run.branch, null);
  assert.equal(parsed.run.pitwall, '0.1.0');
  assert.deepEqual(parsed.measurements.map((m) => [m.metric, m.value, m.unit, m.direction, m.samples, m.run, m.time]), [
    ['bench_fib_10', 2.54e-7, 's', -1, undefined, parsed.run.run, '2019-11-09T15:09:00.323Z'],
    ['x', 2, null, 1, [1, 2, 3], parsed.run.run, '2019-11-09T15:09:00.323Z'],
  ]);
});

test('planRunFiles numbers runs of one suite and commit within the same second in source order, the same every time', () => {
  const runs = [importedRun('2019-11-09T15:09:00.100Z'), importedRun('2019-11-09T15:09:00.900Z'), importedRun('2019-11-09T15:09:00.500Z')];
  const first = planRunFiles(runs, '0.1.0').map((p) => p.path);
  assert.deepEqual(first.map((p) => p.slice(p.lastIndexOf('/') + 1)), [
    '20191109T150900Z-45d7825-rust-benchmark.jsonl',
    '20191109T150900Z-45d7825-rust-benchmark-2.jsonl',
    '20191109T150900Z-45d7825-rust-benchmark-3.jsonl',
  ]);
  assert.deepEqual(planRunFiles(runs, '0.1.0').map((p) => p.path), first);
});
