import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, git, makeProject } from '../../helpers/cli.ts';
import { AWKWARD_METRIC, formatGabDataJs, makeGabData, REAL_ASV, REAL_GAB, SHA, skipWithoutRealAsv, skipWithoutRealGab, writeAsvProject } from '../import/fixtures.ts';
import type { ImportSummary } from '../../../runner/import/summary.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { readHistory } from '../../../results/store/read-history.ts';
import { parseRunFile } from '../../../results/schema.ts';

const CONFIG = { 'pitwall.yaml': 'suites: []\n' };

function runFiles(dir: string): string[] {
  return git(dir, 'ls-tree', '-r', '--name-only', 'results').trim().split('\n').filter((p) => p.endsWith('.jsonl'));
}

function readRun(dir: string, path: string) {
  return parseRunFile(git(dir, 'show', `results:${path}`), path);
}

/** What a user's checkout looks like: HEAD, index and working tree; an import must leave all three alone. */
function checkoutState(dir: string): string {
  return [git(dir, 'rev-parse', 'HEAD'), git(dir, 'status', '--porcelain', '--untracked-files=all'), git(dir, 'diff', '--cached', '--stat')].join('|');
}

test('pitwall import reads a data.js into runs per entry, in few commits, touching no checkout file', async (t) => {
  const { dir, cleanup } = makeProject({ ...CONFIG, 'history/data.js': formatGabDataJs(makeGabData()) });
  t.after(cleanup);
  const before = checkoutState(dir);
  const result = await runCli(['import', 'history/data.js', '--json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as ImportSummary;
  assert.deepEqual(summary.runs, { read: 6, imported: 5, alreadyImported: 0, skipped: 1 });
  assert.deepEqual(summary.suites.map((s) => [s.suite, s.sourceSuite, s.imported, s.skipped, s.invalidValues]), [
    ['rust-benchmark', 'Rust Benchmark', 2, 0, 0],
    ['benchmark.js-benchmark', 'Benchmark.js Benchmark', 2, 1, 1],
    ['custom-bigger', 'Custom Bigger', 1, 0, 0],
  ]);
  assert.equal(summary.invalidValues[0]?.benchmark, 'fib(20)');
  assert.match(result.stderr, /imported 5\/5 runs/);
  assert.equal(checkoutState(dir), before);

  const files = runFiles(dir);
  assert.equal(files.length, 5);
  const rust = files.find((f) => f.endsWith(`-${SHA.a.slice(0, 7)}-rust-benchmark.jsonl`)) ?? '';
  assert.equal(rust, 'runs/imported/2026-01/01/20260101T000000Z-aaaaaaa-rust-benchmark.jsonl');
  const { run, measurements } = readRun(dir, rust);
  assert.equal(run.commitInfo.subject, 'First change');
  assert.deepEqual(measurements.map((m) => [m.metric, m.value, m.unit]), [['bench_fib_10', 2.54e-7, 's'], [AWKWARD_METRIC, 1.5e-6, 's']]);
  assert.deepEqual(git(dir, 'log', '--format=%s', 'results').trim().split('\n'), [
    'import 5 runs of 3 suites from github-action-benchmark (2026-01-01 .. 2026-01-03)',
  ]);
  assert.match(git(dir, 'log', '-1', '--format=%b', 'results'), /rust-benchmark \("Rust Benchmark"\): 2/);
});

test('pitwall import a second time adds nothing and counts every run as already imported', async (t) => {
  const { dir, cleanup } = makeProject({ ...CONFIG, 'data.js': formatGabDataJs(makeGabData()) });
  t.after(cleanup);
  assert.equal((await runCli(['import', 'data.js'], { cwd: dir })).code, 0);
  const tip = git(dir, 'rev-parse', 'results').trim();
  const again = await runCli(['import', 'data.js'], { cwd: dir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(git(dir, 'rev-parse', 'results').trim(), tip);
  assert.match(again.stdout, /^Imported 0 runs of 3 suites .*; 5 already imported, 1 skipped\./);
  assert.match(again.stdout, /Skipped runs:\n {2}entries\["Benchmark\.js Benchmark"\]\[1\] .*: the entry has no benches/);
  assert.match(again.stdout, /bench "fib\(20\)": value "n\/a" is not a finite number/);

  // A history that grew by one entry imports just that one.
  const data = makeGabData() as { entries: Record<string, unknown[]> };
  const rust = data.entries['Rust Benchmark']!;
  rust.push({ ...(rust[1] as object), date: 1767484800000 });
  writeFileSync(join(dir, 'data.js'), formatGabDataJs(data));
  const grown = JSON.parse((await runCli(['import', 'data.js', '--json'], { cwd: dir })).stdout) as ImportSummary;
  assert.deepEqual(grown.runs, { read: 7, imported: 1, alreadyImported: 5, skipped: 1 });
  assert.equal(git(dir, 'rev-list', '--count', 'results').trim(), '2');
});

test('pitwall import --dry-run reports what it would import and writes nothing', async (t) => {
  const { dir, cleanup } = makeProject({ ...CONFIG, 'data.js': formatGabDataJs(makeGabData()) });
  t.after(cleanup);
  const result = await runCli(['import', 'data.js', '--dry-run', '--machine', 'ci', '--suite-prefix', 'gab-'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Would import 5 runs of 3 suites .*dry run: nothing written/);
  assert.match(result.stdout, /gab-rust-benchmark +Rust Benchmark +2 +2 /);
  assert.equal(git(dir, 'branch', '--list', 'results').trim(), '');
});

test('pitwall import refuses what it cannot read: exit 2 and nothing written', async (t) => {
  const text = formatGabDataJs(makeGabData()).replace('"tool": "cargo",', '"tool": "cargo"');
  const { dir, cleanup } = makeProject({ ...CONFIG, 'broken.js': text, 'other.json': '{"benchmarks": []}\n' });
  t.after(cleanup);
  const broken = await runCli(['import', 'broken.js'], { cwd: dir });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /broken\.js:\d+:\d+/);
  const other = await runCli(['import', 'other.json'], { cwd: dir });
  assert.equal(other.code, 2);
  assert.equal((await runCli(['import', 'broken.js', '--machine', '../x'], { cwd: dir })).code, 2);
  assert.equal((await runCli(['import'], { cwd: dir })).code, 2);
  assert.equal(git(dir, 'branch', '--list', 'results').trim(), '');
});

test('pitwall import of an asv project keeps samples, and log and check read the result', async (t) => {
  const { dir, cleanup } = makeProject(CONFIG);
  t.after(cleanup);
  writeAsvProject(join(dir, 'asv'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'asv results');
  const result = await runCli(['import', 'asv'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const files = runFiles(dir);
  assert.deepEqual(files.map((f) => f.split('/')[1]), ['ci-runner', 'ci-runner']);
  const { measurements } = readRun(dir, files[0]!);
  assert.deepEqual(measurements[0]?.samples, [0.0021, 0.002, 0.0019]);
  const log = await runCli(['log', '--json'], { cwd: dir });
  assert.equal(log.stdout.trim().split('\n').length, 2);
  const check = await runCli(['check'], { cwd: dir });
  assert.equal(check.code, 0, check.stderr + check.stdout);
});

test('readHistory orders imported commits by the code history when it has them, else by their recorded times', async (t) => {
  const { dir, cleanup } = makeProject(CONFIG);
  t.after(cleanup);
  const ids: string[] = [];
  for (const name of ['one', 'two', 'three']) {
    writeFileSync(join(dir, name), name);
    git(dir, 'add', name);
    git(dir, 'commit', '-q', '-m', name);
    ids.push(git(dir, 'rev-parse', 'HEAD').trim());
  }
  // The history lists the third commit first: only git can tell the true order.
  const data = makeGabData({ a: ids[2]!, b: ids[0]!, c: ids[1]! });
  writeFileSync(join(dir, 'data.js'), formatGabDataJs(data));
  assert.equal((await runCli(['import', 'data.js'], { cwd: dir })).code, 0);
  const repo = await openResultsRepo({ dir });
  const byGit = await readHistory(repo, { mainBranch: 'main', cacheFile: null });
  assert.equal(byGit.orderSource, 'git');
  assert.deepEqual(byGit.mainOrder, ids);
  const byTime = await readHistory(repo, { mainBranch: 'trunk', cacheFile: null });
  assert.equal(byTime.orderSource, 'commit-time');
  assert.deepEqual(byTime.mainOrder, [ids[2], ids[0], ids[1]]);
  assert.equal(byTime.runs.length, 5);
});

test('readHistory orders imported commits by their recorded times when main exists but lacks them', async (t) => {
  const { dir, cleanup } = makeProject({ ...CONFIG, 'data.js': formatGabDataJs(makeGabData()) });
  t.after(cleanup);
  assert.equal((await runCli(['import', 'data.js'], { cwd: dir })).code, 0);
  const history = await readHistory(await openResultsRepo({ dir }), { mainBranch: 'main', cacheFile: null });
  assert.deepEqual(history.mainOrder, [SHA.a, SHA.b, SHA.c]);
  assert.equal(history.orderSource, 'commit-time');
});

test('pitwall import of the real github-action-benchmark history: a run per entry and suite, values as in the file', { skip: skipWithoutRealGab }, async (t) => {
  const { dir, cleanup } = makeProject(CONFIG);
  t.after(cleanup);
  const before = checkoutState(dir);
  const result = await runCli(['import', REAL_GAB, '--json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(checkoutState(dir), before);
  const summary = JSON.parse(result.stdout) as ImportSummary;

  const text = readFileSync(REAL_GAB, 'utf8');
  type Entry = { commit: { id: string; message: string; author: { name: string; email: string } }; date: number; benches: { name: string; value: number; unit: string }[] };
  const data = JSON.parse(text.slice(text.indexOf('{'))) as { entries: Record<string, Entry[]> };
  const files = runFiles(dir);
  for (const suite of summary.suites) {
    const expected = data.entries[suite.sourceSuite]?.length;
    assert.equal(suite.imported, expected, suite.sourceSuite);
    assert.equal(files.filter((f) => f.endsWith(`-${suite.suite}.jsonl`)).length, expected, suite.sourceSuite);
  }
  assert.equal(files.length, Object.values(data.entries).reduce((n, e) => n + e.length, 0));

  const first = data.entries['Rust Benchmark']![0]!;
  const rust = files.find((f) => f.includes(new Date(first.date).toISOString().slice(0, 19).replace(/[-:]/g, '')) && f.endsWith('-rust-benchmark.jsonl')) ?? '';
  const { run, measurements } = readRun(dir, rust);
  assert.equal(run.commit, first.commit.id);
  assert.equal(run.commitInfo.subject, first.commit.message.split('\n')[0]);
  assert.equal(run.commitInfo.author, `${first.commit.author.name} <${first.commit.author.email}>`);
  for (const bench of first.benches) {
    const m = measurements.find((x) => x.metric === bench.name);
    assert.ok(m !== undefined && Math.abs(m.value - bench.value * 1e-9) < 1e-15 && m.unit === 's' && m.direction === -1, bench.name);
  }
  const js = data.entries['Benchmark.js Benchmark']!.at(-1)!;
  const jsFile = files.find((f) => f.includes(js.commit.id.slice(0, 7)) && f.endsWith('-benchmark.js-benchmark.jsonl') && f.includes(new Date(js.date).toISOString().slice(0, 10).replace(/-/g, ''))) ?? '';
  const jsRun = readRun(dir, jsFile);
  assert.deepEqual(jsRun.measurements.map((m) => [m.metric, m.value, m.unit, m.direction]), js.benches.map((b) => [b.name, b.value, 'ops/s', 1]));

  const subjects = git(dir, 'log', '--format=%s', 'results').trim().split('\n');
  assert.equal(subjects.length, Math.ceil(files.length / 200));
  assert.ok(subjects.every((s) => /^import \d+ runs of \d+ suites from github-action-benchmark \(\d{4}-\d\d-\d\d \.\. \d{4}-\d\d-\d\d\)$/.test(s)), subjects.join('\n'));

  const tip = git(dir, 'rev-parse', 'results').trim();
  const again = JSON.parse((await runCli(['import', REAL_GAB, '--json'], { cwd: dir })).stdout) as ImportSummary;
  assert.equal(git(dir, 'rev-parse', 'results').trim(), tip);
  assert.equal(again.runs.imported, 0);
  assert.equal(again.runs.alreadyImported, files.length);
  const check = await runCli(['check'], { cwd: dir });
  assert.equal(check.code, 0, check.stderr + check.stdout);
});

test('pitwall import of the real django asv results: 80 runs with samples that check accepts', { skip: skipWithoutRealAsv }, async (t) => {
  const { dir, cleanup } = makeProject(CONFIG);
  t.after(cleanup);
  const result = await runCli(['import', REAL_ASV], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const files = runFiles(dir);
  const count = readdirSync(join(REAL_ASV, 'results', 'ubuntu-latest')).filter((n) => n !== 'machine.json').length;
  assert.equal(files.length, count);
  assert.equal(files.length, 80);
  const { run, measurements } = readRun(dir, files[0]!);
  assert.equal(run.machine, 'ubuntu-latest');
  assert.equal(run.suite, 'conda-py3.12');
  assert.ok(measurements.every((m) => (m.samples?.length ?? 0) > 1));
  assert.equal(git(dir, 'log', '--format=%s', 'results').trim(), 'import 80 runs of "conda-py3.12" from airspeed velocity (2026-06-08 .. 2026-08-22)');
  const check = await runCli(['check'], { cwd: dir });
  assert.equal(check.code, 0, check.stderr + check.stdout);
});
