import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asv, ASV_SUBJECT } from '../../../runner/import/asv.ts';
import { REAL_ASV, SHA, skipWithoutRealAsv, writeAsvProject } from './fixtures.ts';

function makeDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-asv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('asv reads each result file as a run: machine from its folder, suite = environment, samples kept', async (t) => {
  const dir = makeDir(t);
  writeAsvProject(dir);
  const read = await asv.read(dir, { suitePrefix: '' });
  assert.deepEqual(read.suites, [{ suite: 'virtualenv-py3.12', sourceSuite: 'virtualenv-py3.12' }]);
  assert.equal(read.runs.length, 2);
  const [first] = read.runs;
  assert.equal(first?.machine, 'ci-runner');
  assert.equal(first?.commit, SHA.a);
  assert.equal(first?.time, new Date(1767300000000).toISOString());
  assert.deepEqual(first?.commitInfo, { subject: ASV_SUBJECT, author: 'unknown', time: new Date(1767225600000).toISOString(), parents: [] });
  assert.deepEqual(first?.measurements, [
    { metric: 'benchmarks.Parse/time_parse', value: 0.002, unit: 's', direction: -1, samples: [0.0021, 0.002, 0.0019] },
    { metric: 'benchmarks.Queue/track_depth', value: 12, unit: 'items', direction: -1 },
  ]);
});

test('asv takes the machine facts asv copied into the result file for the fingerprint', async (t) => {
  const dir = makeDir(t);
  writeAsvProject(dir);
  const read = await asv.read(dir, { suitePrefix: '' });
  const fp = read.runs[0]?.fingerprint;
  assert.equal(fp?.cpuModel, 'AMD EPYC 7B13');
  assert.equal(fp?.cores, 2);
  assert.equal(fp?.memoryBytes, 8137624 * 1024);
  assert.equal(fp?.hostname, 'ci-runner');
  assert.equal(read.runs[1]?.fingerprint.id, fp?.id);
});

test('asv lists a failed benchmark as an invalid value and keeps the rest of its run', async (t) => {
  const dir = makeDir(t);
  writeAsvProject(dir);
  const read = await asv.read(dir, { suitePrefix: '' });
  assert.equal(read.invalidValues.length, 1);
  assert.match(read.invalidValues[0]?.message ?? '', /benchmarks\.Broken[./]time_crash/);
  assert.match(read.invalidValues[0]?.origin ?? '', /aaaaaaa1-virtualenv-py3\.12\.json$/);
  assert.equal(read.runs[0]?.measurements.length, 2);
});

test('asv reads the results folder itself, and --machine overrides the folder name', async (t) => {
  const dir = makeDir(t);
  writeAsvProject(dir);
  const read = await asv.read(join(dir, 'results'), { suitePrefix: 'py-', machine: 'bench-1' });
  assert.deepEqual(read.runs.map((r) => [r.machine, r.suite]), [['bench-1', 'py-virtualenv-py3.12'], ['bench-1', 'py-virtualenv-py3.12']]);
});

test('asv follows results_dir of asv.conf.json', async (t) => {
  const dir = makeDir(t);
  writeAsvProject(dir);
  renameSync(join(dir, 'results'), join(dir, 'stored'));
  writeFileSync(join(dir, 'asv.conf.json'), '{\n  // where results go\n  "results_dir": "stored"\n}\n');
  assert.equal((await asv.read(dir, { suitePrefix: '' })).runs.length, 2);
});

test('asv refuses a results file of format version 1, saying how to upgrade it', async (t) => {
  const dir = makeDir(t);
  writeAsvProject(dir);
  writeFileSync(join(dir, 'results', 'ci-runner', 'cccccccc-py.json'), JSON.stringify({ commit_hash: SHA.c, results: { a: 1 }, version: 1 }));
  await assert.rejects(asv.read(dir, { suitePrefix: '' }), { code: 'IMPORT_INVALID_SOURCE' });
});

test('asv reports a broken result file at its line and column', async (t) => {
  const dir = makeDir(t);
  writeAsvProject(dir);
  const file = join(dir, 'results', 'ci-runner', 'cccccccc-py.json');
  writeFileSync(file, '{\n  "commit_hash": "cc",\n  "date": ,\n}');
  await assert.rejects(asv.read(dir, { suitePrefix: '' }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'IMPORT_INVALID_JSON');
    assert.ok(error.message.includes(`${file}:3:11`), error.message);
    return true;
  });
});

test('asv reads the real django results: 80 runs with samples, one per commit', { skip: skipWithoutRealAsv }, async () => {
  const files = readdirSync(join(REAL_ASV, 'results', 'ubuntu-latest')).filter((n) => n !== 'machine.json');
  const read = await asv.read(REAL_ASV, { suitePrefix: '' });
  assert.equal(read.runs.length, files.length);
  assert.equal(read.runs.length, 80);
  assert.equal(new Set(read.runs.map((r) => r.commit)).size, 80);
  assert.ok(read.runs.every((r) => r.machine === 'ubuntu-latest' && r.suite === 'conda-py3.12' && /^[0-9a-f]{40}$/.test(r.commit)));
  assert.ok(read.runs.every((r) => r.measurements.length > 60 && r.measurements.every((m) => m.unit === 's' && (m.samples?.length ?? 0) >= 2)));
});
