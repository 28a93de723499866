/**
 * Measurement rows shaped into series (machine × suite × metric) in commit
 * order, one point per commit, and the per-series summary the dashboard and
 * `pitwall detect` show: noise, change points, the newest value, a status.
 */
import * as aq from 'arquero';
import type { Direction } from '../schema.ts';
import { detectChangePoints, type ChangePoint } from './change-points.ts';
import { estimateNoise, type Noise } from './noise.ts';
import { seriesKey } from './series-key.ts';
import { median } from './stats.ts';

export { seriesKey, parseSeriesKey } from './series-key.ts';

/** The fields of a MeasurementRecord that series need; a MeasurementRecord is one. */
export interface SeriesRow {
  machine: string;
  suite: string;
  metric: string;
  commit: string;
  value: number;
  samples?: ArrayLike<number> | undefined;
  unit: string | null;
  direction: Direction;
}

export interface SeriesPoint {
  commit: string;
  /** Position of the commit in the given commit order (0 = oldest). */
  position: number;
  /** Median of the values of every run on this commit. */
  value: number;
  /** Samples of every run on this commit, pooled; absent when no run had any. */
  samples?: ArrayLike<number>;
  /** Runs that measured this commit. */
  runs: number;
}

export interface Series {
  key: string;
  machine: string;
  suite: string;
  metric: string;
  /** Unit and direction of the newest row: a metric that changes them is read as it is now. */
  unit: string | null;
  direction: Direction;
  points: SeriesPoint[];
}

/**
 * Groups rows into series ordered by `commitOrder` (commit ids, oldest
 * first). Rows on commits outside that order (other branches) are left out.
 * Series come sorted by key.
 */
export function groupSeries(rows: readonly SeriesRow[], commitOrder: readonly string[]): Series[] {
  const position = new Map<string, number>();
  commitOrder.forEach((c, i) => position.set(c, i));
  // Rows of each series with their positions; grouped by commit after one sort, so a
  // million rows cost no per-point maps or lists.
  const groups = new Map<string, { newest: SeriesRow; newestAt: number; rows: SeriesRow[]; ats: number[] }>();
  for (const row of rows) {
    const at = position.get(row.commit);
    if (at === undefined) continue;
    const key = seriesKey(row.machine, row.suite, row.metric);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { newest: row, newestAt: at, rows: [], ats: [] }));
    if (at >= g.newestAt) [g.newest, g.newestAt] = [row, at];
    g.rows.push(row);
    g.ats.push(at);
  }
  const out: Series[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    const order = Array.from(g.ats.keys());
    // Stable: runs of one commit keep their reading order.
    order.sort((a, b) => (g.ats[a] as number) - (g.ats[b] as number) || a - b);
    const points: SeriesPoint[] = [];
    for (let i = 0; i < order.length; ) {
      const at = g.ats[order[i] as number] as number;
      let j = i + 1;
      while (j < order.length && g.ats[order[j] as number] === at) j++;
      const commit = commitOrder[at] as string;
      points.push(j === i + 1 ? singlePoint(commit, at, g.rows[order[i] as number] as SeriesRow) : pooledPoint(commit, at, order.slice(i, j).map((k) => g.rows[k] as SeriesRow)));
      i = j;
    }
    const { machine, suite, metric, unit, direction } = g.newest;
    out.push({ key, machine, suite, metric, unit, direction, points });
  }
  return out;
}

/** Most commits have one run: its value and samples as they are, without copies. */
function singlePoint(commit: string, position: number, only: SeriesRow): SeriesPoint {
  const point: SeriesPoint = { commit, position, value: only.value, runs: 1 };
  if (only.samples !== undefined && only.samples.length > 0) point.samples = only.samples;
  return point;
}

/** Several runs on one commit: the median of their values, their samples pooled. */
function pooledPoint(commit: string, position: number, list: readonly SeriesRow[]): SeriesPoint {
  const point: SeriesPoint = { commit, position, value: median(list.map((r) => r.value)), runs: list.length };
  const samples: number[] = [];
  for (const r of list) if (r.samples !== undefined) for (let i = 0; i < r.samples.length; i++) samples.push(r.samples[i] as number);
  if (samples.length > 0) point.samples = samples;
  return point;
}

