import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createBareRepo, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

test('a connection reset, a cut answer, an empty answer or a page that is not git: each a warning for a run, never an internal error', { timeout: 60_000 }, async (t) => {
  const answers: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    reset: (req) => req.socket.destroy(),
    cut: (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-git-upload-pack-advertisement' });
      res.write('001e# service=git-upload-pack\n0000004');
      setTimeout(() => req.socket.destroy(), 50);
    },
    empty: (_req, res) => res.writeHead(200, { 'Content-Type': 'application/x-git-upload-pack-advertisement' }).end(),
    'not git': (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Sign in to the proxy</html>'),
    'bad gateway': (_req, res) => res.writeHead(502).end('bad gateway'),
  };
  for (const [name, answer] of Object.entries(answers)) {
    const server = createServer(answer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    t.after(() => { server.closeAllConnections(); server.close(); });
    const { dir, cleanup } = project(`http://127.0.0.1:${(server.address() as AddressInfo).port}/r.git`);
    t.after(cleanup);
    const result = await runCli(['run'], { cwd: dir });
    assert.equal(result.code, 0, `${name}: ${result.stderr}`);
    assert.match(result.stderr, /pitwall: warning: Cannot fetch from "http:\/\/127\.0\.0\.1:\d+\/r\.git": .*; the runs stay committed locally/, name);
    assert.doesNotMatch(result.stderr, /internal error/, name);
    const push = await runCli(['push'], { cwd: dir });
    assert.equal(push.code, 1, `${name}: ${push.stderr}`);
    assert.match(push.stderr, /^error: Cannot fetch from /m, name);
  }
});
