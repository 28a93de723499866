import { test } from 'node:test';
import assert from 'node:assert/strict';
import { git, makeProject, runCli } from '../helpers/cli.ts';
import { listSecrets, redactSecrets } from '../../runner/redact-secrets.ts';

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