/**
 * All points of all series as one Arquero table, a row per (series, commit):
 * columns key, machine, suite, metric, unit, commit, position, value, runs.
 */
export function toSeriesTable(series: readonly Series[]): aq.ColumnTable {
  const cols = { key: [] as string[], machine: [] as string[], suite: [] as string[], metric: [] as string[], unit: [] as (string | null)[], commit: [] as string[], position: [] as number[], value: [] as number[], runs: [] as number[] };
  for (const s of series) {
    for (const p of s.points) {
      cols.key.push(s.key);
      cols.machine.push(s.machine);
      cols.suite.push(s.suite);
      cols.metric.push(s.metric);
      cols.unit.push(s.unit);
      cols.commit.push(p.commit);
      cols.position.push(p.position);
      cols.value.push(p.value);
      cols.runs.push(p.runs);
    }
  }
  return aq.table(cols);
}

export type SeriesStatus = 'regressed' | 'improved' | 'stable' | 'noisy' | 'bimodal';

export interface SeriesAnalysis {
  noise: Noise;
  changePoints: ChangePoint[];
  /** The newest point against its parent and against the median of the 30 points before it; null for an empty series. */
  latest: { value: number; vsPrevPct: number | null; vs30Pct: number | null } | null;
  status: SeriesStatus;
}

export interface AnalyzeOptions {
  unit: string | null;
  direction: Direction;
  /** Relative floor (config `metrics[].threshold`); default by unit. */
  floor?: number | null;
  /** A change among this many newest points sets the status (default RECENT_COMMITS). */
  recent?: number;
  /** σ above which a series with no recent change is 'noisy' (default 0.05 = 5 %). */
  noisyAbove?: number;
}

/**
 * A change among the newest 30 points sets a series' status: the same span as
 * the overview's "vs 30 commits ago" column, so a change the badge names is
 * one that column shows.
 */
export const RECENT_COMMITS = 30;

function pctChange(from: number, to: number): number | null {
  return from === 0 ? null : ((to - from) / Math.abs(from)) * 100;
}

/**
 * Noise, change points, newest value and status of one series. The status is
 * 'regressed' or 'improved' when the latest change (tentative or confirmed)
 * lies among the `recent` newest points; otherwise 'bimodal' when the values
 * alternate between two levels, 'noisy' when σ exceeds `noisyAbove`, else
 * 'stable'. A change of a metric with no better direction
 * does not set the status.
 */
export function analyzeSeries(points: readonly { value: number; samples?: ArrayLike<number> | undefined }[], options: AnalyzeOptions): SeriesAnalysis {
  const values = Float64Array.from(points, (p) => p.value);
  const n = values.length;
  const samples = points.map((p) => p.samples);
  const noise = estimateNoise(values, { unit: options.unit, floor: options.floor ?? null, samples });
  const changePoints = detectChangePoints(values, { noise, direction: options.direction, samples });
  let latest: SeriesAnalysis['latest'] = null;
  if (n > 0) {
    const value = values[n - 1] as number;
    const prev = n > 1 ? pctChange(values[n - 2] as number, value) : null;
    const window = values.subarray(Math.max(0, n - 31), n - 1);
    latest = { value, vsPrevPct: prev, vs30Pct: window.length > 0 ? pctChange(median(window), value) : null };
  }
  const recent = options.recent ?? RECENT_COMMITS;
  const last = changePoints.at(-1);
  let status: SeriesStatus = noise.bimodal ? 'bimodal' : noise.sigma > (options.noisyAbove ?? 0.05) ? 'noisy' : 'stable';
  if (last !== undefined && last.index >= n - recent && last.kind !== 'change') status = last.kind === 'regression' ? 'regressed' : 'improved';
  return { noise, changePoints, latest, status };
}
