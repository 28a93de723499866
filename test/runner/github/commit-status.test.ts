import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGitHubClient } from '../../../runner/github/client.ts';
import { clipDescription, postCommitStatus, STATUS_DESCRIPTION_LIMIT } from '../../../runner/github/commit-status.ts';
import { startFakeGitHub } from '../../helpers/fake-github.ts';

const sha = '0123456789abcdef0123456789abcdef01234567';

test('a commit status is posted with its state, the compare URL and the context "pitwall"', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  await postCommitStatus(client, { owner: 'acme', name: 'parser' }, { sha, state: 'failure', description: 'Regression: 1 regression', targetUrl: 'https://bench.example.com/compare/?base=a&head=b' });
  assert.deepEqual(fake.statuses, [{ owner: 'acme', repo: 'parser', sha, state: 'failure', target_url: 'https://bench.example.com/compare/?base=a&head=b', description: 'Regression: 1 regression', context: 'pitwall' }]);
  assert.deepEqual(fake.violations, []);
});

test('a long description is clipped to GitHub\'s 140 characters and GitHub accepts it', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  const long = `Regression: ${'12 regressions, '.repeat(20)}done`;
  await postCommitStatus(client, { owner: 'acme', name: 'parser' }, { sha, state: 'success', description: long, targetUrl: null });
  const posted = fake.statuses[0]!;
  assert.equal(posted.description?.length, STATUS_DESCRIPTION_LIMIT);
  assert.ok(posted.description?.endsWith('…'));
  assert.equal(posted.target_url, null);
  assert.equal(clipDescription('  two\nlines  '), 'two lines');
});

test('the description is clipped on code points, so an emoji is never split, and GitHub counts it as 140', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  const long = `${'x'.repeat(137)}🐢🐢🐢🐢 slower`;
  const clipped = clipDescription(long);
  assert.equal([...clipped].length, STATUS_DESCRIPTION_LIMIT);
  assert.equal(clipped, `${'x'.repeat(137)}🐢🐢…`);
  assert.ok(clipped.length > STATUS_DESCRIPTION_LIMIT, 'longer than 140 UTF-16 units, which GitHub accepts');
  await postCommitStatus(client, { owner: 'acme', name: 'parser' }, { sha, state: 'success', description: long, targetUrl: null });
  assert.equal(fake.statuses[0]?.description, clipped);
  assert.deepEqual(fake.violations, []);
});

test('a status on a commit GitHub does not have fails with GITHUB_REQUEST_FAILED (422)', async (t) => {
  const fake = await startFakeGitHub({ repositories: [{ owner: 'acme', name: 'parser', commits: [sha] }] });
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  await postCommitStatus(client, { owner: 'acme', name: 'parser' }, { sha, state: 'success', description: 'ok', targetUrl: null });
  await assert.rejects(
    postCommitStatus(client, { owner: 'acme', name: 'parser' }, { sha: 'f'.repeat(40), state: 'success', description: 'ok', targetUrl: null }),
    (error: Error & { code?: string }) => error.code === 'GITHUB_REQUEST_FAILED' && /No commit found/.test(error.message),
  );
  assert.equal(fake.statuses.length, 1);
});

test('a lost answer to a status is sent again: a repeated status replaces the first', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(1, { kind: 'status', status: 502 }, { after: true });
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { baseDelayMs: 1 } });
  await postCommitStatus(client, { owner: 'acme', name: 'parser' }, { sha, state: 'failure', description: 'Regression', targetUrl: null });
  assert.equal(fake.statuses.length, 2);
});
