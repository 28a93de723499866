import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRunFiles, RUNS_PER_PAGE, truncateLog } from '../../../site/lib/build-run-files.ts';
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

const model = generateSiteModel({ metrics: 10, commits: 400, machines: 2, seed: 9 });
const { index, pages, logShards } = buildRunFiles(model);

test('buildRunFiles pages every run newest first and indexes the pages by time', () => {
  assert.equal(index.total, model.runs.length);
  assert.ok(pages.length > 1);
  assert.deepEqual(pages.flatMap((p) => p.runs.id), model.runs.map((r) => r.id));
  pages.forEach((page, n) => {
    assert.equal(page.first, n * RUNS_PER_PAGE);
    assert.equal(index.pages[n]?.newest, page.runs.time[0]);
    assert.equal(index.pages[n]?.oldest, page.runs.time.at(-1));
  });
  assert.deepEqual(
    index.fingerprints['linux-amd']?.map((f) => f.id),
    [model.machines[0]?.fingerprint.id, ...(model.machines[0]?.earlierFingerprints.map((f) => f.id) ?? [])],
  );
  // Every run's own fingerprint is shipped, the older ones included.
  for (const page of pages) {
    page.runs.fingerprintId.forEach((id, i) => {
      const machine = index.machines[page.runs.machine[i] as number] as string;
      assert.ok(index.fingerprints[machine]?.some((f) => f.id === id), `${machine} ${id}`);
    });
  }
});

test('buildRunFiles lists failed runs in the index and points logged runs at their log shard', () => {
  assert.ok(index.failed.status.length > 0 && index.failed.status.every((s) => RUN_STATUS_LIST[s] !== 'ok'));
  const id = index.failed.id[0] as string;
  assert.equal(logShards[index.failed.log[0] as number]?.logs[id], model.logs[id]);
  const unlogged = model.runs.findIndex((r) => model.logs[r.id] === undefined);
  assert.equal(pages[Math.floor(unlogged / RUNS_PER_PAGE)]?.runs.log[unlogged % RUNS_PER_PAGE], -1);
});
