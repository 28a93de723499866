import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, makeProject, runCli } from '../../helpers/cli.ts';
import { createSampleRepo, type SampleRepo } from '../../../runner/demo/create-sample-repo.ts';
import { sampleHistory } from '../../../runner/demo/sample-history.ts';
import { loadConfig } from '../../../runner/config/load-config.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { loadModel } from '../../../runner/bisect/load-model.ts';

/** Measures main's newest `last` commits, and the `early` commits up to `upTo`, leaving the ones between unmeasured. */
async function measureEnds(dir: string, config: string, upTo: string, early: number, last: number): Promise<void> {
  git(dir, 'branch', '-f', 'early', upTo);
  // Beside pitwall.yaml: scripts are found relative to the config's folder.
  const earlyConfig = join(dir, 'early.yaml');
  writeFileSync(earlyConfig, `mainBranch: early\n${config}`);
  for (const args of [['--config', earlyConfig, '--last', String(early)], ...(last > 0 ? [['--last', String(last)]] : [])]) {
    const result = await runCli(['backfill', '--no-push', ...args], { cwd: dir, timeoutMs: 300_000 });
    assert.equal(result.code, 0, result.stderr);
  }
}

describe('bisect on the sample project, whose history has real changes in an unmeasured range', { timeout: 600_000 }, () => {
  let root: string;
  let sample: SampleRepo;
  const slowdown = sampleHistory.findIndex((s) => s.effect?.kind === 'regression' && s.effect.metrics.includes('tokenize/long'));
  const shift = sampleHistory.findIndex((s) => s.effect?.kind === 'shift' && s.effect.metrics.includes('search/and//visited'));
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'pitwall-bisect-'));
    sample = await createSampleRepo(join(root, 'repo'));
    // Commits 1-10 and 20-21 measured; 11-19 (the stop-word slowdown is 14) never.
    const config = readFileSync(join(sample.dir, 'pitwall.yaml'), 'utf8');
    await measureEnds(sample.dir, config, sample.commits[9]!, 10, 0);
    git(sample.dir, 'branch', '-f', 'upto21', sample.commits[20]!);
    writeFileSync(join(root, 'upto21.yaml'), `mainBranch: upto21\n${config}`);
    const late = await runCli(['backfill', '--no-push', '--config', join(root, 'upto21.yaml'), '--last', '2'], { cwd: sample.dir, timeoutMs: 300_000 });
    assert.equal(late.code, 0, late.stderr);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('the history has the slowdown in the unmeasured range and the plural folding at its end', () => {
    assert.ok(slowdown > 9 && slowdown < 19, `slowdown at commit ${slowdown + 1}`);
    assert.equal(shift, 19, 'plural folding is commit 20');
  });

  test('bisect pins the deterministic change of visited postings to the plural folding, measuring only the middle', async () => {
    const result = await runCli(['bisect', '--metric', 'search/and//visited', '--good', sample.commits[9]!, '--bad', sample.commits[19]!, '--no-push'], { cwd: sample.dir, timeoutMs: 300_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split(' ')[0], sample.commits[shift], result.stderr);
    assert.match(result.stderr, /over the 9 commits between .* \(9 unmeasured\)/);
    assert.equal(result.stderr.match(/step \d+:/g)?.length, 4, 'about log2(10) steps');
  });

  test('bisect pins the stop-word slowdown (timing) to its commit', async (t) => {
    const load = os.loadavg()[0]! / os.cpus().length;
    if (load > 3) {
      t.skip(`the machine runs ${load.toFixed(1)} processes per core: timings cannot tell the levels apart`);
      return;
    }
    const result = await runCli(['bisect', '--metric', 'tokenize/long', '--good', sample.commits[9]!, '--bad', sample.commits[19]!, '--no-push'], { cwd: sample.dir, timeoutMs: 300_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split(' ')[0], sample.commits[slowdown], result.stderr);
    assert.match(result.stderr, /run(s)? per step: the levels are [\d.]+ σ apart/);
    const config = await loadConfig({ cwd: sample.dir, env: {} });
    const { model } = await loadModel(await openResultsRepo({ dir: sample.dir, branch: config.branch }), config);
    const series = model.details.find((d) => d.id === 'demo-machine/core/tokenize/long')!;
    const at = (i: number) => model.commits.findIndex((c) => c.sha === sample.commits[i]);
    assert.ok(series.points.some((p) => p.c === at(slowdown)) && series.points.some((p) => p.c === at(slowdown - 1)), 'the culprit and its parent are measured');
  });

  test('bisect --list prints the id of each confirmed change that spans unmeasured commits', async () => {
    const list = await runCli(['bisect', '--list'], { cwd: sample.dir });
    assert.equal(list.code, 0, list.stderr);
    const rows = list.stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
    for (const row of rows) assert.match(row, /^demo-machine\/core\/\S+@[0-9a-f]{12} +[-+][\d.]+ % +\d+$/, row);
  });
});

