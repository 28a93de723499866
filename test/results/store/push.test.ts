import { strict as assert } from 'node:assert';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openResultsRepo, type ResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { acquireLock } from '../../../results/store/lock.ts';
import { countUndelivered, pushResults } from '../../../results/store/push.ts';
import { fetchResults } from '../../../results/store/remote.ts';
import { readTip } from '../../../results/store/refs.ts';
import { createBareRepo, startGitHttpServer, type GitHttpServer } from '../../helpers/git-http-server.ts';
import { git, initRepo, makeTempDir, removeDir, sampleRun } from './git-fixtures.ts';

const FAST = { baseDelayMs: 1 };

async function commitRun(repo: ResultsRepo, machine: string, index: number): Promise<string> {
  const run = sampleRun(machine, index);
  const files = [{ path: run.path, content: run.content }, { path: run.logPath, content: run.log }];
  return (await writeRun(repo, { files, message: `${machine} run ${index}` })).commit;
}

/** Every file on the remote branch, and whether its history is linear. */
function remoteState(bare: string): { files: string[]; commits: number; merges: number } {
  const files = git(bare, 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((f) => f !== '');
  const commits = Number(git(bare, 'rev-list', '--count', 'results'));
  const merges = Number(git(bare, 'rev-list', '--count', '--min-parents=2', 'results'));
  return { files, commits, merges };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/results.git`;
}

describe('pushResults', () => {
  let server: GitHttpServer;
  let temp: string;

  before(async () => {
    server = await startGitHttpServer();
    temp = makeTempDir();
  });
  after(async () => {
    await server.stop();
    removeDir(temp);
  });

  it('creates the remote branch on the first push, then finds it up to date', async () => {
    const bare = createBareRepo(server.root, 'first.git');
    const dir = initRepo(path.join(temp, 'first'));
    const repo = await openResultsRepo({ dir });
    const tip = await commitRun(repo, 'm1', 1);
    assert.deepEqual(await pushResults(repo, { remote: server.url('first.git') }), { pushed: 1, upToDate: false });
    assert.equal(git(bare, 'rev-parse', 'results'), tip);
    assert.equal(await readTip(repo, 'refs/remotes/pitwall/results'), tip);
    assert.equal(await countUndelivered(repo, server.url('first.git')), 0);
    assert.deepEqual(await pushResults(repo, { remote: server.url('first.git') }), { pushed: 0, upToDate: true });
    git(bare, 'fsck', '--strict', '--no-dangling');
  });

  it('pushes a run onto a remote nobody moved with one advertisement and one pack upload', async () => {
    const bare = createBareRepo(server.root, 'quiet.git');
    const dir = initRepo(path.join(temp, 'quiet'));
    const repo = await openResultsRepo({ dir });
    await commitRun(repo, 'm1', 1);
    await pushResults(repo, { remote: server.url('quiet.git') });
    const tip = await commitRun(repo, 'm1', 2);
    const before = server.requests.length;
    assert.deepEqual(await pushResults(repo, { remote: server.url('quiet.git') }), { pushed: 1, upToDate: false });
    const made = server.requests.slice(before).filter((r) => r.includes('/quiet.git/'));
    assert.equal(made.length, 2, made.join('\n'));
    assert.match(made[0]!, /^GET \S*\/info\/refs\?service=git-receive-pack/);
    assert.match(made[1]!, /^POST \S*\/git-receive-pack/);
    assert.equal(git(bare, 'rev-parse', 'results'), tip);
    git(bare, 'fsck', '--strict', '--no-dangling');
  });

  it('replays local runs onto a remote that moved, with no duplicates and a linear history', async () => {
    const bare = createBareRepo(server.root, 'moved.git');
    const url = server.url('moved.git');
    const a = await openResultsRepo({ dir: initRepo(path.join(temp, 'moved-a')) });
    const b = await openResultsRepo({ dir: initRepo(path.join(temp, 'moved-b')) });
    await commitRun(a, 'ma', 1);
    await pushResults(a, { remote: url });
    await commitRun(b, 'mb', 1);
    await commitRun(b, 'mb', 2);
    assert.equal(await countUndelivered(b, url), 2);
    await pushResults(b, { remote: url });
    const local = await commitRun(a, 'ma', 2);

    const messages: string[] = [];
    const result = await pushResults(a, { remote: url, onMessage: (m) => messages.push(m) });
    assert.deepEqual(result, { pushed: 1, upToDate: false });
    const state = remoteState(bare);
    assert.equal(state.files.length, 8);
    assert.equal(new Set(state.files).size, 8);
    assert.equal(state.commits, 4);
    assert.equal(state.merges, 0);
    assert.equal(git(bare, 'log', '-1', '--format=%s %an', 'results'), 'ma run 2 pitwall');
    assert.notEqual(git(bare, 'rev-parse', 'results'), local, 'the local commit was replayed onto the new tip');
    assert.equal(await readTip(a), git(bare, 'rev-parse', 'results'), 'the local branch moved to the replayed commit');

    // The other clone catches up without pushing anything.
    assert.deepEqual(await pushResults(b, { remote: url }), { pushed: 0, upToDate: true });
    assert.equal(await readTip(b), git(bare, 'rev-parse', 'results'));
    git(bare, 'fsck', '--strict', '--no-dangling');
  });

  it('fails with REMOTE_UNREACHABLE and keeps the commit local; a later push delivers it', async () => {
    const bare = createBareRepo(server.root, 'later.git');
    const repo = await openResultsRepo({ dir: initRepo(path.join(temp, 'later')) });
    const tip = await commitRun(repo, 'm1', 1);
    await assert.rejects(pushResults(repo, { remote: await closedPortUrl() }), { code: 'REMOTE_UNREACHABLE' });
    assert.equal(await readTip(repo), tip);
    assert.equal(await countUndelivered(repo, server.url('later.git')), 1);
    assert.deepEqual(await pushResults(repo, { remote: server.url('later.git') }), { pushed: 1, upToDate: false });
    assert.equal(git(bare, 'rev-parse', 'results'), tip);
    assert.equal(await countUndelivered(repo, server.url('later.git')), 0);
  });

  it('resolves a remote name through the config and tracks it under its name, on a remote whose HEAD is the results branch', async () => {
    const bare = createBareRepo(server.root, 'named.git');
    git(bare, 'symbolic-ref', 'HEAD', 'refs/heads/results');
    const dir = initRepo(path.join(temp, 'named'));
    git(dir, 'remote', 'add', 'origin', server.url('named.git'));
    git(dir, 'remote', 'add', 'ssh', 'git@example.com:owner/repo.git');
    const repo = await openResultsRepo({ dir });
    const tip = await commitRun(repo, 'm1', 1);
    await pushResults(repo, { remote: 'origin' });
    assert.equal(git(bare, 'rev-parse', 'results'), tip);
    assert.equal(git(dir, 'rev-parse', 'refs/remotes/origin/results'), tip);
    assert.deepEqual(await fetchResults(repo, { remote: 'origin' }), { remoteTip: tip, trackingRef: 'refs/remotes/origin/results' });
    await assert.rejects(pushResults(repo, { remote: 'ssh' }), { code: 'REMOTE_UNSUPPORTED' });
    await assert.rejects(pushResults(repo, { remote: 'git@example.com:owner/repo.git' }), { code: 'REMOTE_UNSUPPORTED' });
    await assert.rejects(pushResults(repo, { remote: 'nowhere' }), { code: 'REMOTE_NOT_FOUND' });
  });

  it('fails with PUSH_REJECTED after maxAttempts when the server keeps refusing', async () => {
    const bare = createBareRepo(server.root, 'refusing.git');
    const hook = path.join(bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "branch is protected" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const repo = await openResultsRepo({ dir: initRepo(path.join(temp, 'refusing')) });
    const tip = await commitRun(repo, 'm1', 1);
    const retries: number[] = [];
    await assert.rejects(
      pushResults(repo, { remote: server.url('refusing.git'), maxAttempts: 3, ...FAST, onRetry: ({ attempt }) => retries.push(attempt) }),
      { code: 'PUSH_REJECTED' },
    );
    assert.deepEqual(retries, [1, 2]);
    assert.equal(await readTip(repo), tip);
  });

  it('refuses to replay a run whose path the remote holds with other content', async () => {
    createBareRepo(server.root, 'conflict.git');
    const url = server.url('conflict.git');
    const a = await openResultsRepo({ dir: initRepo(path.join(temp, 'conflict-a')) });
    const b = await openResultsRepo({ dir: initRepo(path.join(temp, 'conflict-b')) });
    const run = sampleRun('same', 1);
    await writeRun(a, { files: [{ path: run.path, content: run.content }], message: 'a' });
    await pushResults(a, { remote: url });
    await writeRun(b, { files: [{ path: run.path, content: `${run.content}\n` }], message: 'b' });
    const tip = await readTip(b);
    await assert.rejects(pushResults(b, { remote: url }), { code: 'RESULTS_PATH_CONFLICT' });
    assert.equal(await readTip(b), tip);
  });

  it('drops a local commit whose files the remote already holds, as after a push whose answer was lost', async () => {
    const bare = createBareRepo(server.root, 'delivered.git');
    const url = server.url('delivered.git');
    const a = await openResultsRepo({ dir: initRepo(path.join(temp, 'delivered-a')) });
    const b = await openResultsRepo({ dir: initRepo(path.join(temp, 'delivered-b')) });
    const run = sampleRun('same', 1);
    await writeRun(b, { files: [{ path: run.path, content: run.content }], message: 'delivered by b' });
    await pushResults(b, { remote: url });
    await writeRun(a, { files: [{ path: run.path, content: run.content }], message: 'written by a' });
    assert.deepEqual(await pushResults(a, { remote: url }), { pushed: 0, upToDate: true });
    assert.equal(git(bare, 'rev-list', '--count', 'results'), '1');
    assert.equal(await readTip(a), git(bare, 'rev-parse', 'results'));
  });

  it('fetches only the remote tip into a shallow checkout, and still delivers a linear history', async () => {
    const bare = createBareRepo(server.root, 'shallow.git');
    const url = server.url('shallow.git');
    const full = await openResultsRepo({ dir: initRepo(path.join(temp, 'shallow-full')) });
    for (let i = 0; i < 3; i++) {
      await commitRun(full, 'm1', i);
      await pushResults(full, { remote: url });
    }
    const code = initRepo(path.join(temp, 'shallow-code'));
    git(code, 'commit', '--quiet', '--allow-empty', '-m', 'second');
    const ci = path.join(temp, 'shallow-ci');
    git(temp, 'clone', '--quiet', '--depth', '1', `file://${code}`, ci);
    const repo = await openResultsRepo({ dir: ci });
    await commitRun(repo, 'ci', 1);
    assert.deepEqual(await pushResults(repo, { remote: url }), { pushed: 1, upToDate: false });
    assert.equal(git(ci, 'rev-list', '--count', 'results'), '2', 'the remote tip and the replayed run, nothing older');
    assert.equal(git(bare, 'rev-list', '--count', 'results'), '4');
    assert.equal(git(bare, 'rev-list', '--count', '--min-parents=2', 'results'), '0');
    assert.equal(git(bare, 'ls-tree', '-r', '--name-only', 'results').split('\n').length, 8);
    git(bare, 'fsck', '--strict', '--no-dangling');

    await commitRun(full, 'm1', 3);
    await pushResults(full, { remote: url });
    await commitRun(repo, 'ci', 2);
    assert.deepEqual(await pushResults(repo, { remote: url }), { pushed: 1, upToDate: false });
    assert.equal(git(bare, 'rev-list', '--count', 'results'), '6');
    assert.equal(git(bare, 'ls-tree', '-r', '--name-only', 'results').split('\n').length, 12);
    git(bare, 'fsck', '--strict', '--no-dangling');
  });

  it('pushes under a lock the process already holds', async () => {
    const bare = createBareRepo(server.root, 'locked.git');
    const repo = await openResultsRepo({ dir: initRepo(path.join(temp, 'locked')) });
    const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall push' });
    try {
      const tip = await commitRun(repo, 'm1', 1);
      assert.deepEqual(await pushResults(repo, { remote: server.url('locked.git') }), { pushed: 1, upToDate: false });
      assert.equal(git(bare, 'rev-parse', 'results'), tip);
    } finally {
      await lock.release();
    }
  });
});

