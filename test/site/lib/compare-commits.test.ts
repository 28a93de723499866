import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareCommitEntries, countVerdicts, describeCompareWarnings } from '../../../site/lib/compare-commits.ts';
import { buildSiteData } from '../../../site/lib/site-data.ts';
import { collectShardFiles } from '../../../site/lib/write-shard-files.ts';
import type { CommitEntry } from '../../../site/lib/data-files.ts';
import { generateSiteModel, KNOWN, regressionAt } from '../../fixtures/site-model/generate.ts';

const COMMITS = 60;
const model = generateSiteModel({ metrics: 30, commits: COMMITS, machines: 2, seed: 4 });
const data = buildSiteData(model);
const shards = (await collectShardFiles(data)).commits;
const entryAt = (i: number): CommitEntry => {
  const { commits } = data.commits;
  const shard = shards[Math.floor(i / commits.shardSize)];
  return shard?.commits[i - (shard?.first ?? 0)] as CommitEntry;
};

test('compareCommitEntries flags the known regression and puts regressions first, largest first', () => {
  const at = regressionAt(COMMITS);
  const rows = compareCommitEntries(data.series.summary, entryAt(at - 1), entryAt(at));
  const regressions = rows.filter((r) => r.verdict === 'regression');
  assert.ok(regressions.some((r) => r.metric === KNOWN.metric && r.machine === 'linux-amd'));
  assert.deepEqual(rows.slice(0, regressions.length), regressions);
  const spans = regressions.map((r) => r.spanned);
  assert.deepEqual(spans, [...spans].sort((a, b) => b - a));
  assert.equal(rows.at(-1)?.verdict, rows.some((r) => r.verdict === 'unchanged') ? 'unchanged' : rows.at(-1)?.verdict);
});

test('compareCommitEntries judges a change against the series threshold', () => {
  const rows = compareCommitEntries(data.series.summary, entryAt(10), entryAt(11));
  for (const row of rows) {
    if (row.deltaPct === null) continue;
    assert.equal(row.significant, Math.abs(row.deltaPct) / 100 >= row.threshold * (1 - 1e-9), row.key);
  }
  const counts = countVerdicts(rows);
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), rows.length);
});

test('a metric on one side only is new or missing', () => {
  const base = entryAt(COMMITS - 2);
  const head = entryAt(COMMITS - 1);
  const rows = compareCommitEntries(data.series.summary, base, head);
  // The failing suite measured nothing on the newest commit of linux-amd.
  assert.ok(rows.some((r) => r.verdict === 'missing' && r.suite === KNOWN.failingSuite && r.machine === 'linux-amd'));
});

test('describeCompareWarnings names a changed machine fingerprint and failed runs', () => {
  const mid = Math.floor(COMMITS / 2);
  const warnings = describeCompareWarnings(entryAt(mid - 1), entryAt(mid));
  assert.ok(warnings.some((w) => w.includes('Machine "linux-amd" changed')));
  const failed = describeCompareWarnings(entryAt(COMMITS - 2), entryAt(COMMITS - 1));
  assert.ok(failed.some((w) => w.includes(`suite "${KNOWN.failingSuite}"`) && w.includes('"failed"')));
  assert.deepEqual(describeCompareWarnings(entryAt(3), entryAt(4)), []);
});
