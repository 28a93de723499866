import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import { runProcess } from '../../../runner/bench/spawn.ts';
import type { LogLine, RunProcessOptions } from '../../../runner/bench/spawn.ts';
import { isProcessGone, SUITES_DIR, waitFor } from './helpers.ts';

function runFixture(script: string, options: Partial<RunProcessOptions> = {}) {
  return runProcess({
    file: path.join(SUITES_DIR, script), args: ['/repo', '/tmp/does-not-matter.jsonl'], cwd: SUITES_DIR, env: { PATH: process.env['PATH'] ?? '' },
    timeoutMs: 10_000, label: 'run 1/1', killGraceMs: 200, ...options,
  });
}

function pidFrom(lines: readonly LogLine[], word: string): number {
  const line = lines.find((l) => l.text.startsWith(`${word} `));
  assert.ok(line, `no "${word} <pid>" line in ${JSON.stringify(lines)}`);
  return Number(line.text.slice(word.length + 1));
}

test('runProcess captures stdout and stderr line by line with time, stream and label', async () => {
  const result = await runProcess({
    file: '/bin/sh', args: ['-c', 'echo one; echo two >&2; printf "three\\r\\nno newline"'], cwd: SUITES_DIR, env: {}, timeoutMs: 5000, label: 'run 2/5',
  });
  assert.equal(result.exitCode, 0);
  assert.equal(result.signal, null);
  assert.equal(result.timedOut, false);
  assert.deepEqual(result.lines.map((l) => [l.stream, l.text]).sort(), [['stderr', 'two'], ['stdout', 'no newline'], ['stdout', 'one'], ['stdout', 'three']]);
  for (const line of result.lines) {
    assert.equal(line.label, 'run 2/5');
    assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  assert.ok(result.durationMs > 0);
});

test('a script exiting 2 gives exit code 2 and its stderr', async () => {
  const result = await runFixture('exit-2.sh');
  assert.equal(result.exitCode, 2);
  assert.deepEqual(result.lines.map((l) => `${l.stream}: ${l.text}`), ['stderr: parse failed: bad input']);
});

test('a script hanging past its timeout is killed with its whole process group, grandchild included', async () => {
  const started = Date.now();
  const result = await runFixture('hang-with-grandchild.sh', { timeoutMs: 300 });
  assert.equal(result.timedOut, true);
  assert.equal(result.exitCode, null);
  assert.equal(result.signal, 'SIGTERM');
  assert.ok(Date.now() - started < 3000, 'took too long to stop');
  const grandchild = pidFrom(result.lines, 'grandchild');
  assert.ok(await waitFor(() => isProcessGone(grandchild)), `grandchild ${grandchild} still runs`);
});

test('a script ignoring SIGTERM is killed with SIGKILL after the grace period', async () => {
  const result = await runFixture('ignore-term.sh', { timeoutMs: 200, killGraceMs: 300 });
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGKILL');
  assert.ok(result.durationMs >= 450, `killed too early, after ${result.durationMs} ms`);
});

test('processes a script leaves running after it exits are stopped and do not hold up the result', async () => {
  const started = Date.now();
  const result = await runFixture('leave-background.sh');
  assert.equal(result.exitCode, 0);
  assert.equal(result.killedLeftovers, true);
  assert.ok(Date.now() - started < 2000);
  const background = pidFrom(result.lines, 'background');
  assert.ok(await waitFor(() => isProcessGone(background)), `background process ${background} still runs`);
});

test('a file that cannot be started gives spawnError instead of throwing', async () => {
  const result = await runFixture('no-such-script.sh');
  assert.equal(result.spawnError?.code, 'ENOENT');
  assert.equal(result.exitCode, null);
});

test('stored output is capped while onLine still sees every line', async () => {
  let seen = 0;
  const result = await runFixture('noisy.sh', { maxOutputBytes: 1000, onLine: () => seen++ });
  assert.equal(seen, 2001);
  const stored = result.lines.reduce((sum, l) => sum + Buffer.byteLength(l.text) + 1, 0);
  assert.ok(stored <= 1000 && stored > 900, `stored ${stored} bytes`);
  assert.ok(result.droppedBytes > 70_000);
});

const SPAWN_URL = new URL('../../../runner/bench/spawn.ts', import.meta.url).href;

/** Runs runProcess inside a separate node process, so that process can receive SIGINT. */
async function runDriver(ownListener: boolean) {
  const code = `
    import { runProcess } from ${JSON.stringify(SPAWN_URL)};
    ${ownListener ? "process.on('SIGINT', () => {});" : ''}
    const result = await runProcess({
      file: ${JSON.stringify(path.join(SUITES_DIR, 'hang-with-grandchild.sh'))}, args: [], cwd: '/', env: {}, timeoutMs: 60000,
      label: 'run 1/1', killGraceMs: 200, onLine: (line) => console.log(line.text),
    });
    console.log('result ' + JSON.stringify({ interrupted: result.interrupted, listeners: process.listenerCount('SIGINT') }));
    process.exit(0);
  `;
  const driver = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  driver.stdout.setEncoding('utf8');
  driver.stdout.on('data', (chunk: string) => {
    if (!output.includes('grandchild') && (output + chunk).includes('grandchild')) setTimeout(() => driver.kill('SIGINT'), 50);
    output += chunk;
  });
  const [exitCode, signal] = (await once(driver, 'exit')) as [number | null, NodeJS.Signals | null];
  const grandchild = Number(/grandchild (\d+)/.exec(output)?.[1]);
  assert.ok(grandchild > 0, `driver printed: ${output}`);
  return { exitCode, signal, output, grandchild };
}

test('SIGINT to the parent kills the group, then ends the parent as SIGINT would have', async () => {
  const { exitCode, signal, output, grandchild } = await runDriver(false);
  assert.equal(signal, 'SIGINT', `driver exited with ${exitCode}: ${output}`);
  assert.ok(!output.includes('result'));
  assert.ok(await waitFor(() => isProcessGone(grandchild)), `grandchild ${grandchild} still runs`);
});

test('with its own SIGINT listener the parent gets an interrupted result and the listener is removed after', async () => {
  const { exitCode, output, grandchild } = await runDriver(true);
  assert.equal(exitCode, 0);
  assert.match(output, /result \{"interrupted":"SIGINT","listeners":1\}/);
  assert.ok(await waitFor(() => isProcessGone(grandchild)), `grandchild ${grandchild} still runs`);
});

test('a process that left the group with setsid is found by the run\'s tag, reported and killed', async () => {
  const result = await runFixture('escape-group.sh');
  assert.equal(result.exitCode, 0);
  const escaped = pidFrom(result.lines, 'escaped');
  assert.deepEqual(result.escaped.map((p) => p.pid), [escaped]);
  assert.equal(result.escaped[0]?.command, 'sleep 300');
  assert.ok(await waitFor(() => isProcessGone(escaped)), `escaped process ${escaped} still runs`);
});

test('a run that keeps to its group reports no escaped process', async () => {
  const result = await runFixture('leave-background.sh');
  assert.deepEqual(result.escaped, []);
  assert.equal(result.killedLeftovers, true);
});
