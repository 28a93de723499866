import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSeries, groupSeries, parseSeriesKey, seriesKey, toSeriesTable, type SeriesRow } from '../../../results/analysis/series.ts';
import { createRandom } from '../../eval/prng.ts';

function row(commit: string, value: number, extra: Partial<SeriesRow> = {}): SeriesRow {
  return { machine: 'ci', suite: 'parse', metric: 'time', commit, value, unit: 'ms', direction: -1, ...extra };
}

test('seriesKey joins machine, suite and metric and splits back', () => {
  const key = seriesKey('ci', 'parse', 'a/b c');
  assert.deepEqual(parseSeriesKey(key), { machine: 'ci', suite: 'parse', metric: 'a/b c' });
});

test('groupSeries orders points by the commit order, one per commit, pooling runs', () => {
  const rows = [
    row('c3', 30),
    row('c1', 10, { samples: [9, 11] }),
    row('c1', 12, { samples: [12] }),
    row('c2', 20),
    row('elsewhere', 99),
    row('c1', 1, { metric: 'memory', unit: 'B' }),
  ];
  const series = groupSeries(rows, ['c1', 'c2', 'c3']);
  assert.deepEqual(
    series.map((s) => s.metric),
    ['memory', 'time'],
  );
  const time = series[1]!;
  assert.deepEqual(
    time.points.map((p) => [p.commit, p.position, p.value, p.runs, p.samples]),
    [
      ['c1', 0, 11, 2, [9, 11, 12]],
      ['c2', 1, 20, 1, undefined],
      ['c3', 2, 30, 1, undefined],
    ],
  );
  assert.equal(series[0]!.unit, 'B');
});

test('groupSeries takes unit and direction from the newest commit', () => {
  const [s] = groupSeries([row('c2', 2, { unit: 's', direction: 1 }), row('c1', 1)], ['c1', 'c2']);
  assert.equal(s!.unit, 's');
  assert.equal(s!.direction, 1);
});

test('toSeriesTable gives an Arquero table with a row per series and commit', () => {
  const table = toSeriesTable(groupSeries([row('c1', 1), row('c2', 2), row('c1', 5, { metric: 'x' })], ['c1', 'c2']));
  assert.equal(table.numRows(), 3);
  assert.deepEqual(table.columnNames(), ['key', 'machine', 'suite', 'metric', 'unit', 'commit', 'position', 'value', 'runs']);
  assert.deepEqual(table.array('value'), [1, 2, 5]);
});

function points(n: number, seed: number, step?: [number, number], sigma = 0.01): { value: number }[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, (_, i) => ({ value: 100 * (step && i >= step[0] ? 1 + step[1] : 1) * Math.exp(sigma * rng.normal()) }));
}

test('analyzeSeries calls a series regressed when a recent change made it worse', () => {
  const a = analyzeSeries(points(60, 1, [55, 0.1]), { unit: 'ms', direction: -1 });
  assert.equal(a.status, 'regressed');
  assert.equal(a.changePoints.at(-1)!.index, 55);
  assert.equal(a.changePoints.at(-1)!.status, 'confirmed');
  const improved = analyzeSeries(points(60, 1, [57, -0.1]), { unit: 'ms', direction: -1 });
  assert.equal(improved.status, 'improved');
  assert.equal(improved.changePoints.at(-1)!.status, 'tentative');
});

test('analyzeSeries calls an old change stable, and wide noise noisy', () => {
  assert.equal(analyzeSeries(points(80, 2, [20, 0.1]), { unit: 'ms', direction: -1 }).status, 'stable');
  assert.equal(analyzeSeries(points(80, 3, undefined, 0.1), { unit: 'ms', direction: -1 }).status, 'noisy');
  assert.equal(analyzeSeries(points(60, 1, [55, 0.1]), { unit: 'ms', direction: 0 }).status, 'stable');
});

test('analyzeSeries compares the newest value with its parent and the 30 before it', () => {
  const values = [...Array.from({ length: 40 }, () => ({ value: 100 })), { value: 50 }, { value: 110 }];
  const a = analyzeSeries(values, { unit: 'ms', direction: -1 });
  assert.equal(a.latest?.value, 110);
  assert.equal(Math.round(a.latest!.vsPrevPct! * 1e9) / 1e9, 120);
  assert.equal(Math.round(a.latest!.vs30Pct! * 1e9) / 1e9, 10);
  assert.equal(analyzeSeries([], { unit: 'ms', direction: -1 }).latest, null);
  assert.deepEqual(analyzeSeries([{ value: 5 }], { unit: 'ms', direction: -1 }).latest, { value: 5, vsPrevPct: null, vs30Pct: null });
});

test('analyzeSeries passes the floor and the samples to the noise estimate', () => {
  const a = analyzeSeries([{ value: 10, samples: [9, 10, 11] }, { value: 10 }], { unit: 'ms', direction: -1, floor: 0.2 });
  assert.equal(a.noise.floor, 0.2);
  assert.ok(a.noise.spreadFromSamples !== undefined && a.noise.spreadFromSamples > 0.1);
});
