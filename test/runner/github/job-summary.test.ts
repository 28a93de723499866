import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendJobSummary, summaryFileFrom } from '../../../runner/github/job-summary.ts';
import { isPitwallError } from '../../../results/errors.ts';

test('the job summary is appended to the file GITHUB_STEP_SUMMARY names', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-summary-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'step_summary');
  writeFileSync(file, '# earlier step\n');
  assert.equal(summaryFileFrom({ GITHUB_STEP_SUMMARY: file }), file);
  assert.equal(summaryFileFrom({}), null);
  await appendJobSummary(file, '**report one**');
  await appendJobSummary(file, '**report two**\n');
  assert.equal(readFileSync(file, 'utf8'), '# earlier step\n**report one**\n\n**report two**\n\n');
  await assert.rejects(appendJobSummary(join(dir, 'missing', 'file'), 'x'), (e: unknown) => isPitwallError(e) && e.code === 'JOB_SUMMARY_UNWRITABLE');
});
