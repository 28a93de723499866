/**
 * The JSON files the pages load on demand, under data/ of the built site.
 * Written at build time from the SiteModel (build-*-files.ts) and read by the
 * browser (site/client), so this module is pure and shared by both. Arrays
 * are stored by column: 5,000 series as objects would repeat every key 5,000
 * times.
 *
 *   data/summary.json          every series' summary (overview, compare)
 *   data/sparks.json           every series' sparkline (overview)
 *   data/commits.json          every commit: sha, subject, author, time
 *   data/series/<n>.json       points, changes and notes of a group of series
 *   data/commits/<n>.json      values, runs and changes of a group of commits
 *   data/runs.json             the runs' index: pages, failed runs, machines
 *   data/runs/<n>.json         a page of runs, newest first, without logs
 *   data/logs/<n>.json         log text of a group of runs
 */
import type { Direction, MachineFingerprint, RunStatus } from '../../results/schema.ts';
import type { ChangeView, SeriesStatus } from '../../results/report/model.ts';
import type { NoiseBasis } from '../../results/analysis/noise.ts';

export const DATA_VERSION = 1;

/** Statuses in order of urgency: the overview sorts by this order. */
export const STATUSES: readonly SeriesStatus[] = ['regressed', 'failing', 'improved', 'noisy', 'bimodal', 'stable'];

export const RUN_STATUS_LIST: readonly RunStatus[] = ['ok', 'failed', 'timeout', 'invalid-output', 'error'];

export interface SummarySeriesColumns {
  /** Indexes into SummaryFile.machines / suites / units (-1 = no unit). */
  machine: number[];
  suite: number[];
  metric: string[];
  unit: number[];
  direction: Direction[];
  count: number[];
  latest: (number | null)[];
  vsPrev: (number | null)[];
  vs30: (number | null)[];
  /** Index into STATUSES. */
  status: number[];
  /** Why each series has its status (SeriesSummary.statusText). */
  statusText: string[];
  /** 1 where the series repeats exactly (no noise), else 0. */
  exact: number[];
  noisePct: number[];
  thresholdPct: number[];
  /** Number of the data/series/<n>.json file holding the points. */
  shard: number[];
}

export interface SummaryFile {
  version: number;
  title: string;
  generatedAt: string;
  repoUrl: string | null;
  /** Commits on the main branch. */
  mainCommits: number;
  machines: string[];
  suites: string[];
  units: string[];
  /** Series sorted by suite, metric, machine; a series' position here is its ordinal everywhere. */
  series: SummarySeriesColumns;
}

export interface SparksFile {
  version: number;
  /** Sparkline of each series by ordinal, one character per value (see spark.ts). */
  spark: string[];
}

export interface CommitsFile {
  version: number;
  sha: string[];
  subject: string[];
  author: string[];
  time: string[];
  /** Position on main (0 = oldest), -1 for a commit off main. */
  index: number[];
  branch: (string | null)[];
  /** Commits per data/commits/<n>.json: commit i is in file floor(i / shardSize). */
  shardSize: number;
}

export interface PointColumns {
  /** Index into CommitsFile. */
  c: number[];
  v: number[];
  lo: number[];
  hi: number[];
  n: number[];
}

export interface SeriesNoteRef {
  slug: string;
  title: string;
  /** Indexes into CommitsFile; a note with no commit marks no point. */
  commits: number[];
}

export interface SeriesEntry {
  id: string;
  machine: string;
  suite: string;
  metric: string;
  unit: string | null;
  direction: Direction;
  status: SeriesStatus;
  statusText: string;
  noiseBasis: NoiseBasis;
  bimodal: boolean;
  noisePct: number;
  thresholdPct: number;
  points: PointColumns;
  /** Points on commits off main (pull requests). */
  branch: PointColumns;
  changes: ChangeView[];
  notes: SeriesNoteRef[];
}

export interface SeriesShardFile {
  version: number;
  series: SeriesEntry[];
}

export interface CommitRunRef {
  id: string;
  machine: string;
  suite: string;
  status: RunStatus;
  exitCode: number | null;
  fingerprintId: string;
}

export interface CommitEntry {
  /** Value of each series at this commit, by ordinal (SummaryFile order); null when not measured. */
  v: (number | null)[];
  runs: CommitRunRef[];
  /** Change points whose first commit after the change is this one. */
  changes: ChangeView[];
}

export interface CommitShardFile {
  version: number;
  /** Index (into CommitsFile) of commits[0]. */
  first: number;
  commits: CommitEntry[];
}

export interface RunColumns {
  id: string[];
  /** Indexes into RunsIndexFile.machines / suites. */
  machine: number[];
  suite: number[];
  /** Commit sha, or its first 12 digits. */
  commit: string[];
  time: string[];
  /** Index into RUN_STATUS_LIST. */
  status: number[];
  exitCode: (number | null)[];
  durationMs: number[];
  error: (string | null)[];
  metrics: number[];
  fingerprintId: string[];
  /** Number of the data/logs/<n>.json file holding the log, or -1. */
  log: number[];
}

export interface RunsIndexFile {
  version: number;
  total: number;
  machines: string[];
  suites: string[];
  /** Each machine's fingerprints by machine name: the newest first, then the earlier ones its runs had. */
  fingerprints: Record<string, MachineFingerprint[]>;
  /** Runs per data/runs/<n>.json; page n holds runs n × pageSize onwards, newest first. */
  pageSize: number;
  /** Start time of the newest and the oldest run of each page, to find a run's page by its time. */
  pages: { newest: string; oldest: string }[];
  /** Every run whose status is not ok, newest first. */
  failed: RunColumns;
}

export interface RunsPageFile {
  version: number;
  /** Position of runs[0] among all runs, newest first. */
  first: number;
  runs: RunColumns;
}

export interface LogShardFile {
  version: number;
  /** Log text by run id. */
  logs: Record<string, string>;
}

/** Where the metric page finds a series: the sort key of the first series of each shard. */
export interface SeriesShardIndex {
  starts: string[];
}

/** Order of series everywhere: by suite, then metric, then machine, so that one metric's machines sit together. */
export function seriesSortKey(suite: string, metric: string, machine: string): string {
  return `${suite}\u0000${metric}\u0000${machine}`;
}

/** The id used in URLs: machine/suite/metric (machine and suite names hold no "/"). */
export function formatSeriesId(machine: string, suite: string, metric: string): string {
  return `${machine}/${suite}/${metric}`;
}

export function parseSeriesId(id: string): { machine: string; suite: string; metric: string } | null {
  const first = id.indexOf('/');
  const second = first < 0 ? -1 : id.indexOf('/', first + 1);
  if (first <= 0 || second <= first + 1 || second === id.length - 1) return null;
  return { machine: id.slice(0, first), suite: id.slice(first + 1, second), metric: id.slice(second + 1) };
}

/** The shard holding a sort key: the last one starting at or before it. */
export function findSeriesShard(index: SeriesShardIndex, key: string): number {
  let lo = 0;
  let hi = index.starts.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((index.starts[mid] as string) <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
