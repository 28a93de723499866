import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, git, makeProject } from '../../helpers/cli.ts';
import { findCommandProgram } from '../../../runner/config/command-program.ts';

const OK = `#!/bin/sh\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`;

const BROKEN = [
  'machine: ci-1',
  'suites:',
  '  - name: missing',
  '    script: bench/nope.sh',
  '  - name: locked',
  '    script: bench/locked.sh',
  '  - name: interpreter',
  '    script: bench/py.sh',
  '  - name: nowhere',
  '    command: sleep 0',
  '    cwd: packages/gone',
  '  - name: typo',
  '    command: hyperfin --export-json "$2" "sleep 0"',
  '  - name: format',
  '    script: bench/ok.sh',
  '    format: critrion',
  '  - name: fine',
  '    script: bench/ok.sh',
  '',
].join('\n');

function hasResultsBranch(dir: string): boolean {
  return git(dir, 'branch', '--list', 'results').trim() !== '';
}

test('pitwall check reports every set-up mistake at once, each at its line, and runs nothing', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/locked.sh': OK,
    'bench/py.sh': '#!/usr/bin/env no-such-interpreter-pitwall\nprint(1)\n',
    'bench/ok.sh': OK,
    'pitwall.yaml': BROKEN,
  }, ['bench/py.sh', 'bench/ok.sh']);
  t.after(cleanup);
  const result = await runCli(['check', '--no-results', '--json'], { cwd: dir });
  assert.equal(result.code, 2, result.stderr);
  const { problems } = JSON.parse(result.stdout) as { problems: { line: number; column: number; message: string }[] };
  assert.deepEqual(problems.map((p) => [p.line, p.column]), [[4, 13], [6, 13], [8, 13], [11, 10], [13, 14], [16, 13]]);
  assert.match(problems[0]!.message, /suites\[0\]\.script: file "bench\/nope\.sh" does not exist/);
  assert.match(problems[1]!.message, /chmod \+x bench\/locked\.sh/);
  assert.match(problems[2]!.message, /interpreter "no-such-interpreter-pitwall"/);
  assert.match(problems[3]!.message, /folder "packages\/gone" does not exist/);
  assert.match(problems[4]!.message, /program "hyperfin" is not on the PATH/);
  assert.match(problems[5]!.message, /unknown format "critrion"; did you mean "criterion"\?/);

  const text = await runCli(['check', '--no-results'], { cwd: dir });
  assert.equal(text.code, 2);
  assert.match(text.stderr, /pitwall\.yaml:13:14: suites\[4\]\.command: program "hyperfin" is not on the PATH/);
  assert.equal(hasResultsBranch(dir), false);
});

test('a run with a set-up mistake exits 2 with the fix and commits no run, not even of the good suites', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/ok.sh': OK,
    'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: fine\n    script: bench/ok.sh\n  - name: typo\n    script: bench/okk.sh\n',
  }, ['bench/ok.sh']);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /Suites in "pitwall\.yaml" cannot start: 1 problem/);
  assert.match(result.stderr, /pitwall\.yaml:6:13: suites\[1\]\.script: file "bench\/okk\.sh" does not exist/);
  assert.match(result.stderr, /nothing was run or committed/);
  assert.equal(hasResultsBranch(dir), false, 'the results branch holds results of the code, not of typos');

  const commit = await runCli(['run', '--commit', 'HEAD'], { cwd: dir });
  assert.equal(commit.code, 2);
  assert.equal(hasResultsBranch(dir), false);

  // Only the suites asked for are checked.
  const only = await runCli(['run', '--suite', 'fine'], { cwd: dir });
  assert.equal(only.code, 0, only.stderr);
  assert.equal(hasResultsBranch(dir), true);
});

test('a command that starts and then fails is still committed as a failed run', async (t) => {
  const { dir, cleanup } = makeProject({ 'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: late\n    command: sh -c "exit 3"\n' });
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  const file = git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').find((p) => p.endsWith('.jsonl'))!;
  const run = JSON.parse(git(dir, 'show', `results:${file}`).split('\n')[0]!);
  assert.equal(run.status, 'failed');
  assert.equal(run.exitCode, 3);
});

test('pitwall.yaml is found in the nearest folder above, inside the repository, or given with --config', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/ok.sh': OK,
    'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: root\n    script: bench/ok.sh\n',
    'tools/bench/pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: nested\n    script: ok.sh\n',
    'tools/bench/ok.sh': OK,
    'src/deep/file.txt': 'x',
  }, ['bench/ok.sh', 'tools/bench/ok.sh']);
  t.after(cleanup);
  const fromDeep = await runCli(['run', '--no-push', '--json'], { cwd: join(dir, 'src', 'deep') });
  assert.equal(fromDeep.code, 0, fromDeep.stderr);
  assert.equal(JSON.parse(fromDeep.stdout).runs[0].suite, 'root');

  const nested = await runCli(['run', '--json'], { cwd: join(dir, 'tools', 'bench') });
  assert.equal(nested.code, 0, nested.stderr);
  const run = JSON.parse(nested.stdout).runs[0];
  assert.equal(run.suite, 'nested');
  assert.equal(run.suiteConfig.script.path, 'tools/bench/ok.sh', 'a script is relative to its config file');

  const given = await runCli(['check', '--no-results', '--config', 'tools/bench/pitwall.yaml'], { cwd: dir });
  assert.equal(given.code, 0, given.stderr);
  assert.match(given.stderr, /1 suite/);

  // The search stops at the repository root.
  const outer = join(dir, 'vendor-repo');
  mkdirSync(outer);
  git(outer, 'init', '-q');
  writeFileSync(join(outer, 'x.txt'), 'x');
  const inner = await runCli(['run'], { cwd: outer });
  assert.equal(inner.code, 2);
  assert.match(inner.stderr, /No pitwall\.yaml or pitwall\.yml in ".*vendor-repo" or the folders above it in the repository/);
});

test('findCommandProgram finds the program a shell command starts, and leaves expansions alone', () => {
  const cases: [string, string | null][] = [
    ['hyperfine --warmup 2 --export-json "$2" "./target/release/tool input.txt"', 'hyperfine'],
    ['cd bench && FOO=1 cargo bench > "$2"', 'cargo'],
    ['env -i PATH=/bin python3 bench.py', 'python3'],
    ['time -p make bench', 'make'],
    ['echo \'pitwall::measurement={"metric":"x","value":1}\'', null],
    ['./target/release/bench "$2"', null],
    ['"$1/bench/run.sh" "$1" "$2"', null],
    ['$TOOL run', null],
    ['/opt/tool/bin/bench', '/opt/tool/bin/bench'],
    ['# only a comment', null],
    ["'my tool' --flag", 'my tool'],
    ['2>/dev/null node x.js', 'node'],
  ];
  for (const [command, program] of cases) assert.equal(findCommandProgram(command), program, command);
});
