import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findQueue, type QueueRun } from '../../../results/analysis/find-queue.ts';

const commits = ['c4', 'c3', 'c2', 'c1'].map((sha) => ({ sha, subject: `subject ${sha}`, time: '2026-11-01T00:00:00.000Z' }));

function run(commit: string, status: string, hash = 'h', machine = 'm1', suite = 'core', time = '2026-11-02T00:00:00.000Z'): QueueRun {
  return { run: `${machine}/${commit}-${time}`, machine, suite, commit, status, time, suiteHash: hash };
}

test('findQueue gives each commit without an ok run its reason, newest first', () => {
  const runs = [run('c1', 'ok'), run('c2', 'failed'), run('c3', 'ok', 'old-hash'), run('c4', 'ok', 'h', 'other-machine')];
  const queue = findQueue(commits, runs, { machine: 'm1', suites: ['core'], expectedHash: () => 'h' });
  assert.deepEqual(queue.map((e) => [e.sha, e.age, e.suites.map((s) => s.reason)]), [
    ['c4', 0, ['never-run']],
    ['c3', 1, ['suite-changed']],
    ['c2', 2, ['failed']],
  ]);
});

test('findQueue counts a commit as measured once any ok run has the current suite hash, even after a failure', () => {
  const runs = [run('c1', 'ok', 'h', 'm1', 'core', '2026-11-01T00:00:00.000Z'), run('c1', 'failed', 'h', 'm1', 'core', '2026-11-03T00:00:00.000Z')];
  const queue = findQueue(commits.slice(3), runs, { machine: 'm1', suites: ['core'], expectedHash: () => 'h' });
  assert.deepEqual(queue, []);
});

test('findQueue lists only the suites that are missing and names the newest run', () => {
  const runs = [run('c1', 'ok', 'h', 'm1', 'core'), run('c1', 'timeout', 'h', 'm1', 'io', '2026-11-05T00:00:00.000Z')];
  const queue = findQueue(commits.slice(3), runs, { machine: 'm1', suites: ['core', 'io', 'net'], expectedHash: () => 'h' });
  assert.deepEqual(queue[0]?.suites, [
    { suite: 'io', reason: 'failed', lastRun: 'm1/c1-2026-11-05T00:00:00.000Z' },
    { suite: 'net', reason: 'never-run', lastRun: null },
  ]);
});
