import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSiteData } from '../../../site/lib/site-data.ts';
import { findSeriesShard, seriesSortKey, STATUSES } from '../../../site/lib/data-files.ts';
import { POINTS_PER_SHARD } from '../../../site/lib/build-series-files.ts';
import { metricGroupKey } from '../../../site/lib/metric-query.ts';
import { generateSiteModel } from '../../fixtures/site-model/generate.ts';

const model = generateSiteModel({ metrics: 120, commits: 150, machines: 3, seed: 11 });
const { series } = buildSiteData(model);

test('buildSeriesFiles lists every series once, sorted by suite, metric, machine', () => {
  const s = series.summary.series;
  assert.equal(s.metric.length, model.series.length);
  const keys = s.metric.map((metric, i) => seriesSortKey(series.summary.suites[s.suite[i] as number] as string, metric, series.summary.machines[s.machine[i] as number] as string));
  assert.deepEqual(keys, [...keys].sort());
  assert.equal(new Set(keys).size, keys.length);
});

test('buildSeriesFiles keeps shards near their point budget and never splits a metric across machines', () => {
  assert.ok(series.shards.length > 1);
  for (const shard of series.shards) {
    const points = shard.series.reduce((sum, e) => sum + e.points.c.length, 0);
    // One metric on three machines is 450 points, the most a shard may overflow by.
    assert.ok(points <= POINTS_PER_SHARD + 450, `shard with ${points} points`);
  }
  const shardOfMetric = new Map<string, number>();
  series.shards.forEach((shard, n) => {
    for (const e of shard.series) {
      const key = `${e.suite}\u0000${e.metric}`;
      assert.equal(shardOfMetric.get(key) ?? n, n, `${key} split across shards`);
      shardOfMetric.set(key, n);
    }
  });
});

test('the shard index finds the shard of every metric', () => {
  series.shards.forEach((shard, n) => {
    for (const e of shard.series) assert.equal(findSeriesShard(series.index, metricGroupKey(e)), n, e.id);
  });
});

test('series shards keep every point and the summary keeps status and sparkline', () => {
  const entries = series.shards.flatMap((s) => s.series);
  for (const [i, summary] of model.series.entries()) {
    const entry = entries.find((e) => e.id === summary.id);
    assert.ok(entry !== undefined, summary.id);
    assert.equal(entry.points.c.length, model.details[i]?.points.length);
    assert.equal(entry.changes.length, model.details[i]?.changes.length);
  }
  const s = series.summary.series;
  const first = series.order[0] as number;
  assert.equal(STATUSES[s.status[0] as number], model.series[first]?.status);
  assert.equal(series.sparks.spark.length, s.metric.length);
  assert.equal(series.sparks.spark[0]?.length, model.series[first]?.spark.length);
});

test('the summary and the shards carry why each series has its status, and whether it repeats exactly', () => {
  const exact = { ...model, series: model.series.map((s, i) => (i === 0 ? { ...s, noiseBasis: 'exact' as const, bimodal: false } : s)) };
  const built = buildSiteData(exact).series;
  const s = built.summary.series;
  built.order.forEach((modelIndex, ordinal) => {
    const summary = exact.series[modelIndex]!;
    assert.equal(s.statusText[ordinal], summary.statusText);
    assert.equal(s.exact[ordinal], summary.noiseBasis === 'exact' ? 1 : 0);
  });
  const entry = built.shards.flatMap((shard) => shard.series).find((e) => e.id === exact.series[0]!.id);
  assert.deepEqual([entry?.statusText, entry?.noiseBasis, entry?.bimodal], [exact.series[0]!.statusText, 'exact', false]);
});

test('notes reach the series they name, with their commits as indexes', () => {
  const note = model.notes[0];
  assert.ok(note !== undefined);
  const entry = series.shards.flatMap((s) => s.series).find((e) => e.id === note.metrics[0]);
  assert.ok(entry !== undefined);
  assert.equal(entry.notes[0]?.slug, note.slug);
  assert.equal(model.commits[entry.notes[0]?.commits[0] as number]?.sha, note.commits[0]);
});
