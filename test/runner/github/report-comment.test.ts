import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGitHubClient } from '../../../runner/github/client.ts';
import { findReportComment, upsertReportComment } from '../../../runner/github/report-comment.ts';
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
  assert.equal(await findReportComment(client, repo, 4, MARKER), null);
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
