import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { git, makeProject, runCli } from '../../helpers/cli.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { readHistory } from '../../../results/store/read-history.ts';

function project(script: string) {
  return makeProject({
    'bench/run.sh': script,
    'pitwall.yaml': 'machine: m1\nsuites:\n  - name: big\n    script: bench/run.sh\n',
  }, ['bench/run.sh']);
}

function storedRun(dir: string): { record: Record<string, unknown>; lines: number; bytes: number; log: string } {
  const files = git(dir, 'ls-tree', '-r', '--name-only', 'results').trim().split('\n');
  const results = files.find((f) => f.endsWith('.jsonl'))!;
  const text = git(dir, 'show', `results:${results}`);
  const log = files.find((f) => f.endsWith('.log'));
  return {
    record: JSON.parse(text.split('\n')[0]!) as Record<string, unknown>,
    lines: text.trim().split('\n').length,
    bytes: Buffer.byteLength(text),
    log: log === undefined ? '' : execFileSync('git', ['show', `results:${log}`], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
  };
}

test('a suite printing 1,000,000 measurement lines is recorded as invalid output in a small file, and the branch still builds', { timeout: 120_000 }, async (t) => {
  const { dir, cleanup } = project(`#!/bin/sh\nawk 'BEGIN { for (i = 0; i < 1000000; i++) printf "pitwall::measurement={\\"metric\\":\\"m/%d\\",\\"value\\":%d}\\n", i, i }'\n`);
  const out = mkdtempSync(join(tmpdir(), 'pitwall-limits-site-'));
  t.after(() => { cleanup(); rmSync(out, { recursive: true, force: true }); });
  const result = await runCli(['run'], { cwd: dir, timeoutMs: 110_000 });
  assert.equal(result.code, 1, result.stderr);
  const { record, lines, bytes, log } = storedRun(dir);
  assert.equal(record['status'], 'invalid-output');
  assert.equal(record['metrics'], 0);
  // The example in results/README.md.
  assert.ok(String(record['error']).split('\n').includes('  bench stdout: has 1,000,000 "pitwall::measurement=" lines, over the limit of 100,000 per run; report one line per metric (put repeated values in "samples"), not one per iteration'), String(record['error']));
  assert.equal(lines, 1, 'the run record alone');
  assert.ok(bytes < 10_000, `${bytes} bytes`);
  assert.match(log, /more lines of output \([\d.]+ MiB\) were left out: the log file is limited to 16 MiB|bytes of output were not kept in this log/);
  const build = await runCli(['build', '--out', out], { cwd: dir, timeoutMs: 110_000 });
  assert.equal(build.code, 0, build.stderr);
});

test('a 50 MB metric name is refused with its size, and nothing of it is committed', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = project(`#!/bin/sh\n{ printf '{"metric":"'; head -c 52428800 /dev/zero | tr '\\0' x; printf '","value":1}\\n{"metric":"ok","value":2}\\n'; } > "$2"\n`);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  const { record, bytes } = storedRun(dir);
  assert.equal(record['status'], 'invalid-output');
  assert.match(String(record['error']), /line 1: "metric" "x{57}\.\.\." is 52,428,800 bytes long, over the limit of 1,024; write a name of at most 1,024 bytes/);
  assert.ok(bytes < 10_000, `${bytes} bytes`);
});

test('invalid UTF-8 and control characters in names make the run invalid output instead of being changed silently', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = project(`#!/bin/sh\nprintf 'pitwall::measurement={"metric":"bad\\377name","value":1}\\n'\nprintf '{"metric":"nul\\\\u0000","value":1}\\n' > "$2"\n`);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  const { record } = storedRun(dir);
  assert.equal(record['status'], 'invalid-output');
  // The example in results/README.md.
  assert.ok(String(record['error']).split('\n').includes('  bench output "big-run-1.jsonl" line 1: "metric" "nul\\u0000" holds the control character U+0000 at character 4; write a name of at most 1,024 bytes of valid UTF-8 without control characters (tabs and newlines included), such as "parse/small"'), String(record['error']));
  assert.match(String(record['error']), /bench stdout line 1: "metric" "bad\uFFFDname" is not valid UTF-8/);
});

test('a results file over the limits, written by another tool, is left out of the build with a warning, and check names it', { timeout: 120_000 }, async (t) => {
  const { dir, cleanup } = project(`#!/bin/sh\nprintf '{"metric":"ok","value":1}\\n' > "$2"\n`);
  const out = mkdtempSync(join(tmpdir(), 'pitwall-limits-site-'));
  t.after(() => { cleanup(); rmSync(out, { recursive: true, force: true }); });
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  const { record } = storedRun(dir);
  const repo = await openResultsRepo({ dir });
  const huge = `${JSON.stringify({ ...record, run: 'm1/20260101T000000Z-abcdef0-huge' })}\n${' '.repeat(49 * 1024 * 1024)}\n`;
  const badName = `${JSON.stringify({ ...record, run: 'm1/20260101T000001Z-abcdef0-name' })}\n${JSON.stringify({ schema: 1, kind: 'measurement', metric: `a\nb`, value: 1, unit: null, direction: -1, suite: 'big', machine: 'm1', commit: record['commit'], branch: null, time: record['time'], run: 'm1/20260101T000001Z-abcdef0-name' })}\n`;
  await writeRun(repo, {
    files: [
      { path: 'runs/m1/2026-01/01/20260101T000000Z-abcdef0-huge.jsonl', content: huge },
      { path: 'runs/m1/2026-01/01/20260101T000001Z-abcdef0-name.jsonl', content: badName },
    ],
    message: 'written by another tool',
  });
  const history = await readHistory(repo, { mainBranch: 'main', cacheFile: null });
  assert.equal(history.runs.length, 1, 'the good run is read');
  assert.deepEqual(history.skipped?.map((s) => [s.path.split('/').pop(), s.line]), [['20260101T000000Z-abcdef0-huge.jsonl', 1], ['20260101T000001Z-abcdef0-name.jsonl', 2]]);

  const build = await runCli(['build', '--out', out], { cwd: dir, timeoutMs: 110_000 });
  assert.equal(build.code, 0, build.stderr);
  assert.match(build.stderr, /warning: runs\/m1\/2026-01\/01\/20260101T000000Z-abcdef0-huge\.jsonl:1: Results file ".*" is 49 MiB, over the limit of 48 MiB; its run is left out of the dashboard/);
  assert.match(build.stderr, /warning: runs\/m1\/2026-01\/01\/20260101T000001Z-abcdef0-name\.jsonl:2: line 2 has a "metric" that holds the control character U\+000A/);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /2 problems to fix in files on the results branch/);

  const check = await runCli(['check'], { cwd: dir });
  assert.equal(check.code, 2);
  assert.match(check.stdout, /20260101T000000Z-abcdef0-huge\.jsonl:1: Results file .* is 49 MiB, over the limit of 48 MiB; the dashboard leaves it out/);
  assert.match(check.stdout, /20260101T000001Z-abcdef0-name\.jsonl:2: .*control character U\+000A/);
});
