import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openResultsRepo, type ResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { acquireLock } from '../../../results/store/lock.ts';
import { git, initRepo, makeTempDir, removeDir, sampleRun } from './git-fixtures.ts';

describe('writeRun', () => {
  let dir: string;
  let repo: ResultsRepo;

  before(async () => {
    dir = initRepo(makeTempDir());
    repo = await openResultsRepo({ dir });
  });
  after(() => removeDir(dir));

  it('creates the branch as a root commit the first time', async () => {
    const run = sampleRun('m1', 1);
    const { commit } = await writeRun(repo, { files: [{ path: run.path, content: run.content }], message: 'run 1', time: new Date('2026-11-01T00:00:00Z') });
    assert.equal(git(dir, 'rev-parse', 'results'), commit);
    assert.equal(git(dir, 'rev-list', '--parents', '-n', '1', 'results'), commit, 'a root commit has no parents');
    assert.equal(git(dir, 'log', '-1', '--format=%an <%ae> %at %s', 'results'), `pitwall <pitwall@localhost> ${Date.parse('2026-11-01T00:00:00Z') / 1000} run 1`);
  });

  it('leaves the working tree, the index and HEAD as they were, and native git reads the files back', async () => {
    writeFileSync(path.join(dir, 'staged.txt'), 'staged\n');
    git(dir, 'add', 'staged.txt');
    writeFileSync(path.join(dir, 'dirty.txt'), 'not added\n');
    const status = git(dir, 'status', '--porcelain');
    const index = readFileSync(path.join(dir, '.git', 'index'));
    const head = readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8');
    const headCommit = git(dir, 'rev-parse', 'HEAD');

    const run = sampleRun('m1', 2);
    await writeRun(repo, { files: [{ path: run.path, content: run.content }, { path: run.logPath, content: new TextEncoder().encode(run.log) }], message: 'run 2' });

    assert.equal(git(dir, 'status', '--porcelain'), status);
    assert.deepEqual(readFileSync(path.join(dir, '.git', 'index')), index);
    assert.equal(readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8'), head);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), headCommit);
    assert.equal(git(dir, 'show', `results:${run.path}`) + '\n', run.content);
    assert.equal(git(dir, 'show', `results:${run.logPath}`) + '\n', run.log);
    assert.deepEqual(git(dir, 'log', '--format=%s', 'results').split('\n'), ['run 2', 'run 1']);
    git(dir, 'fsck', '--strict', '--no-dangling');
    assert.deepEqual(readdirSync(path.join(dir, '.git', 'objects')).filter((f) => f.startsWith('tmp_obj_')), [], 'no temporary file is left');
  });

  it('keeps every untouched subtree by oid', async () => {
    const before = git(dir, 'rev-parse', 'results^{tree}');
    const other = sampleRun('m2', 3);
    await writeRun(repo, { files: [{ path: other.path, content: other.content }], message: 'run 3' });
    assert.equal(git(dir, 'rev-parse', 'results:runs/m1'), git(dir, 'rev-parse', `${before}:runs/m1`));
    assert.equal(git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').length, 4);
  });

  it('refuses to overwrite an existing path', async () => {
    const run = sampleRun('m1', 1);
    const tip = git(dir, 'rev-parse', 'results');
    await assert.rejects(writeRun(repo, { files: [{ path: run.path, content: 'other\n' }], message: 'again' }), { code: 'RESULTS_PATH_EXISTS' });
    assert.equal(git(dir, 'rev-parse', 'results'), tip);
  });

  it('refuses a path that is not a plain relative path', async () => {
    for (const bad of ['/abs/x.jsonl', 'runs/../x.jsonl', 'runs//x.jsonl', '.git/config', 'runs/x/']) {
      await assert.rejects(writeRun(repo, { files: [{ path: bad, content: 'x' }], message: 'bad' }), { code: 'INVALID_RESULTS_PATH' }, bad);
    }
  });

  it('writes under a lock the caller holds, and fails while another holder has it', async () => {
    const lock = await acquireLock(repo.gitdir, { purpose: 'test run' });
    try {
      const run = sampleRun('m1', 4);
      await writeRun(repo, { files: [{ path: run.path, content: run.content }], message: 'run 4' }, { locked: true });
      const run5 = sampleRun('m1', 5);
      await writeRun(repo, { files: [{ path: run5.path, content: run5.content }], message: 'run 5' }, { lock });
    } finally {
      await lock.release();
    }
    const run6 = sampleRun('m1', 6);
    await assert.rejects(writeRun(repo, { files: [{ path: run6.path, content: run6.content }], message: 'run 6' }, { locked: true }), { code: 'LOCK_NOT_HELD' });
    assert.equal(git(dir, 'log', '-1', '--format=%s', 'results'), 'run 5');
  });

  it('serialises concurrent writers in one process without losing a commit', async () => {
    const runs = [10, 11, 12, 13, 14, 15].map((i) => sampleRun('m3', i));
    await Promise.all(runs.map((run, i) => writeRun(repo, { files: [{ path: run.path, content: run.content }], message: `c${i}` })));
    const files = git(dir, 'ls-tree', '-r', '--name-only', 'results', 'runs/m3').split('\n');
    assert.equal(files.length, runs.length);
  });
});

describe('openResultsRepo', () => {
  it('finds the common git directory from a linked worktree and a subfolder', async () => {
    const dir = initRepo(makeTempDir());
    const worktree = `${dir}-wt`;
    try {
      git(dir, 'worktree', 'add', '--quiet', '-b', 'feature', worktree);
      mkdirSync(path.join(worktree, 'sub', 'deeper'), { recursive: true });
      const repo = await openResultsRepo({ dir: path.join(worktree, 'sub', 'deeper') });
      assert.equal(repo.gitdir, path.join(dir, '.git'));
      const run = sampleRun('m1', 1);
      await writeRun(repo, { files: [{ path: run.path, content: run.content }], message: 'from worktree' });
      assert.equal(git(dir, 'log', '-1', '--format=%s', 'results'), 'from worktree');
      assert.equal(git(worktree, 'rev-parse', '--abbrev-ref', 'HEAD'), 'feature');
    } finally {
      removeDir(worktree);
      removeDir(dir);
    }
  });

  it('fails with NOT_A_GIT_REPOSITORY outside any repository', async () => {
    const dir = makeTempDir();
    try {
      await assert.rejects(openResultsRepo({ dir }), { code: 'NOT_A_GIT_REPOSITORY' });
    } finally {
      removeDir(dir);
    }
  });

  it('rejects a branch name git would refuse', async () => {
    const dir = initRepo(makeTempDir());
    try {
      await assert.rejects(openResultsRepo({ dir, branch: 'bad..name' }), { code: 'INVALID_BRANCH_NAME' });
    } finally {
      removeDir(dir);
    }
  });
});
