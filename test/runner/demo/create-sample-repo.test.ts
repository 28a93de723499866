import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSampleRepo, parseGitTime } from '../../../runner/demo/create-sample-repo.ts';
import { sampleHistory } from '../../../runner/demo/sample-history.ts';
import { loadConfig } from '../../../runner/config/load-config.ts';
import { isPitwallError } from '../../../results/errors.ts';
import { createSampleFixture, findNativeGit } from './sample-fixture.ts';
import type { SampleFixture } from './sample-fixture.ts';

const execFileAsync = promisify(execFile);
const hasGit = findNativeGit();
const noGit = hasGit ? false : 'native git is not installed';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
}

function subject(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}

describe('createSampleRepo', () => {
  let fixture: SampleFixture;
  const progress: string[] = [];

  before(async () => {
    fixture = await createSampleFixture();
  });
  after(() => fixture.remove());

  test('creates one commit per step of the sample history on main, oldest first', () => {
    assert.ok(sampleHistory.length >= 25 && sampleHistory.length <= 35, `${sampleHistory.length} steps`);
    assert.equal(fixture.repo.commits.length, sampleHistory.length);
    assert.equal(fixture.repo.branch, 'main');
    assert.equal(new Set(fixture.repo.commits).size, fixture.repo.commits.length);
  });

  test('native git finds the repository intact, on main, with a clean working tree', { skip: noGit }, () => {
    const dir = fixture.repo.dir;
    git(dir, 'fsck', '--strict', '--no-progress');
    assert.equal(git(dir, 'symbolic-ref', 'HEAD').trim(), 'refs/heads/main');
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.deepEqual(git(dir, 'rev-list', '--reverse', 'main').trim().split('\n'), fixture.repo.commits);
  });

  test('git log shows each step with its message, author and date', { skip: noGit }, () => {
    const log = git(fixture.repo.dir, 'log', '--reverse', '--format=%an <%ae>|%aI|%cI|%B%x00', 'main');
    const entries = log.split('\0\n').filter((e) => e.trim() !== '');
    assert.equal(entries.length, sampleHistory.length);
    for (const [i, step] of sampleHistory.entries()) {
      const [who, authored, committed, ...body] = (entries[i] ?? '').split('|');
      assert.equal(who, `${step.author.name} <${step.author.email}>`);
      assert.equal(authored, step.date);
      assert.equal(committed, step.date);
      assert.equal(body.join('|').trimEnd(), step.message);
    }
    assert.match(subject(sampleHistory[0]?.message ?? ''), /^Initial commit/);
  });

  test('the history spans several weeks in date order, by several authors', () => {
    const times = sampleHistory.map((step) => Date.parse(step.date));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const days = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 86_400_000;
    assert.ok(days >= 28 && days <= 56, `${days} days`);
    assert.ok(new Set(sampleHistory.map((step) => step.author.email)).size >= 3);
  });

  test('bench/run.mjs is executable in every commit', { skip: noGit }, () => {
    for (const commit of [fixture.repo.commits[0], fixture.repo.commits.at(-1)]) {
      assert.match(git(fixture.repo.dir, 'ls-tree', commit ?? '', 'bench/run.mjs'), /^100755 blob /);
    }
  });

  test('the working tree holds the files of the last commit', async () => {
    const readme = await readFile(path.join(fixture.repo.dir, 'README.md'), 'utf8');
    assert.equal(readme, sampleHistory.findLast((step) => step.files['README.md'] !== undefined)?.files['README.md']);
    assert.ok(((await stat(path.join(fixture.repo.dir, 'bench', 'run.mjs'))).mode & 0o111) !== 0);
  });

  test('pitwall.yaml of the sample loads as a valid config with the core suite', async () => {
    const config = await loadConfig({ cwd: fixture.repo.dir, env: { PATH: process.env['PATH'] }, setup: {} });
    assert.equal(config.branch, 'results');
    assert.equal(config.machine, 'demo-machine');
    assert.deepEqual(config.suites.map((s) => [s.name, s.command, s.repeat]), [['core', 'node "$1/bench/run.mjs" "$1" "$2"', 3]]);
  });

  test("the sample library's own tests pass at the last commit", async () => {
    const tree = await fixture.checkout(fixture.repo.commits.at(-1) ?? '');
    // Without NODE_TEST_CONTEXT the child reports on stdout instead of to this test runner.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const { stdout } = await execFileAsync(process.execPath, ['--test', '--test-reporter=tap'], { cwd: tree, env, timeout: 60_000 });
    assert.match(stdout, /^# fail 0$/m);
    assert.match(stdout, /^# pass [1-9]\d+$/m);
  });

  test('reports one line of progress per commit', async () => {
    const dir = path.join(fixture.root, 'progress');
    await createSampleRepo(dir, { onProgress: (text) => progress.push(text) });
    assert.equal(progress.length, sampleHistory.length);
    assert.match(progress[0] ?? '', /^commit 1\/\d+ [0-9a-f]{7} Initial commit/);
  });
});

describe('createSampleRepo output directory', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pitwall-demo-dir-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  const steps = sampleHistory.slice(0, 2);

  test('replaces an earlier demo repository, giving the same commits', async () => {
    const dir = path.join(root, 'again');
    const first = await createSampleRepo(dir, { steps });
    await writeFile(path.join(dir, 'left-over.txt'), 'from the earlier demo');
    const second = await createSampleRepo(dir, { steps });
    assert.deepEqual(second.commits, first.commits);
    await assert.rejects(stat(path.join(dir, 'left-over.txt')), { code: 'ENOENT' });
  });

  test('creates missing parent directories and accepts an empty directory', async () => {
    const nested = await createSampleRepo(path.join(root, 'a', 'b', 'repo'), { steps });
    assert.equal(nested.commits.length, 2);
    await mkdir(path.join(root, 'empty'));
    assert.equal((await createSampleRepo(path.join(root, 'empty'), { steps })).commits.length, 2);
  });

  test('refuses a non-empty directory that is not an earlier demo, and leaves it alone', async () => {
    const dir = path.join(root, 'precious');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'keep me');
    await assert.rejects(createSampleRepo(dir, { steps }), (error) => isPitwallError(error) && error.code === 'DEMO_DIR_NOT_EMPTY' && error.hint !== undefined);
    assert.equal(await readFile(path.join(dir, 'notes.txt'), 'utf8'), 'keep me');
  });

  test('refuses a git repository that is not an earlier demo', { skip: noGit }, async () => {
    const dir = path.join(root, 'other-repo');
    execFileSync('git', ['init', '-q', dir]);
    await assert.rejects(createSampleRepo(dir, { steps }), (error) => isPitwallError(error) && error.code === 'DEMO_DIR_NOT_EMPTY');
  });

  test('refuses a path that is a file', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(createSampleRepo(file, { steps }), (error) => isPitwallError(error) && error.code === 'DEMO_DIR_NOT_DIRECTORY');
  });
});

describe('parseGitTime', () => {
  test('gives seconds since the epoch and the offset in git convention', () => {
    assert.deepEqual(parseGitTime('2026-08-03T10:12:00+02:00'), { timestamp: Date.parse('2026-08-03T08:12:00Z') / 1000, timezoneOffset: -120 });
    assert.deepEqual(parseGitTime('2026-08-12T13:45:00+05:30'), { timestamp: Date.parse('2026-08-12T08:15:00Z') / 1000, timezoneOffset: -330 });
    assert.deepEqual(parseGitTime('2026-08-12T13:45:00-04:00').timezoneOffset, 240);
    assert.deepEqual(parseGitTime('2026-08-12T13:45:00Z').timezoneOffset, 0);
  });

  test('rejects a date without an offset', () => {
    assert.throws(() => parseGitTime('2026-08-03 10:12'), (error) => isPitwallError(error) && error.code === 'DEMO_BAD_DATE');
  });
});
