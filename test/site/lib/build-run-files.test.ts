import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRunFiles, truncateLog } from '../../../site/lib/build-run-files.ts';
import { RUN_STATUS_LIST } from '../../../site/lib/data-files.ts';
import { generateSiteModel } from '../../fixtures/site-model/generate.ts';

test('truncateLog keeps the head and the tail of a long log and says what it cut', () => {
  const text = `${'a'.repeat(50)}${'b'.repeat(100)}${'c'.repeat(50)}`;
  const cut = truncateLog(text, 100, 40);
  assert.ok(cut.startsWith('a'.repeat(40)));
  assert.ok(cut.endsWith('c'.repeat(50)));
  assert.match(cut, /100 characters left out/);
  assert.equal(truncateLog('short', 100, 40), 'short');
});

test('buildRunFiles keeps every run newest first and points logged runs at their log shard', () => {
  const model = generateSiteModel({ metrics: 10, commits: 20, machines: 2, seed: 9 });
  const { runs, logShards } = buildRunFiles(model);
  assert.deepEqual(runs.runs.id, model.runs.map((r) => r.id));
  const failed = runs.runs.status.findIndex((s) => RUN_STATUS_LIST[s] === 'failed');
  assert.ok(failed >= 0);
  const id = runs.runs.id[failed] as string;
  const shard = runs.runs.log[failed] as number;
  assert.equal(logShards[shard]?.logs[id], model.logs[id]);
  const unlogged = model.runs.findIndex((r) => model.logs[r.id] === undefined);
  assert.equal(runs.runs.log[unlogged], -1);
  assert.equal(runs.fingerprints['linux-amd']?.id, model.machines[0]?.fingerprint.id);
});
