import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { CLI, git, makeProject, runCli } from '../../helpers/cli.ts';

// The suite reports the number in VALUE (so commits differ) and fails when a FAIL file is committed.
const BENCH = `#!/bin/sh
set -e
[ -f "$1/FAIL" ] && { echo "broken on purpose" >&2; exit 3; }
[ -n "$SLEEP" ] && sleep "$SLEEP"
echo "{\\"metric\\":\\"work\\",\\"value\\":$(cat "$1/VALUE")}" > "$2"
`;
const CONFIG = 'machine: m1\nsuites:\n  - name: core\n    script: bench/run.sh\n    env: { SLEEP: "" }\n';

function commit(dir: string, message: string, files: Record<string, string | null>): string {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, path));
    else writeFileSync(join(dir, path), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function runsOnBranch(dir: string): { commit: string; status: string }[] {
  let out = '';
  try {
    out = execFileSync('git', ['-C', dir, 'grep', '-h', '"kind":"run"', 'results', '--', 'runs'], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out.trim().split('\n').map((l) => JSON.parse(l.replace(/^[^{]*/, '')) as { commit: string; status: string });
}

function queueOf(dir: string) {
  return runCli(['queue', '--json'], { cwd: dir }).then((r) => {
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { queue: { sha: string; suites: { reason: string }[] }[] };
  });
}

describe('queue and backfill on a real repository', { timeout: 180_000 }, () => {
  let dir: string;
  let cleanup: () => void;
  const shas: string[] = [];
  before(() => {
    ({ dir, cleanup } = makeProject({ 'pitwall.yaml': CONFIG, 'bench/run.sh': BENCH, VALUE: '10' }, ['bench/run.sh']));
    shas.push(git(dir, 'rev-parse', 'HEAD').trim());
    shas.push(commit(dir, 'Break the build', { FAIL: 'x', VALUE: '11' }));
    shas.push(commit(dir, 'Fix the build', { FAIL: null, VALUE: '12' }));
    shas.push(commit(dir, 'Faster', { VALUE: '13' }));
  });
  after(() => cleanup());

  test('queue lists every commit of main as never run, newest first', async () => {
    const { queue } = await queueOf(dir);
    assert.deepEqual(queue.map((e) => e.sha), [...shas].reverse());
    assert.ok(queue.every((e) => e.suites[0]?.reason === 'never-run'));
    const table = await runCli(['queue'], { cwd: dir });
    assert.match(table.stdout, /4 of 4 commits of main pending on m1/);
    assert.match(table.stdout, /core: never run/);
  });

  test('backfill measures the queue in one process and a failing commit stays queued as failed', async () => {
    const result = await runCli(['backfill', '--order', 'oldest'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /\[4\/4\]/);
    assert.match(result.stderr, /broken on purpose|exit/);
    const runs = runsOnBranch(dir);
    assert.deepEqual(runs.map((r) => r.commit).sort(), [...shas].sort());
    const { queue } = await queueOf(dir);
    assert.deepEqual(queue.map((e) => [e.sha, e.suites[0]?.reason]), [[shas[1], 'failed']]);
    assert.equal(git(dir, 'status', '--porcelain'), '', 'the working tree is untouched');
  });

  test('queue says the suite changed when its definition differs from the one that made the runs', async () => {
    writeFileSync(join(dir, 'pitwall.yaml'), CONFIG.replace('script: bench/run.sh', 'script: bench/run.sh\n    repeat: 2'));
    try {
      const { queue } = await queueOf(dir);
      assert.deepEqual(queue.map((e) => e.suites[0]?.reason), ['suite-changed', 'suite-changed', 'failed', 'suite-changed']);
    } finally {
      writeFileSync(join(dir, 'pitwall.yaml'), CONFIG);
    }
  });

  test('run --if-new exits at once when the head of main is measured, and runs a new head once', async () => {
    const idle = await runCli(['run', '--if-new', '--no-push'], { cwd: dir });
    assert.equal(idle.code, 0, idle.stderr);
    assert.match(idle.stderr, /already measured on m1: nothing to do/);
    const head = commit(dir, 'Newer', { VALUE: '14' });
    const first = await runCli(['run', '--if-new', '--no-push'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const second = await runCli(['run', '--if-new', '--no-push'], { cwd: dir });
    assert.match(second.stderr, /nothing to do/);
    const onHead = runsOnBranch(dir).filter((r) => r.commit === head);
    assert.equal(onHead.length, 1);
    shas.push(head);
  });

  test('run --if-new is refused while another process holds the lock, naming it, and takes over a dead one', async () => {
    commit(dir, 'Even newer', { VALUE: '15' });
    const holder = spawn('sleep', ['30']);
    const lockFile = join(dir, '.git', 'pitwall.lock');
    const owner = (pid: number) => JSON.stringify({ pid, hostname: os.hostname(), started: '2026-12-01T00:00:00.000Z', purpose: 'pitwall backfill', token: 'abc' });
    try {
      writeFileSync(lockFile, owner(holder.pid!));
      const refused = await runCli(['run', '--if-new', '--no-push'], { cwd: dir });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, new RegExp(`locked by process ${holder.pid} .*"pitwall backfill"`));
    } finally {
      holder.kill();
    }
    await new Promise((resolve) => holder.on('exit', resolve));
    writeFileSync(lockFile, owner(holder.pid!));
    const taken = await runCli(['run', '--if-new', '--no-push'], { cwd: dir });
    assert.equal(taken.code, 0, taken.stderr);
    assert.match(taken.stderr, /warning: .*lock/i);
    assert.equal(existsSync(lockFile), false);
  });

  test('a killed backfill loses nothing: the next one measures exactly what is left', async () => {
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    const added = [commit(dir, 'A', { VALUE: '20' }), commit(dir, 'B', { VALUE: '21' }), commit(dir, 'C', { VALUE: '22' }), commit(dir, 'D', { VALUE: '23' })];
    writeFileSync(join(dir, 'pitwall.yaml'), CONFIG.replace('SLEEP: ""', 'SLEEP: "0.4"'));
    const child = spawn(process.execPath, [CLI, 'backfill', '--no-push', '--since', base], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/\[1\/4\]/.test(stderr)) child.kill('SIGKILL');
    });
    await new Promise((resolve) => child.on('close', resolve));
    assert.match(stderr, /\[1\/4\]/);
    const measured = runsOnBranch(dir).filter((r) => added.includes(r.commit));
    assert.ok(measured.length >= 1 && measured.length < 4, `${measured.length} measured before the kill`);
    const resumed = await runCli(['backfill', '--no-push', '--since', base], { cwd: dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /warning: .*lock/i, 'the dead backfill\'s lock is taken over');
    assert.match(resumed.stderr, new RegExp(`measuring ${4 - measured.length} of`));
    const after = runsOnBranch(dir).filter((r) => added.includes(r.commit));
    assert.deepEqual(after.map((r) => r.commit).sort(), [...added].sort(), 'each commit measured exactly once');
    writeFileSync(join(dir, 'pitwall.yaml'), CONFIG);
  });

  test('Ctrl-C stops a backfill with a message saying what is kept and how to go on', async () => {
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, 'E', { VALUE: '24' });
    commit(dir, 'F', { VALUE: '25' });
    writeFileSync(join(dir, 'pitwall.yaml'), CONFIG.replace('SLEEP: ""', 'SLEEP: "5"'));
    const child = spawn(process.execPath, [CLI, 'backfill', '--no-push', '--since', base], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (/measuring 2 of/.test(stderr)) {
          clearInterval(poll);
          setTimeout(() => { child.kill('SIGINT'); resolve(); }, 500);
        }
      }, 50);
    });
    const signal = await new Promise((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    writeFileSync(join(dir, 'pitwall.yaml'), CONFIG);
    assert.equal(signal, 'SIGINT');
    assert.match(stderr, /backfill interrupted by SIGINT: 0 commits measured/);
    assert.match(stderr, /run the same command again/);
    const { queue } = await queueOf(dir);
    assert.equal(queue.filter((e) => e.suites[0]?.reason === 'never-run').length, 2, 'the interrupted commit is still queued');
  });

  test('backfill --max-time starts no commit past its budget and says what is left', async () => {
    writeFileSync(join(dir, 'pitwall.yaml'), CONFIG.replace('SLEEP: ""', 'SLEEP: "1"'));
    try {
      const result = await runCli(['backfill', '--no-push', '--max-time', '1s', '--last', '2'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /measured 1 commit /);
      assert.match(result.stderr, /stopped by --max-time 1s: 1 commit still pending/);
    } finally {
      writeFileSync(join(dir, 'pitwall.yaml'), CONFIG);
    }
  });

  test('bad options and revisions not on main are usage errors that change nothing', async () => {
    git(dir, 'checkout', '-q', '-b', 'topic');
    const offMain = commit(dir, 'On a branch', { VALUE: '99' });
    git(dir, 'checkout', '-q', 'main');
    const before = runsOnBranch(dir).length;
    for (const args of [['--order', 'random'], ['--max-time', 'soon'], ['--every', '0'], ['--since', 'no-such-rev'], ['--since', offMain]]) {
      const result = await runCli(['backfill', '--no-push', ...args], { cwd: dir });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /hint: /);
    }
    const notOnMain = await runCli(['queue', '--since', offMain], { cwd: dir });
    assert.match(notOnMain.stderr, /is not on the first-parent history of "main"/);
    assert.equal(runsOnBranch(dir).length, before);
  });
});
