import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createBareRepo, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { git, makeProject, runCli } from '../../helpers/cli.ts';

const SUITE = `#!/bin/sh\nprintf '{"metric":"parse/small","value":1.2,"unit":"ms"}\\n' > "$2"\n`;
const config = (remote: string, machine: string) => `machine: ${machine}\nremote: ${remote}\nsuites:\n  - name: core\n    script: bench/ok.sh\n`;

test('pitwall fetch brings in what others pushed, keeps local runs on top and pushes nothing', { timeout: 60_000 }, async (t) => {
  const server = await startGitHttpServer({ auth: { username: 'x-access-token', password: 'read-only-token' } });
  t.after(() => server.stop());
  createBareRepo(server.root, 'f.git');
  const remote = server.url('f.git');
  const a = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': config(remote, 'a') }, ['bench/ok.sh']);
  const b = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': config(remote, 'b') }, ['bench/ok.sh']);
  t.after(() => { a.cleanup(); b.cleanup(); });
  assert.equal((await runCli(['run'], { cwd: a.dir, env: { PITWALL_TOKEN: 'read-only-token' } })).code, 0);
  assert.equal((await runCli(['run', '--no-push'], { cwd: b.dir })).code, 0);
  const remoteTip = git(join(server.root, 'f.git'), 'rev-parse', 'results').trim();

  const fetched = await runCli(['fetch'], { cwd: b.dir, env: { PITWALL_TOKEN: 'read-only-token' } });
  assert.equal(fetched.code, 0, fetched.stderr);
  assert.match(fetched.stderr, /fetched results from .*; 1 local commit kept on top, not pushed/);
  const files = git(b.dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((f) => f.endsWith('.jsonl'));
  assert.deepEqual(files.map((f) => f.split('/')[1]).sort(), ['a', 'b']);
  assert.equal(git(join(server.root, 'f.git'), 'rev-parse', 'results').trim(), remoteTip, 'nothing was pushed');
  assert.ok(!fetched.stderr.includes('read-only-token'));
});

test('fetch and push without a remote fail with NO_REMOTE, or say so and succeed with --if-configured', { timeout: 30_000 }, async (t) => {
  const project = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': 'machine: m\nsuites:\n  - name: core\n    script: bench/ok.sh\n' }, ['bench/ok.sh']);
  t.after(project.cleanup);
  for (const command of ['fetch', 'push']) {
    const plain = await runCli([command], { cwd: project.dir });
    assert.equal(plain.code, 2, plain.stderr);
    assert.match(plain.stderr, /No remote to/);
    const optional = await runCli([command, '--if-configured'], { cwd: project.dir });
    assert.equal(optional.code, 0, optional.stderr);
    assert.match(optional.stderr, /no remote configured/);
  }
  const example = await runCli(['push', '--help'], { cwd: project.dir });
  assert.match(example.stdout, /pitwall push --if-configured/);
});
