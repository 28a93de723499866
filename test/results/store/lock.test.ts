import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acquireLock, LOCK_FILE } from '../../../results/store/lock.ts';
import { initRepo, makeTempDir, removeDir } from './git-fixtures.ts';

const holdLock = path.resolve(import.meta.dirname, '../../fixtures/store/hold-lock.ts');

/** Starts a process holding the lock; resolves once it has it. */
async function startHolder(gitdir: string): Promise<import('node:child_process').ChildProcess> {
  const child = spawn(process.execPath, [holdLock, gitdir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

async function kill(child: import('node:child_process').ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('acquireLock', () => {
  let dir: string;
  let gitdir: string;
  let lockPath: string;

  before(() => {
    dir = initRepo(makeTempDir());
    gitdir = path.join(dir, '.git');
    lockPath = path.join(gitdir, LOCK_FILE);
  });
  after(() => removeDir(dir));

  it('writes who holds it and removes the file on release', async () => {
    const lock = await acquireLock(gitdir, { purpose: 'pitwall run' });
    const owner = JSON.parse(readFileSync(lockPath, 'utf8'));
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.hostname, hostname());
    assert.equal(owner.purpose, 'pitwall run');
    assert.ok(!Number.isNaN(Date.parse(owner.started)));
    await lock.release();
    assert.equal(existsSync(lockPath), false);
    await lock.release();
  });

  it('fails at once with LOCKED while another holder has it', async () => {
    const lock = await acquireLock(gitdir, { purpose: 'first' });
    try {
      const started = Date.now();
      await assert.rejects(acquireLock(gitdir, { purpose: 'second' }), (error: { code: string; message: string }) => {
        assert.equal(error.code, 'LOCKED');
        assert.ok(error.message.includes(String(process.pid)) && error.message.includes('"first"'));
        return true;
      });
      assert.ok(Date.now() - started < 500);
    } finally {
      await lock.release();
    }
  });

  it('waits for a live holder up to the timeout', async () => {
    const first = await acquireLock(gitdir, { purpose: 'first' });
    setTimeout(() => void first.release(), 150);
    const second = await acquireLock(gitdir, { purpose: 'second', timeoutMs: 5000, pollMs: 20 });
    assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).purpose, 'second');
    await second.release();

    const third = await acquireLock(gitdir, { purpose: 'third' });
    try {
      const started = Date.now();
      await assert.rejects(acquireLock(gitdir, { purpose: 'fourth', timeoutMs: 200, pollMs: 20 }), { code: 'LOCKED' });
      assert.ok(Date.now() - started >= 190);
    } finally {
      await third.release();
    }
  });

  it('fails with LOCKED while a live process holds it', async () => {
    const child = await startHolder(gitdir);
    try {
      await assert.rejects(acquireLock(gitdir, { purpose: 'test' }), { code: 'LOCKED' });
    } finally {
      await kill(child);
    }
  });

  it('takes over with a warning the lock of a process that was killed', async () => {
    const child = await startHolder(gitdir);
    const pid = child.pid;
    await kill(child);
    assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).pid, pid, 'SIGKILL leaves the lock file behind');
    const warnings: string[] = [];
    const lock = await acquireLock(gitdir, { purpose: 'after kill', onWarning: (w) => warnings.push(w) });
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]?.includes(String(pid)));
    assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).pid, process.pid);
    await lock.release();
  });

  it('takes over a garbage lock file once it is older than a write takes', async () => {
    writeFileSync(lockPath, 'not json at all');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    const warnings: string[] = [];
    const lock = await acquireLock(gitdir, { purpose: 'after garbage', onWarning: (w) => warnings.push(w) });
    assert.equal(warnings.length, 1);
    await lock.release();
    assert.equal(existsSync(lockPath), false);
  });

  it('treats a lock from another host as live', async () => {
    writeFileSync(lockPath, JSON.stringify({ pid: 1, hostname: 'some-other-host', started: '2026-11-01T00:00:00Z', purpose: 'far away', token: 'x' }));
    try {
      await assert.rejects(acquireLock(gitdir, { purpose: 'test' }), (error: { code: string; message: string }) => error.code === 'LOCKED' && error.message.includes('some-other-host'));
    } finally {
      removeDir(lockPath);
    }
  });

  it('lets exactly one of many racing takeovers win', async () => {
    writeFileSync(lockPath, JSON.stringify({ pid: 2 ** 22 + 12345, hostname: hostname(), started: '2026-11-01T00:00:00Z', purpose: 'dead', token: 'dead' }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLock(gitdir, { purpose: `racer ${i}` })));
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'LOCKED');
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value.release();
  });
});
