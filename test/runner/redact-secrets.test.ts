import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { git, makeProject, runCli } from '../helpers/cli.ts';
import { createBareRepo, startGitHttpServer } from '../helpers/git-http-server.ts';
import { listSecrets, listUrlSecrets, redactSecrets, redactUrlCredentials } from '../../runner/redact-secrets.ts';

test('redactSecrets blanks every occurrence, also URL-encoded, longest secret first', () => {
  const token = 'ghp_abc/def+ghi=123456';
  const text = `token ${token} in https://x-access-token:${encodeURIComponent(token)}@github.com and ${token}`;
  assert.equal(redactSecrets(text, [token]), 'token *** in https://x-access-token:***@github.com and ***');
  assert.equal(redactSecrets('abcdefgh-12345678', ['abcdefgh', 'abcdefgh-12345678']), '***');
  assert.equal(redactSecrets('short 1234', ['1234']), 'short 1234', 'values too short to be tokens are left alone');
});

test('listSecrets takes the token variables of the environment', () => {
  assert.deepEqual(listSecrets({ GITHUB_TOKEN: 'ghs_0123456789', PITWALL_TOKEN: '', HOME: '/home/x', GH_TOKEN: 'gho_abcdefghij' }), ['ghs_0123456789', 'gho_abcdefghij']);
});

test('a suite that gets hold of the token and prints it does not commit it to the results branch', async (t) => {
  const token = 'ghs_secretValueForThisTest0123';
  // Suites do not inherit the token; this one is handed a copy through its own env, as a careless config might.
  const { dir, cleanup } = makeProject({
    'bench/env.sh': `#!/bin/sh\necho "token=$COPY"\necho "again $COPY" >&2\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`,
    'pitwall.yaml': `machine: ci-1\nsuites:\n  - name: env\n    script: bench/env.sh\n    env: { COPY: ${token} }\n`,
  }, ['bench/env.sh']);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir, env: { GITHUB_TOKEN: token } });
  assert.equal(result.code, 0, result.stderr);
  const log = git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').find((p) => p.endsWith('.log'))!;
  const text = git(dir, 'show', `results:${log}`);
  assert.match(text, /token=\*\*\*/);
  assert.match(text, /again \*\*\*/);
  assert.ok(!text.includes(token));
  assert.ok(!git(dir, 'log', '-p', 'results').includes(token), 'nowhere in the branch history');
  assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token));
});

test('redactUrlCredentials blanks the password or token of every URL, whatever its length', () => {
  assert.equal(redactUrlCredentials('to https://user:pw@host/repo.git and http://tok@h:8/x'), 'to https://user:***@host/repo.git and http://***@h:8/x');
  assert.equal(redactUrlCredentials('https://u:p@ss@host/x'), 'https://u:***@host/x', 'an unencoded "@" in the password');
  assert.equal(redactUrlCredentials('mail a@b.com, see https://host/a@b'), 'mail a@b.com, see https://host/a@b', 'no userinfo, nothing to blank');
  assert.deepEqual(listUrlSecrets('https://user:s%40cret-123@host'), ['s%40cret-123', 's@cret-123']);
  assert.deepEqual(listSecrets({ PITWALL_REMOTE: 'https://ci:verysecret@host/r.git' }), ['verysecret']);
});