describe('pushResults with token auth', () => {
  const token = 'tok-3f9a1c-secret';
  let server: GitHttpServer;
  let temp: string;

  before(async () => {
    server = await startGitHttpServer({ auth: { username: 'x-access-token', password: token } });
    temp = makeTempDir();
  });
  after(async () => {
    await server.stop();
    removeDir(temp);
  });

  it('sends the token when the server asks for it', async () => {
    const bare = createBareRepo(server.root, 'private.git');
    const repo = await openResultsRepo({ dir: initRepo(path.join(temp, 'good')) });
    const tip = await commitRun(repo, 'm1', 1);
    await pushResults(repo, { remote: server.url('private.git'), token });
    assert.equal(git(bare, 'rev-parse', 'results'), tip);
  });

  it('fails with REMOTE_AUTH_FAILED without the token or with a wrong one, never showing it', async () => {
    createBareRepo(server.root, 'private2.git');
    const repo = await openResultsRepo({ dir: initRepo(path.join(temp, 'bad')) });
    await commitRun(repo, 'm1', 1);
    await assert.rejects(pushResults(repo, { remote: server.url('private2.git') }), { code: 'REMOTE_AUTH_FAILED' });
    const wrong = 'wrong-token-77c2';
    const withCredentialsInUrl = server.url('private2.git').replace('http://', `http://x-access-token:${wrong}@`);
    for (const remote of [server.url('private2.git'), withCredentialsInUrl]) {
      await assert.rejects(pushResults(repo, { remote, token: wrong }), (error: Error & { code: string; hint?: string }) => {
        assert.equal(error.code, 'REMOTE_AUTH_FAILED');
        const shown = `${error.message}\n${error.hint ?? ''}\n${(error.cause as Error | undefined)?.message ?? ''}`;
        assert.ok(!shown.includes(wrong), shown);
        return true;
      });
    }
  });
});
