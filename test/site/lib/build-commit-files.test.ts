import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSiteData } from '../../../site/lib/site-data.ts';
import { collectShardFiles } from '../../../site/lib/write-shard-files.ts';
import { chooseCommitShardSize } from '../../../site/lib/build-commit-files.ts';
import { generateSiteModel } from '../../fixtures/site-model/generate.ts';

const model = generateSiteModel({ metrics: 50, commits: 80, machines: 2, seed: 5 });
const data = buildSiteData(model);
const shards = (await collectShardFiles(data)).commits;

test('chooseCommitShardSize puts fewer commits in a shard as the series grow', () => {
  assert.equal(chooseCommitShardSize(2000, 500, 2000 * 10), 34);
  assert.equal(chooseCommitShardSize(200, 5000, 200 * 125), 3);
  assert.equal(chooseCommitShardSize(200, 50_000, 200 * 125), 1);
  assert.equal(chooseCommitShardSize(10, 10, 1), 50);
  assert.equal(chooseCommitShardSize(0, 0, 0), 50);
});

test('commits.json lists every commit with its position on main or -1', () => {
  const { commits } = data.commits;
  assert.equal(commits.sha.length, model.commits.length);
  assert.deepEqual(commits.index, model.commits.map((c) => c.index ?? -1));
});

test('commit shards hold each series value at each commit, found by floor(i / shardSize)', () => {
  const { commits } = data.commits;
  const ordinalOf = new Map(data.series.order.map((modelIndex, ordinal) => [modelIndex, ordinal] as const));
  for (const [m, detail] of model.details.entries()) {
    for (const point of [...detail.points.slice(0, 5), ...detail.branchPoints]) {
      const shard = shards[Math.floor(point.c / commits.shardSize)];
      const entry = shard?.commits[point.c - (shard?.first ?? 0)];
      assert.ok(entry !== undefined);
      assert.equal(entry.v[ordinalOf.get(m) as number], Number(point.v.toPrecision(6)), `${detail.id} at commit ${point.c}`);
    }
  }
});

test('a series not measured at a commit has null there', () => {
  const { commits } = data.commits;
  const last = model.commits.filter((c) => c.index !== null).length - 1;
  const entry = shards[Math.floor(last / commits.shardSize)]?.commits[last % commits.shardSize];
  assert.ok(entry !== undefined);
  assert.equal(entry.v.length, model.series.length);
  // The failing suite measured nothing on the newest commit of machine 0.
  assert.ok(entry.v.some((v) => v === null));
});

test('commit shards carry the runs and change points of their commits', () => {
  const { commits } = data.commits;
  const change = model.changes[0];
  assert.ok(change !== undefined);
  const at = model.commits.findIndex((c) => c.sha === change.commit);
  const entry = shards[Math.floor(at / commits.shardSize)]?.commits[at % commits.shardSize];
  assert.ok(entry?.changes.some((c) => c.seriesId === change.seriesId));
  const run = model.runs[0];
  const runAt = model.commits.findIndex((c) => c.sha === run?.commit);
  assert.ok(shards[Math.floor(runAt / commits.shardSize)]?.commits[runAt % commits.shardSize]?.runs.some((r) => r.id === run?.id));
});
