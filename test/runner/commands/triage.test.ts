import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, git, makeProject } from '../../helpers/cli.ts';

const SUITE = `#!/bin/sh\nprintf '{"metric":"parse/small","value":1.5,"unit":"ms"}\\n' > "$2"\n`;

test('pitwall triage records a decision on the results branch that triage list reads back', async (t) => {
  const { dir, cleanup } = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': 'machine: m1\nsuites:\n  - name: core\n    script: bench/ok.sh\n' }, ['bench/ok.sh']);
  t.after(cleanup);
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  const statusBefore = git(dir, 'status', '--porcelain');
  const added = await runCli(['triage', 'acknowledge', '--metric', 'parse/**', '--commit', head.slice(0, 7), '--note', 'Accepted in #12', '--by', 'ana'], { cwd: dir });
  assert.equal(added.code, 0, added.stderr);
  assert.equal(git(dir, 'status', '--porcelain'), statusBefore);
  const files = git(dir, 'ls-tree', '-r', '--name-only', 'results', 'triage').trim().split('\n');
  assert.equal(files.length, 1);
  assert.match(files[0]!, /^triage\/\d{8}T\d{6}Z-acknowledge-parse\.yaml$/);
  assert.match(git(dir, 'log', '-1', '--format=%s', 'results'), /^triage acknowledge parse\/\*\* @ [0-9a-f]{7}: Accepted in #12/);
  const listed = await runCli(['triage', 'list', '--json'], { cwd: dir });
  const entries = JSON.parse(listed.stdout);
  assert.equal(entries.length, 1);
  assert.equal(entries[0].action, 'acknowledge');
  assert.equal(entries[0].commit, head.slice(0, 7));
  assert.equal(entries[0].by, 'ana');
});

test('pitwall triage refuses an entry without what its action needs, writing nothing', async (t) => {
  const { dir, cleanup } = makeProject({ 'bench/ok.sh': SUITE, 'pitwall.yaml': 'suites:\n  - name: core\n    script: bench/ok.sh\n' }, ['bench/ok.sh']);
  t.after(cleanup);
  assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
  const tip = git(dir, 'rev-parse', 'results').trim();
  const result = await runCli(['triage', 'exclude', '--note', 'throttling'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--run/);
  const bad = await runCli(['triage', 'expect', '--metric', 'a', '--commit', 'zzzzzzz', '--note', 'n'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.equal(git(dir, 'rev-parse', 'results').trim(), tip);
});