// A suite that reports the number in VALUE, with a little deterministic jitter.
const BENCH = '#!/bin/sh\necho "{\\"metric\\":\\"work\\",\\"value\\":$(cat "$1/VALUE")}" > "$2"\n';
const CONFIG = 'machine: m1\nsuites:\n  - name: core\n    script: bench/run.sh\n';
const JITTER = [1, 1.006, 0.995, 1.003, 0.998, 1.004, 0.996, 1.002];

describe('bisect on a synthetic history', { timeout: 200_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  const shas: string[] = [];
  // Eight commits at 10, three unmeasured at 10, 15 and 20 (two changes), eight at 20.
  const levels = [...Array(8).fill(10), 10, 15, 20, ...Array(8).fill(20)] as number[];
  before(async () => {
    ({ dir, cleanup } = makeProject({ 'pitwall.yaml': CONFIG, 'bench/run.sh': BENCH, VALUE: String(levels[0]) }, ['bench/run.sh']));
    shas.push(git(dir, 'rev-parse', 'HEAD').trim());
    for (let i = 1; i < levels.length; i++) {
      writeFileSync(join(dir, 'VALUE'), String((levels[i]! * JITTER[i % JITTER.length]!).toFixed(4)));
      git(dir, 'commit', '-q', '-am', `Commit ${i + 1}`);
      shas.push(git(dir, 'rev-parse', 'HEAD').trim());
    }
    await measureEnds(dir, CONFIG, shas[7]!, 8, 8);
  });
  after(() => cleanup());

  test('a step that fits neither level stops the bisection with a clear message, keeping its runs', async () => {
    const result = await runCli(['bisect', '--metric', 'work', '--good', shas[7]!, '--bad', shas[11]!, '--no-push'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`error: Cannot pin the change of work: commit ${shas[9]!.slice(0, 7)} measures 15`));
    assert.match(result.stderr, /hint: .*more than one change/);
    assert.match(git(dir, 'log', '--oneline', 'results', '-1'), new RegExp(`@ ${shas[9]!.slice(0, 7)}`), 'the ambiguous step is committed');
  });

  test('after an ambiguous step, bisect --metric --good --bad pins each half to its commit', async () => {
    const upper = await runCli(['bisect', '--metric', 'm1/core/work', '--good', shas[9]!, '--bad', shas[11]!, '--no-push'], { cwd: dir });
    assert.equal(upper.code, 0, upper.stderr);
    assert.equal(upper.stdout.split(' ')[0], shas[10]);
    const lower = await runCli(['bisect', '--metric', 'work', '--good', shas[7]!, '--bad', shas[9]!, '--no-push'], { cwd: dir });
    assert.equal(lower.code, 0, lower.stderr);
    assert.equal(lower.stdout.split(' ')[0], shas[9]);
    assert.match(lower.stderr, /step 1: .*Commit 9: 10(\.\d+)? from 1 run .*before the change/);
  });

  test('wrong order, revisions not on main, unknown ids and metrics are usage errors', async () => {
    git(dir, 'checkout', '-q', '-b', 'topic', shas[9]!);
    writeFileSync(join(dir, 'VALUE'), '30');
    git(dir, 'commit', '-q', '-am', 'Off main');
    const offMain = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', 'main');
    const cases: [string[], RegExp][] = [
      [['--metric', 'work', '--good', shas[12]!, '--bad', shas[3]!], /newer than the bad revision/],
      [['--metric', 'work', '--good', shas[3]!, '--bad', offMain], /is not on the first-parent history of "main"/],
      [['--metric', 'nope', '--good', shas[3]!, '--bad', shas[12]!], /No series "nope"/],
      [['m1/core/work@abcdef12'], /Unknown change id/],
      [['--good', shas[3]!], /go together/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['bisect', ...args], { cwd: dir });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /hint: /);
    }
  });
});

describe('backfill --bisect-changes', { timeout: 200_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  const shas: string[] = [];
  before(() => {
    ({ dir, cleanup } = makeProject({ 'pitwall.yaml': CONFIG, 'bench/run.sh': BENCH, VALUE: '10' }, ['bench/run.sh']));
    shas.push(git(dir, 'rev-parse', 'HEAD').trim());
    for (let i = 1; i < 24; i++) {
      writeFileSync(join(dir, 'VALUE'), ((i < 9 ? 10 : 20) * JITTER[i % JITTER.length]!).toFixed(4));
      git(dir, 'commit', '-q', '-am', `Commit ${i + 1}`);
      shas.push(git(dir, 'rev-parse', 'HEAD').trim());
    }
  });
  after(() => cleanup());

  test('measures every third commit, then pins the change found between two of them', async () => {
    const result = await runCli(['backfill', '--no-push', '--every', '3', '--bisect-changes'], { cwd: dir, timeoutMs: 170_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /measuring 8 of 24 commits/);
    assert.match(result.stderr, new RegExp(`culprit: ${shas[9]!.slice(0, 7)} Commit 10`));
    assert.match(result.stderr, /bisected 1 change/);
    const list = await runCli(['bisect', '--list'], { cwd: dir });
    assert.match(list.stdout, /No confirmed change on m1 spans unmeasured commits/);
  });
});
