import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createBareRepo, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { startSlowServer } from '../../helpers/slow-server.ts';
import { git, makeProject, runCli } from '../../helpers/cli.ts';

const SUITE = `#!/bin/sh\nprintf '{"metric":"parse/small","samples":[1.1,1.2],"unit":"ms"}\\n' > "$2"\n`;

function project(remote: string) {
  return makeProject({
    'bench/ok.sh': SUITE,
    'pitwall.yaml': `machine: m1\nremote: ${remote}\nsuites:\n  - name: core\n    script: bench/ok.sh\n`,
  }, ['bench/ok.sh']);
}

test('a remote that accepts the connection and never answers is unreachable: warning, run kept, exit 0', { timeout: 60_000 }, async (t) => {
  const silent = await startSlowServer({ delayMs: () => null });
  t.after(() => silent.stop());
  const { dir, cleanup } = project(`${silent.origin}/bench.git`);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir, env: { PITWALL_IDLE_TIMEOUT: '500ms' } });
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /internal error/);
  assert.match(result.stderr, /warning: Cannot fetch from "http:\/\/127\.0\.0\.1:\d+\/bench\.git": 127\.0\.0\.1:\d+ sent nothing for 0\.5 s \(idle timeout\); the runs stay committed locally/);
  assert.equal(git(dir, 'rev-list', '--count', 'results').trim(), '1', 'the run is committed locally');
  assert.ok(silent.requests.length >= 1);
});

test('pitwall push to a silent remote fails as unreachable (exit 1), not as an internal error', { timeout: 60_000 }, async (t) => {
  const silent = await startSlowServer({ delayMs: () => null });
  t.after(() => silent.stop());
  const { dir, cleanup } = project(`${silent.origin}/bench.git`);
  t.after(cleanup);
  assert.equal((await runCli(['run', '--no-push'], { cwd: dir })).code, 0);
  const result = await runCli(['push'], { cwd: dir, env: { PITWALL_IDLE_TIMEOUT: '0.5' } });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^error: Cannot fetch from .*idle timeout/m);
  assert.match(result.stderr, /^hint: .*PITWALL_IDLE_TIMEOUT/m);
});

test('a server that is silent for 6 s before answering still receives the run (no 5 s agent timeout)', { timeout: 90_000 }, async (t) => {
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  createBareRepo(server.root, 'slow.git');
  const target = new URL(server.url('slow.git')).origin;
  // The push's own request: the exchange that ended runs with exit 70 before.
  const slow = await startSlowServer({ target, delayMs: (req) => (req.url?.includes('service=git-receive-pack') === true ? 6_000 : 0) });
  t.after(() => slow.stop());
  const { dir, cleanup } = project(`${slow.origin}/slow.git`);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /pushed 1 commit to /);
  assert.equal(git(join(server.root, 'slow.git'), 'rev-parse', 'results').trim(), git(dir, 'rev-parse', 'results').trim());
});

test('an invalid PITWALL_CONNECT_TIMEOUT is a usage error naming the variable', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = project('http://127.0.0.1:9/none.git');
  t.after(cleanup);
  assert.equal((await runCli(['run', '--no-push'], { cwd: dir })).code, 0);
  const bad = await runCli(['push'], { cwd: dir, env: { PITWALL_CONNECT_TIMEOUT: 'soon' } });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /Invalid PITWALL_CONNECT_TIMEOUT "soon"/);
});
