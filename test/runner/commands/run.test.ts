import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { runCli, git, makeProject, CLI } from '../../helpers/cli.ts';

const OK_SUITE = `#!/bin/sh
printf '{"metric":"parse/small","samples":[1.2,1.3],"unit":"ms"}\\n{"metric":"size","value":1024,"unit":"B","direction":-1}\\n' > "$2"
echo 'pitwall::measurement={"metric":"stdout/count","value":3}'
echo "warming up" >&2
`;

function config(suites: string): string {
  return `machine: ci-1\nsuites:\n${suites}`;
}

function runFiles(dir: string): string[] {
  return git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((p) => p.endsWith('.jsonl'));
}

test('pitwall run commits measurements and logs to the results branch and leaves the checkout alone', async (t) => {
  const { dir, cleanup } = makeProject({ 'bench/ok.sh': OK_SUITE, 'pitwall.yaml': config('  - name: core\n    script: bench/ok.sh\n    repeat: 2\n') }, ['bench/ok.sh']);
  t.after(cleanup);
  writeFileSync(join(dir, 'pitwall.yaml'), config('  - name: core\n    script: bench/ok.sh\n    repeat: 2\n') + '# edited, not staged\n');
  writeFileSync(join(dir, 'staged.txt'), 'staged');
  git(dir, 'add', 'staged.txt');
  const statusBefore = git(dir, 'status', '--porcelain');
  const indexBefore = readFileSync(join(dir, '.git', 'index'));
  const headBefore = readFileSync(join(dir, '.git', 'HEAD'), 'utf8');

  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);

  assert.equal(git(dir, 'status', '--porcelain'), statusBefore);
  assert.deepEqual(readFileSync(join(dir, '.git', 'index')), indexBefore);
  assert.equal(readFileSync(join(dir, '.git', 'HEAD'), 'utf8'), headBefore);
  const files = runFiles(dir);
  assert.equal(files.length, 1);
  assert.match(files[0]!, /^runs\/ci-1\/\d{4}-\d{2}\/\d{2}\/\d{8}T\d{6}Z-[0-9a-f]{7}-core\.jsonl$/);
  const lines = git(dir, 'show', `results:${files[0]}`).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].kind, 'run');
  assert.equal(lines[0].status, 'ok');
  assert.equal(lines[0].commitInfo.subject, 'Initial commit');
  const small = lines.find((l) => l.metric === 'parse/small');
  assert.deepEqual(small.samples, [1.2, 1.3, 1.2, 1.3]);
  assert.equal(small.branch, 'main');
  assert.ok(lines.some((l) => l.metric === 'stdout/count'));
  assert.match(git(dir, 'log', '-1', '--format=%s', 'results').trim(), /^run core @ [0-9a-f]{7} on ci-1: 3 metrics, ok$/);
  assert.match(git(dir, 'show', `results:${files[0]!.replace(/\.jsonl$/, '.log')}`), /stderr\| warming up/);
  assert.match(git(dir, 'grep', '-h', 'parse/small', 'results', '--', 'runs'), /"commit":"[0-9a-f]{40}"/);
  git(dir, 'fsck', '--no-progress');
});

test('a failing suite exits 1 and its run is committed with the exit code and the logs', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/fail.sh': '#!/bin/sh\necho "boom: missing fixture" >&2\nexit 2\n',
    'bench/ok.sh': OK_SUITE,
    'pitwall.yaml': config('  - name: broken\n    script: bench/fail.sh\n  - name: fine\n    script: bench/ok.sh\n'),
  }, ['bench/fail.sh', 'bench/ok.sh']);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 1);
  const files = runFiles(dir);
  assert.equal(files.length, 2, 'the failed suite does not stop the others');
  const broken = files.find((f) => f.endsWith('-broken.jsonl'))!;
  const run = JSON.parse(git(dir, 'show', `results:${broken}`).split('\n')[0]!);
  assert.equal(run.status, 'failed');
  assert.equal(run.exitCode, 2);
  assert.match(git(dir, 'show', `results:${run.log}`), /boom: missing fixture/);
  assert.match(git(dir, 'log', '--format=%s', 'results'), /run broken @ [0-9a-f]{7} on ci-1: 0 metrics, failed \(exit 2\)/);
});

test('invalid output is committed as invalid-output and the error names the line', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/bad.sh': `#!/bin/sh\nprintf '{"metric":"a","value":1}\\n{"metric":"b","value":"12ms"}\\n' > "$2"\n`,
    'pitwall.yaml': config('  - name: bad\n    script: bench/bad.sh\n'),
  }, ['bench/bad.sh']);
  t.after(cleanup);
  const result = await runCli(['run', '--json'], { cwd: dir });
  assert.equal(result.code, 1);
  const { runs } = JSON.parse(result.stdout);
  assert.equal(runs[0].status, 'invalid-output');
  assert.match(runs[0].error, /line 2/);
  assert.equal(runFiles(dir).length, 1);
});

test('a config error exits 2 and points at the line and column', async (t) => {
  const { dir, cleanup } = makeProject({ 'pitwall.yaml': 'suites:\n  - name: core\n    command: echo\n    repeat: five\n' });
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /pitwall\.yaml:4:13: suites\[0\]\.repeat/);
  assert.throws(() => git(dir, 'rev-parse', '--verify', '-q', 'results'));
});

