import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBareRepo, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { git, makeProject, runCli } from '../../helpers/cli.ts';

const SUITE = `#!/bin/sh\nprintf '{"metric":"parse/small","samples":[1.1,1.2],"unit":"ms"}\\n' > "$2"\n`;

function configFor(remote: string, machine: string): string {
  return `machine: ${machine}\nremote: ${remote}\nsuites:\n  - name: core\n    script: bench/ok.sh\n`;
}

test('4 runner processes × 10 runs each pushing to one remote branch: all 40 runs arrive once, history linear', { timeout: 240_000 }, async (t) => {
  const server = await startGitHttpServer({ auth: { username: 'x-access-token', password: 'tok-123' } });
  t.after(() => server.stop());
  createBareRepo(server.root, 'bench.git');
  const remote = server.url('bench.git');
  const machines = ['m1', 'm2', 'm3', 'm4'];
  const projects = machines.map((m) => makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': configFor(remote, m) }, ['bench/ok.sh']));
  t.after(() => projects.forEach((p) => p.cleanup()));

  const outputs: string[] = [];
  await Promise.all(projects.map(async ({ dir }) => {
    for (let i = 0; i < 10; i++) {
      const result = await runCli(['run'], { cwd: dir, env: { PITWALL_TOKEN: 'tok-123' }, timeoutMs: 120_000 });
      assert.equal(result.code, 0, result.stderr);
      outputs.push(result.stderr);
    }
  }));
  assert.ok(outputs.every((o) => !o.includes('tok-123')), 'the token is never printed');
  // A lost race is a retry, told in one line; the server's complaint about it is not shown as an error.
  assert.ok(outputs.every((o) => !/cannot lock ref|error:/.test(o)), outputs.find((o) => /cannot lock ref|error:/.test(o)) ?? '');
  const retries = outputs.flatMap((o) => o.split('\n').filter((l) => l.includes('lost a race')));
  for (const line of retries) assert.match(line, /^pitwall: push attempt \d+ of 8 lost a race \(.+\); re-applying the runs on the new tip and retrying in \d+ ms$/);
  assert.ok(outputs.every((o) => (o.match(/pushed 1 commit to /g) ?? []).length === 1), 'the outcome once per run');
  t.diagnostic(`lost races told as retries: ${retries.length}`);

  const bare = join(server.root, 'bench.git');
  const files = git(bare, 'ls-tree', '-r', '--name-only', 'results').trim().split('\n').filter((p) => p.endsWith('.jsonl'));
  assert.equal(files.length, 40);
  assert.equal(new Set(files).size, 40);
  for (const m of machines) assert.equal(files.filter((f) => f.startsWith(`runs/${m}/`)).length, 10);
  const merges = git(bare, 'rev-list', '--merges', 'results').trim();
  assert.equal(merges, '', 'no merge commits');
  assert.equal(git(bare, 'rev-list', '--count', 'results').trim(), '40', 'one commit per run, none duplicated');
  git(bare, 'fsck', '--no-progress');
});

test('a run that cannot reach the remote stays committed locally and the next push delivers it', { timeout: 60_000 }, async (t) => {
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  createBareRepo(server.root, 'late.git');
  const closed = 'http://127.0.0.1:9/late.git'; // the discard port: nothing listens there
  const { dir, cleanup } = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': configFor(closed, 'm1') }, ['bench/ok.sh']);
  t.after(cleanup);
  const offline = await runCli(['run'], { cwd: dir });
  assert.equal(offline.code, 0, 'an unreachable remote does not fail the run');
  assert.match(offline.stderr, /stay committed locally/);
  const local = git(dir, 'rev-parse', 'results').trim();

  writeFileSync(join(dir, 'pitwall.yaml'), configFor(server.url('late.git'), 'm1'));
  const pushed = await runCli(['push'], { cwd: dir });
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.equal(git(join(server.root, 'late.git'), 'rev-parse', 'results').trim(), local);
  const again = await runCli(['push'], { cwd: dir });
  assert.equal(again.code, 0);
  assert.match(again.stderr, /already has every run/);
});

test('the next pitwall run delivers runs that an earlier one could not push', { timeout: 60_000 }, async (t) => {
  const server = await startGitHttpServer();
  t.after(() => server.stop());
  createBareRepo(server.root, 'next.git');
  const { dir, cleanup } = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': configFor('http://127.0.0.1:9/next.git', 'm1') }, ['bench/ok.sh']);
  t.after(cleanup);
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  writeFileSync(join(dir, 'pitwall.yaml'), configFor(server.url('next.git'), 'm1'));
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  const files = git(join(server.root, 'next.git'), 'ls-tree', '-r', '--name-only', 'results').split('\n').filter((p) => p.endsWith('.jsonl'));
  assert.equal(files.length, 2);
});
