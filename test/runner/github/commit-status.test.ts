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