test('a credential URL in PITWALL_REMOTE is never printed, and suites do not inherit it', async (t) => {
  const password = 'remote-pass-0123456789';
  const server = await startGitHttpServer({ auth: { username: 'ci', password } });
  t.after(() => server.stop());
  createBareRepo(server.root, 'cred.git');
  const url = server.url('cred.git').replace('http://', `http://ci:${password}@`);
  // The suite prints its whole environment, and the remote's URL as a careless script might.
  const { dir, cleanup } = makeProject({
    'bench/env.sh': `#!/bin/sh\nenv\necho "origin is ${url.replace(password, '$SECRET_PART')}"\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`,
    'pitwall.yaml': `machine: ci-1\nsuites:\n  - name: env\n    script: bench/env.sh\n    env: { SECRET_PART: ${password} }\n`,
  }, ['bench/env.sh']);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir, env: { PITWALL_REMOTE: url, PITWALL_MACHINE: 'ci-1' } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /pushed 1 commit to http:\/\/ci:\*\*\*@127\.0\.0\.1:\d+\/cred\.git results/);
  assert.ok(!result.stderr.includes(password) && !result.stdout.includes(password), 'not printed');
  const history = git(dir, 'log', '-p', 'results');
  assert.ok(!history.includes(password), 'not committed');
  const log = git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').find((p) => p.endsWith('.log'))!;
  const text = git(dir, 'show', `results:${log}`);
  assert.match(text, /stdout\| PITWALL_COMMIT=/, 'the suite printed its environment');
  assert.doesNotMatch(text, /PITWALL_REMOTE|PITWALL_MACHINE/, 'pitwall\'s own settings are not inherited');
  assert.match(text, /origin is http:\/\/ci:\*\*\*@127/);
  assert.equal(git(join(server.root, 'cred.git'), 'rev-parse', 'results').trim(), git(dir, 'rev-parse', 'results').trim());
});

test('an unreachable credential URL is not printed in the warning either', async (t) => {
  const { dir, cleanup } = makeProject({
    'bench/ok.sh': `#!/bin/sh\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`,
    'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: ok\n    script: bench/ok.sh\n',
  }, ['bench/ok.sh']);
  t.after(cleanup);
  const result = await runCli(['run'], { cwd: dir, env: { PITWALL_REMOTE: 'http://ci:hunter2@127.0.0.1:9/r.git' } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: Cannot fetch from "http:\/\/127\.0\.0\.1:9\/r\.git"/);
  assert.ok(!result.stderr.includes('hunter2'));
  const invalid = await runCli(['run'], { cwd: dir, env: { PITWALL_REMOTE: 'ssh://ci:hunter2@host/r.git' } });
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /Invalid PITWALL_REMOTE "ssh:\/\/ci:\*\*\*@host\/r\.git"/);
});

test('a URL with credentials in a suite command is blanked in the committed run record and log', async (t) => {
  const { dir, cleanup } = makeProject({
    'pitwall.yaml': 'machine: ci-1\nsuites:\n  - name: fetch\n    command: "echo fetching https://bot:fetch-pass-4242@example.com/data.csv; printf \'{\\"metric\\":\\"a\\",\\"value\\":1}\\\\n\' > \\"$2\\""\n',
  });
  t.after(cleanup);
  const result = await runCli(['run', '--json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(!result.stdout.includes('fetch-pass-4242') && !result.stderr.includes('fetch-pass-4242'));
  assert.match(result.stdout, /https:\/\/bot:\*\*\*@example\.com\/data\.csv/);
  assert.ok(!git(dir, 'log', '-p', 'results').includes('fetch-pass-4242'), 'not committed');
});

test('credentials in the URL of a git remote are neither printed nor committed, also when a suite prints the remote', async (t) => {
  const password = 'origin-pass-9876543210';
  const server = await startGitHttpServer({ auth: { username: 'ci', password } });
  t.after(() => server.stop());
  createBareRepo(server.root, 'origin.git');
  const { dir, cleanup } = makeProject({
    'bench/ok.sh': `#!/bin/sh\ngit -C "$1" remote -v\nprintf '{"metric":"a","value":1}\\n' > "$2"\n`,
    'pitwall.yaml': 'machine: ci-1\nremote: origin\nsuites:\n  - name: ok\n    script: bench/ok.sh\n',
  }, ['bench/ok.sh']);
  t.after(cleanup);
  git(dir, 'remote', 'add', 'origin', server.url('origin.git').replace('http://', `http://ci:${password}@`));
  const result = await runCli(['run'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /pushed 1 commit to origin results/);
  assert.ok(!result.stderr.includes(password));
  const log = git(dir, 'ls-tree', '-r', '--name-only', 'results').split('\n').find((p) => p.endsWith('.log'))!;
  const text = git(dir, 'show', `results:${log}`);
  assert.match(text, /origin\thttp:\/\/ci:\*\*\*@127\.0\.0\.1:\d+\/origin\.git \(fetch\)/, 'the suite printed the remote');
  assert.ok(!git(dir, 'log', '-p', 'results').includes(password));
});
