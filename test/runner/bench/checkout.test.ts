import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { chmod, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import git from 'isomorphic-git';
import { checkoutCommit, pruneStaleCheckouts, readCommitInfo, resolveCommit } from '../../../runner/bench/checkout.ts';
import { makeTempDir } from './helpers.ts';

type TestContext = { after(fn: () => Promise<void>): void };

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
  GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
};

function runGit(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/**
 * A repository with two commits (an executable, a symlink, a nested file and a
 * submodule in the first; an annotated tag on it), plus staged and unstaged changes.
 */
async function makeRepo(t: TestContext) {
  const dir = await makeTempDir(t, 'pitwall-checkout-repo-');
  runGit(dir, 'init', '-q', '-b', 'main');
  await mkdir(path.join(dir, 'bench'));
  await mkdir(path.join(dir, 'src', 'deep'), { recursive: true });
  await writeFile(path.join(dir, 'README.md'), 'first\n');
  await writeFile(path.join(dir, 'bench', 'run.sh'), '#!/bin/sh\necho hi\n');
  await chmod(path.join(dir, 'bench', 'run.sh'), 0o755);
  await writeFile(path.join(dir, 'src', 'deep', 'data.bin'), Buffer.from([0, 1, 2, 255]));
  await symlink('README.md', path.join(dir, 'link'));
  runGit(dir, 'add', '.');
  runGit(dir, 'update-index', '--add', '--cacheinfo', `160000,${'a'.repeat(40)},vendor/lib`);
  runGit(dir, 'commit', '-q', '-m', 'Add the parser\n\nWith a body.');
  const first = runGit(dir, 'rev-parse', 'HEAD');
  runGit(dir, 'tag', '-a', 'v1', '-m', 'version 1');
  await writeFile(path.join(dir, 'README.md'), 'second\n');
  runGit(dir, 'commit', '-q', '-am', 'Speed up');
  const second = runGit(dir, 'rev-parse', 'HEAD');
  await writeFile(path.join(dir, 'staged.txt'), 'staged\n');
  runGit(dir, 'add', 'staged.txt');
  await writeFile(path.join(dir, 'README.md'), 'dirty\n');
  return { dir, first, second };
}

async function snapshotRepo(dir: string) {
  return {
    status: runGit(dir, 'status', '--porcelain=v2', '--branch'),
    head: await readFile(path.join(dir, '.git', 'HEAD'), 'utf8'),
    index: await readFile(path.join(dir, '.git', 'index')),
    readme: await readFile(path.join(dir, 'README.md'), 'utf8'),
  };
}

test('checkoutCommit reproduces an old commit with exec bits and symlinks and leaves the repository untouched', async (t) => {
  const { dir, first } = await makeRepo(t);
  const root = await makeTempDir(t);
  const before = await snapshotRepo(dir);
  const checkout = await checkoutCommit({ dir, rev: 'HEAD~1', root, cache: {} });
  assert.equal(checkout.commit, first);
  assert.match(path.basename(checkout.dir), new RegExp(`^${process.pid}-[0-9a-f]+$`));
  assert.equal(await readFile(path.join(checkout.dir, 'README.md'), 'utf8'), 'first\n');
  assert.deepEqual(await readFile(path.join(checkout.dir, 'src', 'deep', 'data.bin')), Buffer.from([0, 1, 2, 255]));
  assert.equal((await stat(path.join(checkout.dir, 'bench', 'run.sh'))).mode & 0o111, 0o111);
  assert.equal((await stat(path.join(checkout.dir, 'README.md'))).mode & 0o111, 0);
  assert.ok((await lstat(path.join(checkout.dir, 'link'))).isSymbolicLink());
  assert.equal(await readlink(path.join(checkout.dir, 'link')), 'README.md');
  assert.deepEqual(await readdir(path.join(checkout.dir, 'vendor', 'lib')), []);
  assert.deepEqual(checkout.notes.length, 1);
  assert.match(checkout.notes[0] ?? '', /submodule "vendor\/lib"/);
  assert.deepEqual((await readdir(checkout.dir)).sort(), ['.git', 'README.md', 'bench', 'link', 'src', 'vendor']);
  assert.deepEqual(await snapshotRepo(dir), before);
  await checkout.remove();
  await assert.rejects(stat(checkout.dir), { code: 'ENOENT' });
});

async function snapshotRefs(dir: string) {
  return {
    refs: runGit(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    worktrees: runGit(dir, 'worktree', 'list', '--porcelain'),
    remotes: runGit(dir, 'remote', '-v'),
    config: await readFile(path.join(dir, '.git', 'config'), 'utf8'),
  };
}

test('the checkout is a git repository at the commit: ls-files, log, describe, rev-parse and a clean status', async (t) => {
  const { dir, first, second } = await makeRepo(t);
  runGit(dir, 'tag', 'light', second);
  runGit(dir, 'pack-refs', '--all');
  runGit(dir, 'branch', 'feature', first);
  const before = { ...(await snapshotRepo(dir)), ...(await snapshotRefs(dir)) };
  const checkout = await checkoutCommit({ dir, rev: 'v1', root: await makeTempDir(t) });
  const inCheckout = (...args: string[]) => runGit(checkout.dir, ...args);
  assert.equal(inCheckout('rev-parse', 'HEAD'), first);
  assert.equal(inCheckout('rev-parse', '--show-toplevel'), await fs.promises.realpath(checkout.dir));
  assert.equal(inCheckout('ls-files'), ['README.md', 'bench/run.sh', 'link', 'src/deep/data.bin', 'vendor/lib'].join('\n'));
  assert.equal(inCheckout('ls-files', '-s', 'bench/run.sh').split(' ')[0], '100755');
  assert.equal(inCheckout('log', '-1', '--format=%s'), 'Add the parser');
  assert.equal(inCheckout('describe'), 'v1');
  assert.equal(inCheckout('describe', '--tags', second), 'light');
  assert.equal(inCheckout('status', '--porcelain'), '', 'the files match the index');
  assert.match(inCheckout('branch', '-a'), /remotes\/origin\/feature/);
  inCheckout('fsck', '--no-progress');
  // Objects are shared, not copied.
  assert.deepEqual(await readdir(path.join(checkout.dir, '.git', 'objects', 'pack')), []);
  assert.deepEqual({ ...(await snapshotRepo(dir)), ...(await snapshotRefs(dir)) }, before);
  await checkout.remove();
  assert.deepEqual({ ...(await snapshotRepo(dir)), ...(await snapshotRefs(dir)) }, before);
});

test('a checkout of a shallow clone works within the clone\'s history', async (t) => {
  const { dir, second } = await makeRepo(t);
  const shallow = path.join(await makeTempDir(t), 'shallow');
  runGit(dir, 'clone', '-q', '--depth', '1', `file://${dir}`, shallow);
  const checkout = await checkoutCommit({ dir: shallow, rev: 'HEAD', root: await makeTempDir(t) });
  assert.equal(runGit(checkout.dir, 'rev-parse', 'HEAD'), second);
  assert.equal(runGit(checkout.dir, 'log', '--format=%s'), 'Speed up');
  assert.equal(runGit(checkout.dir, 'status', '--porcelain'), '');
});

test('checkoutCommit reads a bare repository through gitdir', async (t) => {
  const { dir, second } = await makeRepo(t);
  const bare = path.join(await makeTempDir(t), 'bare.git');
  runGit(dir, 'clone', '-q', '--bare', dir, bare);
  const checkout = await checkoutCommit({ gitdir: bare, rev: 'main', root: await makeTempDir(t) });
  assert.equal(checkout.commit, second);
  assert.equal(await readFile(path.join(checkout.dir, 'README.md'), 'utf8'), 'second\n');
  assert.equal(runGit(checkout.dir, 'rev-parse', 'HEAD'), second);
  assert.equal(runGit(checkout.dir, 'status', '--porcelain'), '');
});

test('resolveCommit understands branches, tags, short hashes and parent steps', async (t) => {
  const { dir, first, second } = await makeRepo(t);
  assert.equal(await resolveCommit(dir, 'HEAD'), second);
  assert.equal(await resolveCommit(dir, 'main'), second);
  assert.equal(await resolveCommit(dir, second.slice(0, 7)), second);
  assert.equal(await resolveCommit(dir, second.slice(0, 7).toUpperCase()), second);
  assert.equal(await resolveCommit(dir, first), first);
  assert.equal(await resolveCommit(dir, 'v1'), first);
  assert.equal(await resolveCommit(dir, 'HEAD~1'), first);
  assert.equal(await resolveCommit(dir, 'main^'), first);
  assert.equal(await resolveCommit(dir, 'v1^0'), first);
  assert.equal(await resolveCommit({ dir }, 'HEAD^1'), first);
});

test('resolveCommit rejects what is not a commit with a code', async (t) => {
  const { dir } = await makeRepo(t);
  await assert.rejects(resolveCommit(dir, 'no-such-branch'), { code: 'UNKNOWN_REVISION' });
  await assert.rejects(resolveCommit(dir, 'deadbeef'), { code: 'UNKNOWN_REVISION' });
  await assert.rejects(resolveCommit(dir, 'HEAD~2'), { code: 'UNKNOWN_REVISION' });
  await assert.rejects(resolveCommit(dir, runGit(dir, 'rev-parse', 'HEAD^{tree}')), { code: 'REVISION_NOT_A_COMMIT' });
  await assert.rejects(resolveCommit(await makeTempDir(t), 'HEAD'), { code: 'NOT_A_GIT_REPOSITORY' });
});

test('readCommitInfo gives the subject, author, commit time and parents', async (t) => {
  const { dir, first, second } = await makeRepo(t);
  assert.deepEqual(await readCommitInfo(dir, first), { subject: 'Add the parser', author: 'Ada Lovelace <ada@example.com>', time: '2026-01-02T03:04:05.000Z', parents: [] });
  assert.deepEqual((await readCommitInfo(dir, second)).parents, [first]);
});

test('a tree entry git would refuse stops the checkout and leaves no directory behind', async (t) => {
  const dir = await makeTempDir(t);
  await git.init({ fs, dir });
  const blob = await git.writeBlob({ fs, dir, blob: Buffer.from('x') });
  // Written as raw bytes: isomorphic-git's writeTree refuses such a name, as git does.
  const raw = Buffer.concat([Buffer.from('100644 ..\0'), Buffer.from(blob, 'hex')]);
  const tree = await git.writeObject({ fs, dir, type: 'tree', object: raw, format: 'content' });
  const author = { name: 'A', email: 'a@example.com', timestamp: 0, timezoneOffset: 0 };
  const commit = await git.writeCommit({ fs, dir, commit: { message: 'bad\n', tree, parent: [], author, committer: author } });
  const root = await makeTempDir(t);
  await assert.rejects(checkoutCommit({ dir, rev: commit, root }), { code: 'UNSAFE_TREE_ENTRY' });
  assert.deepEqual(await readdir(root), []);
});

test('pruneStaleCheckouts removes directories of dead processes only', async (t) => {
  const root = await makeTempDir(t);
  const child = spawn('true');
  await once(child, 'exit');
  const deadPid = child.pid ?? 0;
  for (const name of [`${deadPid}-aa11`, `${process.pid}-bb22`, 'not-a-checkout']) {
    await mkdir(path.join(root, name, 'inner'), { recursive: true });
  }
  assert.deepEqual(await pruneStaleCheckouts({ root }), [path.join(root, `${deadPid}-aa11`)]);
  assert.deepEqual((await readdir(root)).sort(), [`${process.pid}-bb22`, 'not-a-checkout']);
  assert.deepEqual(await pruneStaleCheckouts({ root: path.join(root, 'missing') }), []);
});
