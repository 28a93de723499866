import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, git, makeProject, runCli } from '../../helpers/cli.ts';

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

test('kill -9 of pitwall during a run leaves no process of the suite running, and the next run starts clean', { timeout: 60_000 }, async (t) => {
  const marks = mkdtempSync(join(tmpdir(), 'pitwall-orphan-'));
  const { dir, cleanup } = makeProject({
    // The suite and a child of it, each writing its pid, then waiting far longer than the test.
    'bench/slow.sh': `#!/bin/sh\necho $$ > "$MARKS/suite.pid"\nsleep 300 &\necho $! > "$MARKS/child.pid"\nwait\n`,
    'bench/quick.sh': `#!/bin/sh\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`,
    'pitwall.yaml': `machine: m1\nsuites:\n  - name: slow\n    script: bench/slow.sh\n    env: { MARKS: ${marks} }\n  - name: quick\n    script: bench/quick.sh\n`,
  }, ['bench/slow.sh', 'bench/quick.sh']);
  t.after(() => { cleanup(); rmSync(marks, { recursive: true, force: true }); });

  const pitwall = spawn(process.execPath, [CLI, 'run', '--suite', 'slow'], { cwd: dir, stdio: 'ignore', env: { ...process.env, PITWALL_TOKEN: '', GITHUB_TOKEN: '' } });
  const exited = new Promise((resolve) => pitwall.on('exit', resolve));
  assert.ok(await waitUntil(() => existsSync(join(marks, 'child.pid')) && readFileSync(join(marks, 'child.pid'), 'utf8').trim() !== '', 20_000), 'the suite started');
  const suite = Number(readFileSync(join(marks, 'suite.pid'), 'utf8'));
  const child = Number(readFileSync(join(marks, 'child.pid'), 'utf8'));
  assert.ok(isRunning(suite) && isRunning(child));
  pitwall.kill('SIGKILL');
  await exited;

  assert.ok(await waitUntil(() => !isRunning(suite) && !isRunning(child), 10_000), `suite ${suite} or its child ${child} outlived pitwall`);

  const next = await runCli(['run', '--suite', 'quick'], { cwd: dir });
  assert.equal(next.code, 0, next.stderr);
  assert.match(next.stderr, /warning: .*lock/i, 'the lock of the killed run is taken over');
  assert.equal(git(dir, 'rev-list', '--count', 'results').trim(), '1');
});

test('a process that escapes the suite\'s group is named in the committed log and as a warning, and is stopped', { timeout: 60_000 }, async (t) => {
  const marks = mkdtempSync(join(tmpdir(), 'pitwall-escape-'));
  const { dir, cleanup } = makeProject({
    // It waits until the daemon has left its group (and become sleep), so it is not stopped with the group instead.
    'bench/daemon.sh': `#!/bin/sh\nsetsid sleep 300 > /dev/null 2>&1 < /dev/null &\npid=$!\nwhile [ "$(cut -d ' ' -f 5 /proc/$pid/stat 2>/dev/null)" = "$$" ] || [ "$(cat /proc/$pid/comm 2>/dev/null)" != sleep ]; do sleep 0.01; done\necho $pid > "$MARKS/daemon.pid"\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`,
    'pitwall.yaml': `machine: m1\nsuites:\n  - name: daemon\n    script: bench/daemon.sh\n    env: { MARKS: ${marks} }\n`,
  }, ['bench/daemon.sh']);
  t.after(() => { cleanup(); rmSync(marks, { recursive: true, force: true }); });
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const daemon = Number(readFileSync(join(marks, 'daemon.pid'), 'utf8'));
  assert.match(result.stderr, new RegExp(`pitwall:   warning: daemon run 1/1: 1 process left the suite's process group \\(setsid or a daemon\\) and still ran after it ended: ${daemon} \\(sleep 300\\); killed them\\. They ran beside the measurement and may have skewed it; keep every process of a suite in its group$`, 'm'));
  assert.ok(await waitUntil(() => !isRunning(daemon), 5_000), `the escaped process ${daemon} still runs`);
  const log = git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').find((p) => p.endsWith('.log'))!;
  assert.match(git(dir, 'show', `results:${log}`), new RegExp(`run 1/1 pitwall\\| warning: 1 process left the suite's process group .*${daemon} \\(sleep 300\\)`));
});
