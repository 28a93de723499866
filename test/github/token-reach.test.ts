/**
 * The push token stays out of reach of suites. The action's own step scripts
 * run with bash as on a runner; the suite is a probe that does what a hostile
 * suite would: it reads /proc/<pid>/environ of every process it can (its
 * parent pitwall, the step's shell and the rest) and every file under the
 * repository (git objects decompressed), the runner's temp folder and its
 * cache, and reports how many held the token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createBareRepo, startGitHttpServer } from '../helpers/git-http-server.ts';
import { git, makeProject, runCli } from '../helpers/cli.ts';
import { runActionSteps } from '../helpers/action-runner.ts';

const TOKEN = `ghs_probe${'7f3a9c'.repeat(6)}`;

// The pattern is put together at run time, so that the probe's own text (a git object too) does not match.
const PROBE = `#!/bin/bash
pattern="ghs_$(printf probe)"
found=0
for environ in /proc/[0-9]*/environ; do
  if tr '\\0' '\\n' < "$environ" 2>/dev/null | grep -q "$pattern"; then found=$((found + 1)); fi
done
files=$(grep -rl "$pattern" "$PITWALL_REPO" "$PITWALL_CACHE" "\${RUNNER_TEMP:-/nonexistent}" "$PWD" 2>/dev/null | wc -l)
objects=$(git -C "$PITWALL_REPO" cat-file --batch-all-objects --batch 2>/dev/null | grep -c "$pattern" || true)
printf '{"metric":"probe/environ","value":%d}\\n{"metric":"probe/files","value":%d}\\n{"metric":"probe/objects","value":%d}\\n' "$found" "$files" "$objects" > "$2"
`;

function probeValues(bare: string, commitFilter: (path: string) => boolean): Record<string, number>[] {
  const files = git(bare, 'ls-tree', '-r', '--name-only', 'results').trim().split('\n').filter((p) => p.endsWith('.jsonl') && commitFilter(p));
  return files.map((file) => {
    const values: Record<string, number> = {};
    for (const line of git(bare, 'show', `results:${file}`).trim().split('\n')) {
      const record = JSON.parse(line) as { kind: string; metric?: string; value?: number };
      if (record.kind === 'measurement' && record.metric !== undefined) values[record.metric] = record.value ?? NaN;
    }
    return values;
  });
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const info = statSync(full, { throwIfNoEntry: false });
    if (info?.isDirectory()) out.push(...filesUnder(full));
    else if (info?.isFile()) out.push(full);
  }
  return out;
}

test('a suite run by the action finds the push token in no process environment and no file, and the push still authenticates with it', { timeout: 120_000 }, async (t) => {
  const server = await startGitHttpServer({ auth: { username: 'x-access-token', password: TOKEN } });
  t.after(() => server.stop());
  createBareRepo(server.root, 'probe.git');
  const bare = join(server.root, 'probe.git');
  const project = makeProject({
    'bench/probe.sh': PROBE,
    'pitwall.yaml': `machine: m1\nremote: ${server.url('probe.git')}\nsuites:\n  - name: probe\n    script: bench/probe.sh\n`,
  }, ['bench/probe.sh']);
  t.after(project.cleanup);

  const run = await runActionSteps({ inputs: { run: 'true', token: TOKEN, 'node-version': '' }, cwd: project.dir });
  const ran = run.steps.filter((s) => s.outcome !== 'skipped').map((s) => s.name);
  assert.equal(run.ok, true, run.steps.map((s) => `${s.name}: ${s.outcome}\n${s.stderr}`).join('\n'));
  assert.deepEqual(ran, ['pitwall run', 'Push results']);
  assert.ok(!('PITWALL_TOKEN' in run.steps.find((s) => s.name === 'pitwall run')!.env), 'the step that runs suites gets no token');

  const [values] = probeValues(bare, () => true);
  assert.deepEqual(values, { 'probe/environ': 0, 'probe/files': 0, 'probe/objects': 0 }, 'the suite found the token nowhere');

  // Nothing left on the machine holds it either: files, git objects, the runner's temp folder.
  for (const file of [...filesUnder(project.dir), ...filesUnder(run.runnerTemp)]) {
    assert.ok(!readFileSync(file).includes(TOKEN), `${file} holds the token`);
  }
  const objects = execFileSync('git', ['-C', project.dir, 'cat-file', '--batch-all-objects', '--batch'], { maxBuffer: 64 * 1024 * 1024 });
  assert.ok(!objects.includes(TOKEN), 'no git object holds the token');
  for (const step of run.steps) assert.ok(!step.stdout.includes(TOKEN) && !step.stderr.includes(TOKEN), `${step.name} printed the token`);

  // The probe can fail: a token in pitwall's own environment is found, and pitwall warns about it.
  const exposed = await runCli(['run'], { cwd: project.dir, env: { PITWALL_TOKEN: TOKEN } });
  assert.equal(exposed.code, 0, exposed.stderr);
  assert.match(exposed.stderr, /warning: PITWALL_TOKEN is set in the environment of the process that runs the suites/);
  const all = probeValues(bare, () => true);
  assert.equal(all.length, 2);
  assert.ok(all.some((v) => (v['probe/environ'] ?? 0) >= 1), 'with the token in its environment the probe finds it');
});

test('the action splits suite names on spaces without expanding globs', { timeout: 60_000 }, async (t) => {
  const project = makeProject({
    'bench/ok.sh': '#!/bin/sh\nprintf \'{"metric":"x","value":1}\\n\' > "$2"\n',
    'pitwall.yaml': 'machine: m1\nsuites:\n  - name: a\n    script: bench/ok.sh\n  - name: b\n    script: bench/ok.sh\n',
  }, ['bench/ok.sh']);
  t.after(project.cleanup);
  const run = await runActionSteps({ inputs: { run: 'true', suite: 'b  *', 'node-version': '' }, cwd: project.dir });
  const step = run.steps.find((s) => s.name === 'pitwall run')!;
  assert.equal(step.outcome, 'failure');
  assert.match(step.stderr, /Unknown suite "\*"/, 'the * reached pitwall as it was written, not as the files of the folder');
  const plain = await runActionSteps({ inputs: { run: 'true', suite: ' b ', 'node-version': '' }, cwd: project.dir });
  assert.equal(plain.ok, true, plain.steps.map((s) => s.stderr).join('\n'));
  assert.match(plain.steps.find((s) => s.name === 'pitwall run')!.stderr, /\[1\/1\] suite b/);
});
