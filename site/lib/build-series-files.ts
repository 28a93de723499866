/**
 * SiteModel -> data/summary.json, data/sparks.json and data/series/<n>.json. Series are sorted
 * by suite, metric, machine and packed into shards of about POINTS_PER_SHARD
 * points (~300 KB), never splitting one metric's machines, so the metric page
 * loads one file to overlay every machine. The summary needs no points; the
 * shards are streamed from the details one series at a time.
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
import { PitwallError } from '../../results/errors.ts';

export const POINTS_PER_SHARD = 8000;

export interface SeriesFiles {
  /** Indexes into model.series, in ordinal order. */
  order: number[];
  summary: SummaryFile;
  sparks: SparksFile;
  /** Notes naming each series, by series id. */
  notes: Map<string, SeriesNoteRef[]>;
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

/**
 * Assigns shards from the summaries alone (a series' count is its number of
 * points), so the summary and index exist before any points are read: a new
 * shard starts when the next metric's points would overflow the current one.
 */
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
      groupPoints += s.count;
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
    starts[shard] ??= sortKeyOf(s);
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
  return { order, summary, sparks, notes: notesBySeries(model, commits), index: { starts } };
}

export interface SeriesShardWriter {
  /** The points of the series at `ordinal`; series must come in ordinal order. */
  add(ordinal: number, detail: SeriesDetail): void;
  /** Emits the last shard. */
  finish(): void;
}

/**
 * Streams details into data/series/<n>.json files: only the shard being
 * filled is in memory, so the points of every series never are at once.
 */
export function createSeriesShardWriter(model: SiteModel, files: SeriesFiles, emit: (shard: number, file: SeriesShardFile) => void): SeriesShardWriter {
  let current: { shard: number; file: SeriesShardFile } | null = null;
  let expected = 0;
  return {
    add(ordinal, detail) {
      const modelIndex = files.order[ordinal];
      const s = modelIndex === undefined ? undefined : model.series[modelIndex];
      if (s === undefined || ordinal !== expected || s.id !== detail.id) {
        throw new PitwallError('SITE_MODEL_INVALID', `Cannot write the series data: series ${ordinal} is "${detail.id}", expected "${s?.id ?? 'none'}" (series ${expected})`, {
          hint: 'The details must list every series of the model once, sorted by suite, metric and machine; rebuild them with "pitwall build"',
        });
      }
      expected++;
      const shard = files.summary.series.shard[ordinal] as number;
      if (current !== null && current.shard !== shard) emit(current.shard, current.file);
      if (current === null || current.shard !== shard) current = { shard, file: { version: DATA_VERSION, series: [] } };
      current.file.series.push(toEntry(s, detail, files.notes.get(s.id) ?? []));
    },
    finish() {
      if (expected !== files.order.length) {
        throw new PitwallError('SITE_MODEL_INVALID', `Cannot write the series data: ${expected} of ${files.order.length} series had details`, {
          hint: 'Rebuild the site with "pitwall build"; the details file was cut short',
        });
      }
      if (current !== null) emit(current.shard, current.file);
      current = null;
    },
  };
}
