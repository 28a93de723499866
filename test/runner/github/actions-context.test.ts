import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPullRequestNumber, resolvePullRequestTarget } from '../../../runner/github/actions-context.ts';
import { parseRepository } from '../../../runner/github/repository.ts';
import { isPitwallError } from '../../../results/errors.ts';

test('the pull request number comes from pull_request events and from comments on pull requests', () => {
  assert.equal(findPullRequestNumber({ pull_request: { number: 42 } }), 42);
  assert.equal(findPullRequestNumber({ issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/a/b/pulls/7' } } }), 7);
  assert.equal(findPullRequestNumber({ issue: { number: 7 } }), null, 'a comment on a plain issue');
  assert.equal(findPullRequestNumber({}), null);
  assert.equal(findPullRequestNumber(null), null);
});

test('flags win over the Actions environment, which is read from GITHUB_EVENT_PATH and GITHUB_REPOSITORY', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-event-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ action: 'submitted', review: { state: 'approved' }, pull_request: { number: 31 } }));
  const env = { GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'acme/parser' };
  assert.deepEqual(await resolvePullRequestTarget({}, env), { repo: { owner: 'acme', name: 'parser' }, pr: 31 });
  assert.deepEqual(await resolvePullRequestTarget({ pr: '5', repo: 'other/thing' }, env), { repo: { owner: 'other', name: 'thing' }, pr: 5 });
  writeFileSync(event, '{not json');
  await assert.rejects(resolvePullRequestTarget({}, env), (e: unknown) => isPitwallError(e) && e.code === 'ACTIONS_EVENT_UNREADABLE');
  await assert.rejects(resolvePullRequestTarget({ pr: '0' }, {}), (e: unknown) => isPitwallError(e) && e.code === 'USAGE');
});

test('a repository must be owner/name', () => {
  assert.deepEqual(parseRepository('acme/parser.js'), { owner: 'acme', name: 'parser.js' });
  for (const bad of ['acme', 'acme/parser/extra', '/parser', 'ac me/parser']) {
    assert.throws(() => parseRepository(bad), (e: unknown) => isPitwallError(e) && e.code === 'INVALID_REPOSITORY', bad);
  }
});
