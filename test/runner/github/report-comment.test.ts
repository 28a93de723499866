import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGitHubClient } from '../../../runner/github/client.ts';
import { findReportComment, readTokenLogin, upsertReportComment } from '../../../runner/github/report-comment.ts';
import { GITHUB_BODY_LIMIT, truncateBody } from '../../../runner/github/truncate-body.ts';
import { startFakeGitHub } from '../../helpers/fake-github.ts';

const MARKER = '<!-- pitwall-report -->';
const repo = { owner: 'acme', name: 'parser' };

test('the first report creates one comment and the second updates that comment', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  const first = await upsertReportComment(client, repo, 12, `${MARKER}\nfirst`, MARKER);
  const second = await upsertReportComment(client, repo, 12, `${MARKER}\nsecond`, MARKER);
  assert.equal(first.action, 'created');
  assert.equal(second.action, 'updated');
  assert.equal(second.id, first.id);
  assert.deepEqual(fake.comments('acme', 'parser', 12).map((c) => c.body), [`${MARKER}\nsecond`]);
  assert.match(second.url, /^https:\/\/github\.com\/acme\/parser\/pull\/12#issuecomment-\d+$/);
  assert.deepEqual(fake.violations, []);
});

test('the marker comment is found on the third page of 250 comments and updated there', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.addComments('acme', 'parser', 3, Array.from({ length: 230 }, (_, i) => `review note ${i}`));
  fake.addComments('acme', 'parser', 3, [`${MARKER}\nold report`]);
  fake.addComments('acme', 'parser', 3, Array.from({ length: 19 }, (_, i) => `later note ${i}`));
  const marked = fake.comments('acme', 'parser', 3)[230]!;
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  const result = await upsertReportComment(client, repo, 3, `${MARKER}\nnew report`, MARKER);
  assert.deepEqual(result, { action: 'updated', id: marked.id, url: `https://github.com/acme/parser/pull/3#issuecomment-${marked.id}` });
  assert.equal(fake.comments('acme', 'parser', 3).length, 250);
  assert.equal(marked.body, `${MARKER}\nnew report`);
  assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}?${r.query}`), [
    'GET /user?',
    'GET /repos/acme/parser/issues/3/comments?per_page=100',
    `GET /repositories/700000/issues/3/comments?per_page=100&page=2`,
    `GET /repositories/700000/issues/3/comments?per_page=100&page=3`,
    `PATCH /repos/acme/parser/issues/comments/${marked.id}?`,
  ]);
});

test('only a leading marker counts: a reply quoting the report is not the report', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.addComments('acme', 'parser', 4, [`> ${MARKER}\n> quoted`, `see ${MARKER}`]);
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  assert.equal(await findReportComment(client, repo, 4, MARKER, 'github-actions[bot]'), null);
  const result = await upsertReportComment(client, repo, 4, 'a body without the marker', MARKER);
  assert.equal(result.action, 'created');
  assert.equal(fake.comments('acme', 'parser', 4)[2]?.body, `${MARKER}\na body without the marker`);
});

test('a report over GitHub\'s limit is cut to fit, and GitHub accepts it', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const rows = Array.from({ length: 3000 }, (_, i) => `| metric ${i} | 1.00 ms | 1.01 ms | +1.0% | within the 2% noise threshold |`);
  const long = [MARKER, 'summary', '', '<details><summary>3000 unchanged</summary>', '', ...rows, '', '</details>', ''].join('\n');
  assert.ok(long.length > GITHUB_BODY_LIMIT);
  const { body, truncated } = truncateBody(long, { fullReportUrl: 'https://bench.example.com/compare/?base=a&head=b' });
  assert.equal(truncated, true);
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  await upsertReportComment(client, repo, 8, body, MARKER);
  assert.deepEqual(fake.violations, []);
  const stored = fake.comments('acme', 'parser', 8)[0]!.body;
  assert.ok(stored.length <= GITHUB_BODY_LIMIT);
  assert.match(stored, /<\/details>\n\n> \[!NOTE\]\n> This report was cut to fit GitHub's 65,536-character limit: [\d,]+ of [\d,]+ characters shown\. \[Read the full report\]\(https:\/\/bench\.example\.com\/compare\/\?base=a&head=b\)\.\n$/);
});

const STRANGER = { login: 'mallory', id: 666, type: 'User' as const };

test('a stranger\'s comment that starts with the marker is left alone: pitwall posts its own', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.addComments('acme', 'parser', 6, [`${MARKER}\nI was here first`], STRANGER);
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  const first = await upsertReportComment(client, repo, 6, `${MARKER}\nreport`, MARKER);
  const second = await upsertReportComment(client, repo, 6, `${MARKER}\nnewer report`, MARKER);
  assert.equal(first.action, 'created');
  assert.deepEqual([second.action, second.id], ['updated', first.id]);
  const comments = fake.comments('acme', 'parser', 6);
  assert.deepEqual(comments.map((c) => [c.user.login, c.body]), [['mallory', `${MARKER}\nI was here first`], ['github-actions[bot]', `${MARKER}\nnewer report`]]);
  assert.deepEqual(fake.violations, []);
});

test('with a personal token the report is found by that account\'s login, read from GET /user', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const personal = 'ghp_personalToken0123456789abcdef';
  fake.addToken(personal, { kind: 'user', access: 'write', user: { login: 'perf-bot', id: 77, type: 'User' } });
  fake.addComments('acme', 'parser', 2, [`${MARKER}\nby the Actions token`]);
  const client = createGitHubClient({ token: personal, apiUrl: fake.apiUrl });
  assert.equal(await readTokenLogin(client), 'perf-bot');
  assert.equal(await readTokenLogin(createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl })), 'github-actions[bot]');
  const result = await upsertReportComment(client, repo, 2, `${MARKER}\nby perf-bot`, MARKER);
  assert.equal(result.action, 'created');
  assert.equal(fake.comments('acme', 'parser', 2).length, 2);
});

for (const fault of [{ kind: 'status', status: 502 }, { kind: 'drop' }] as const) {
  test(`a ${fault.kind === 'drop' ? 'dropped connection' : '502'} after GitHub created the comment leads to a re-list, not a second comment`, async (t) => {
    const fake = await startFakeGitHub();
    t.after(() => fake.stop());
    fake.failNext(1, fault, { after: true, method: 'POST' });
    const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { baseDelayMs: 1 } });
    const result = await upsertReportComment(client, repo, 9, `${MARKER}\nreport`, MARKER);
    const comments = fake.comments('acme', 'parser', 9);
    assert.equal(comments.length, 1, 'one report, never two');
    assert.equal(result.id, comments[0]!.id);
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.endsWith('/user')), [
      'GET /repos/acme/parser/issues/9/comments',
      'POST /repos/acme/parser/issues/9/comments',
      'GET /repos/acme/parser/issues/9/comments',
    ]);
  });
}

test('a 502 before anything was created is followed by a re-list and one more create', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(1, { kind: 'status', status: 502 }, { method: 'POST' });
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, retry: { baseDelayMs: 1 } });
  const result = await upsertReportComment(client, repo, 10, `${MARKER}\nreport`, MARKER);
  assert.equal(result.action, 'created');
  assert.equal(fake.comments('acme', 'parser', 10).length, 1);
  assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 2);
});

test('a secondary rate limit on creating the comment is waited out and the comment created once', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  fake.failNext(1, { kind: 'secondary', status: 403 }, { method: 'POST' });
  const slept: number[] = [];
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl, sleep: async (ms) => void slept.push(ms) });
  await upsertReportComment(client, repo, 11, `${MARKER}\nreport`, MARKER);
  assert.deepEqual(slept, [60_000], 'a secondary limit without retry-after waits a minute');
  assert.equal(fake.comments('acme', 'parser', 11).length, 1);
});

test('a read-only token is refused with GITHUB_AUTH_FAILED, as GitHub refuses a fork\'s token', async (t) => {
  const fake = await startFakeGitHub();
  t.after(() => fake.stop());
  const readOnly = 'ghs_readOnlyToken0123456789abcdef';
  fake.addToken(readOnly, { kind: 'installation', access: 'read' });
  const client = createGitHubClient({ token: readOnly, apiUrl: fake.apiUrl });
  await assert.rejects(upsertReportComment(client, repo, 12, 'report', MARKER), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'GITHUB_AUTH_FAILED');
    assert.match(error.message, /Resource not accessible by integration/);
    return true;
  });
  assert.equal(fake.comments('acme', 'parser', 12).length, 0);
});

test('an unknown issue is GITHUB_NOT_FOUND and owner and repository match in any case', async (t) => {
  const fake = await startFakeGitHub({ repositories: [{ owner: 'Acme', name: 'Parser', issues: [4] }] });
  t.after(() => fake.stop());
  const client = createGitHubClient({ token: fake.token, apiUrl: fake.apiUrl });
  await assert.rejects(upsertReportComment(client, repo, 5, 'report', MARKER), (error: Error & { code?: string }) => error.code === 'GITHUB_NOT_FOUND');
  const first = await upsertReportComment(client, { owner: 'ACME', name: 'parser' }, 4, 'report', MARKER);
  const second = await upsertReportComment(client, repo, 4, 'again', MARKER);
  assert.equal(second.id, first.id);
  assert.deepEqual(fake.violations, []);
});
