import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateBody } from '../../../runner/github/truncate-body.ts';

test('a body under the limit is returned as it is', () => {
  assert.deepEqual(truncateBody('short', { fullReportUrl: null, limit: 100 }), { body: 'short', truncated: false });
});

test('a long body is cut at a line break, keeps its beginning and closes an open <details>', () => {
  const body = ['# head', '<details><summary>x</summary>', ...Array.from({ length: 50 }, (_, i) => `line ${i}`), '</details>'].join('\n');
  const { body: cut, truncated } = truncateBody(body, { fullReportUrl: 'https://x.test/full', limit: 400 });
  assert.equal(truncated, true);
  assert.ok(cut.length <= 400, `length ${cut.length}`);
  assert.ok(cut.startsWith('# head\n<details><summary>x</summary>\nline 0\n'));
  assert.equal(cut.split('<details>').length - 1, cut.split('</details>').length - 1);
  assert.match(cut, /line \d+\n<\/details>\n\n> \[!NOTE\]/);
  assert.match(cut, /\[Read the full report\]\(https:\/\/x\.test\/full\)\.\n$/);
});

test('without a full report URL the notice has no link', () => {
  const { body } = truncateBody('x\n'.repeat(200), { fullReportUrl: null, limit: 300 });
  assert.ok(body.length <= 300);
  assert.ok(!body.includes('Read the full report'));
});