test('--commit benchmarks an older revision in a temporary checkout that is removed afterwards', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/v.sh': `#!/bin/sh\nprintf '{"metric":"version","value":%s}\\n' "$(cat "$1/VERSION")" > "$2"\n`,
    'VERSION': '1',
    'pitwall.yaml': config('  - name: v\n    script: bench/v.sh\n'),
  }, ['bench/v.sh']);
  t.after(cleanup);
  const first = git(dir, 'rev-parse', 'HEAD').trim();
  writeFileSync(join(dir, 'VERSION'), '2');
  git(dir, 'commit', '-qam', 'Bump version');
  // Its own temp folder, so that other tests' checkouts do not count.
  const temp = mkdtempSync(join(tmpdir(), 'pitwall-run-tmp-'));
  t.after(() => rmSync(temp, { recursive: true, force: true }));
  const result = await runCli(['run', '--commit', first.slice(0, 8), '--json'], { cwd: dir, env: { TMPDIR: temp } });
  assert.equal(result.code, 0, result.stderr);
  const { runs } = JSON.parse(result.stdout);
  assert.equal(runs[0].commit, first);
  const measurement = JSON.parse(git(dir, 'show', `results:${runFiles(dir)[0]}`).trim().split('\n')[1]!);
  assert.equal(measurement.value, 1);
  assert.ok(existsSync(join(temp, 'pitwall-checkouts')), 'the run checked out into the temp folder');
  assert.deepEqual(readdirSync(join(temp, 'pitwall-checkouts')), [], 'the temporary checkout is gone');
});

test('a run killed mid-way needs no clean-up: the next run takes over its lock and succeeds', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/slow.sh': '#!/bin/sh\necho started >&2\nsleep 30\n',
    'bench/ok.sh': OK_SUITE,
    'pitwall.yaml': config('  - name: slow\n    script: bench/slow.sh\n'),
  }, ['bench/slow.sh', 'bench/ok.sh']);
  t.after(cleanup);
  const child = spawn(process.execPath, [CLI, 'run', '--commit', 'HEAD'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => { if (d.toString().includes('started')) resolve(); });
  });
  assert.ok(existsSync(join(dir, '.git', 'pitwall.lock')));
  const killedPid = child.pid!;
  const scratchOf = () => (existsSync(join(tmpdir(), 'pitwall-checkouts')) ? readdirSync(join(tmpdir(), 'pitwall-checkouts')).filter((n) => n.startsWith(`${killedPid}-`)) : []);
  assert.ok(scratchOf().length > 0, 'the killed run had scratch directories');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));

  writeFileSync(join(dir, 'pitwall.yaml'), config('  - name: fine\n    script: bench/ok.sh\n'));
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: .*lock/i);
  assert.equal(runFiles(dir).length, 1);
  assert.equal(existsSync(join(dir, '.git', 'pitwall.lock')), false, 'the lock is released');
  assert.deepEqual(scratchOf(), [], 'the killed run\'s checkout and output folders are gone');
});

test('a second run on the same repository while one is running is refused', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/slow.sh': '#!/bin/sh\necho started >&2\nsleep 5\nprintf \'{"metric":"a","value":1}\\n\' > "$2"\n',
    'pitwall.yaml': config('  - name: slow\n    script: bench/slow.sh\n'),
  }, ['bench/slow.sh']);
  t.after(cleanup);
  const child = spawn(process.execPath, [CLI, 'run'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  t.after(() => { child.kill('SIGKILL'); });
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => { if (d.toString().includes('started')) resolve(); });
  });
  const second = await runCli(['run'], { cwd: dir });
  assert.notEqual(second.code, 0);
  assert.match(second.stderr, /lock|running/i);
  child.kill('SIGKILL');
});

test('suites do not inherit the push token from the environment', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/env.sh': `#!/bin/sh\necho "token=[$PITWALL_TOKEN$GITHUB_TOKEN]"\nprintf '{"metric":"has_token","value":%s}\\n' "\${#PITWALL_TOKEN}" > "$2"\n`,
    'pitwall.yaml': config('  - name: env\n    script: bench/env.sh\n'),
  }, ['bench/env.sh']);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir, env: { PITWALL_TOKEN: 'sekrit-value-123', GITHUB_TOKEN: 'ghs_other' } });
  assert.equal(result.code, 0, result.stderr);
  const file = runFiles(dir)[0]!;
  const measurement = JSON.parse(git(dir, 'show', `results:${file}`).trim().split('\n')[1]!);
  assert.equal(measurement.value, 0);
  assert.match(git(dir, 'show', `results:${file.replace(/\.jsonl$/, '.log')}`), /token=\[\]/);
});

test('pitwall run without suites is a usage error', async (t) => {
  const { dir, cleanup } = makeProject({ 'pitwall.yaml': 'machine: m\n' });
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /No suites/);
});

test('pitwall check --json lists every config problem with its position', async (t) => {
  const { dir, cleanup } = makeProject({ 'pitwall.yaml': 'machien: m\nsuites:\n  - name: core\n    command: echo\n    repeat: five\n    format: critrion\n' });
  t.after(cleanup);
  const result = await runCli(['check', '--json'], { cwd: dir });
  assert.equal(result.code, 2);
  const { problems } = JSON.parse(result.stdout);
  assert.deepEqual(problems.map((p: { line: number; column: number }) => [p.line, p.column]), [[1, 1], [5, 13], [6, 13]]);
  assert.match(problems[2].message, /criterion/);
});
