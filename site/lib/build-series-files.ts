/**
 * SiteModel -> data/summary.json, data/sparks.json and data/series/<n>.json. Series are sorted
 * by suite, metric, machine and packed into shards of about POINTS_PER_SHARD
 * points (~300 KB), never splitting one metric's machines, so the metric page
 * loads one file to overlay every machine.
 */
import type { SeriesDetail, SeriesPoint, SeriesSummary, SiteModel } from '../../results/report/model.ts';
import {
  DATA_VERSION,
  STATUSES,
  seriesSortKey,
  type PointColumns,
  type SeriesEntry,
  type SeriesNoteRef,
  type SeriesShardFile,
  type SeriesShardIndex,
  type SparksFile,
  type SummaryFile,
} from './data-files.ts';
import { roundPct, roundSignificant } from './round.ts';
import { encodeSpark } from './spark.ts';
import type { CommitLookup } from './commit-lookup.ts';

export const POINTS_PER_SHARD = 8000;

export interface SeriesFiles {
  /** Indexes into model.series, in ordinal order. */
  order: number[];
  summary: SummaryFile;
  sparks: SparksFile;
  shards: SeriesShardFile[];
  index: SeriesShardIndex;
}

function sortKeyOf(s: SeriesSummary): string {
  return seriesSortKey(s.suite, s.metric, s.machine);
}

/** Model series indexes in ordinal order. */
export function orderSeries(series: readonly SeriesSummary[]): number[] {
  const keys = series.map(sortKeyOf);
  return series.map((_, i) => i).sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : (keys[a] as string) > (keys[b] as string) ? 1 : 0));
}

export function toPointColumns(points: readonly SeriesPoint[]): PointColumns {
  const cols: PointColumns = { c: [], v: [], lo: [], hi: [], n: [] };
  for (const p of points) {
    cols.c.push(p.c);
    cols.v.push(roundSignificant(p.v));
    cols.lo.push(roundSignificant(p.lo));
    cols.hi.push(roundSignificant(p.hi));
    cols.n.push(p.n);
  }
  return cols;
}

function indexOf<T>(list: T[], positions: Map<T, number>, value: T): number {
  let at = positions.get(value);
  if (at === undefined) {
    at = list.length;
    list.push(value);
    positions.set(value, at);
  }
  return at;
}

function notesBySeries(model: SiteModel, commits: CommitLookup): Map<string, SeriesNoteRef[]> {
  const map = new Map<string, SeriesNoteRef[]>();
  for (const note of model.notes) {
    const ref: SeriesNoteRef = { slug: note.slug, title: note.title, commits: note.commits.map((sha) => commits.find(sha)).filter((i): i is number => i !== null) };
    for (const id of note.metrics) {
      const list = map.get(id);
      if (list === undefined) map.set(id, [ref]);
      else list.push(ref);
    }
  }
  return map;
}

function toEntry(summary: SeriesSummary, detail: SeriesDetail, notes: SeriesNoteRef[]): SeriesEntry {
  return {
    id: summary.id,
    machine: summary.machine,
    suite: summary.suite,
    metric: summary.metric,
    unit: summary.unit,
    direction: summary.direction,
    status: summary.status,
    statusText: summary.statusText,
    noiseBasis: summary.noiseBasis,
    bimodal: summary.bimodal,
    noisePct: roundPct(summary.noisePct) ?? 0,
    thresholdPct: roundPct(summary.thresholdPct) ?? 0,
    points: toPointColumns(detail.points),
    branch: toPointColumns(detail.branchPoints),
    changes: detail.changes,
    notes,
  };
}

/** Assigns shards: a new one starts when the next metric's points would overflow the current one. */
function assignShards(model: SiteModel, order: readonly number[]): number[] {
  const shardOf: number[] = new Array(model.series.length).fill(0);
  let shard = 0;
  let points = 0;
  for (let k = 0; k < order.length; ) {
    const first = model.series[order[k] as number] as SeriesSummary;
    let end = k;
    let groupPoints = 0;
    while (end < order.length) {
      const s = model.series[order[end] as number] as SeriesSummary;
      if (s.suite !== first.suite || s.metric !== first.metric) break;
      groupPoints += (model.details[order[end] as number] as SeriesDetail).points.length;
      end++;
    }
    if (points > 0 && points + groupPoints > POINTS_PER_SHARD) {
      shard++;
      points = 0;
    }
    points += groupPoints;
    for (let j = k; j < end; j++) shardOf[order[j] as number] = shard;
    k = end;
  }
  return shardOf;
}

export function buildSeriesFiles(model: SiteModel, commits: CommitLookup): SeriesFiles {
  const order = orderSeries(model.series);
  const shardOf = assignShards(model, order);
  const machines: string[] = [];
  const suites: string[] = [];
  const units: string[] = [];
  const machinePos = new Map<string, number>();
  const suitePos = new Map<string, number>();
  const unitPos = new Map<string, number>();
  const cols: SummaryFile['series'] = { machine: [], suite: [], metric: [], unit: [], direction: [], count: [], latest: [], vsPrev: [], vs30: [], status: [], statusText: [], exact: [], noisePct: [], thresholdPct: [], shard: [] };
  const sparks: SparksFile = { version: DATA_VERSION, spark: [] };
  const notes = notesBySeries(model, commits);
  const shards: SeriesShardFile[] = [];
  const starts: string[] = [];
  for (const i of order) {
    const s = model.series[i] as SeriesSummary;
    const shard = shardOf[i] as number;
    cols.machine.push(indexOf(machines, machinePos, s.machine));
    cols.suite.push(indexOf(suites, suitePos, s.suite));
    cols.metric.push(s.metric);
    cols.unit.push(s.unit === null ? -1 : indexOf(units, unitPos, s.unit));
    cols.direction.push(s.direction);
    cols.count.push(s.count);
    cols.latest.push(s.latest === null ? null : roundSignificant(s.latest));
    cols.vsPrev.push(roundPct(s.vsPrevPct));
    cols.vs30.push(roundPct(s.vs30Pct));
    cols.status.push(Math.max(0, STATUSES.indexOf(s.status)));
    cols.statusText.push(s.statusText);
    cols.exact.push(s.noiseBasis === 'exact' ? 1 : 0);
    cols.noisePct.push(roundPct(s.noisePct) ?? 0);
    cols.thresholdPct.push(roundPct(s.thresholdPct) ?? 0);
    sparks.spark.push(encodeSpark(s.spark));
    cols.shard.push(shard);
    if (shards[shard] === undefined) {
      shards[shard] = { version: DATA_VERSION, series: [] };
      starts[shard] = sortKeyOf(s);
    }
    (shards[shard] as SeriesShardFile).series.push(toEntry(s, model.details[i] as SeriesDetail, notes.get(s.id) ?? []));
  }
  const summary: SummaryFile = {
    version: DATA_VERSION,
    title: model.title,
    generatedAt: model.generatedAt,
    repoUrl: model.repoUrl,
    mainCommits: model.commits.filter((c) => c.index !== null).length,
    machines,
    suites,
    units,
    series: cols,
  };
  return { order, summary, sparks, shards, index: { starts } };
}
