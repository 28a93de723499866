/**
 * SiteModel -> data/commits.json (who, what, when of every commit) and
 * data/commits/<n>.json (every series' value at each commit, its runs and the
 * changes it starts). Comparing two commits loads two shards, not the history.
 * The shards are filled series by series and written commit shard by commit
 * shard, so the values of the whole history need not be in memory at once.
 */
import type { ChangeView, SeriesDetail, SiteModel } from '../../results/report/model.ts';
import { DATA_VERSION, type CommitEntry, type CommitShardFile, type CommitsFile } from './data-files.ts';
import { roundSignificant } from './round.ts';
import { createCommitLookup, type CommitLookup } from './commit-lookup.ts';

/** Aim for shards of about this many bytes: small enough to load two at once. */
const SHARD_BYTES = 200_000;
const MAX_COMMITS_PER_SHARD = 50;
/** Rough JSON size of one value (or null) and of one run reference. */
const BYTES_PER_VALUE = 9;
const BYTES_PER_RUN = 130;
const MAX_SUBJECT = 200;

export interface CommitFiles {
  commits: CommitsFile;
  lookup: CommitLookup;
}

/** Commits per shard so that a shard stays near SHARD_BYTES; every commit holds a slot per series. */
export function chooseCommitShardSize(commits: number, series: number, runs: number): number {
  if (commits === 0) return MAX_COMMITS_PER_SHARD;
  const perCommit = series * BYTES_PER_VALUE + (runs * BYTES_PER_RUN) / commits;
  return Math.max(1, Math.min(MAX_COMMITS_PER_SHARD, Math.floor(SHARD_BYTES / Math.max(1, perCommit))));
}

export function buildCommitsFile(model: SiteModel, shardSize: number): CommitsFile {
  const file: CommitsFile = { version: DATA_VERSION, sha: [], subject: [], author: [], time: [], index: [], branch: [], shardSize };
  for (const c of model.commits) {
    file.sha.push(c.sha);
    file.subject.push(c.subject.length > MAX_SUBJECT ? `${c.subject.slice(0, MAX_SUBJECT - 1)}…` : c.subject);
    file.author.push(c.author);
    file.time.push(c.time);
    file.index.push(c.index ?? -1);
    file.branch.push(c.branch);
  }
  return file;
}

/** data/commits.json and the shard size; the shards come from a CommitShardWriter. */
export function buildCommitFiles(model: SiteModel, seriesCount: number, lookup: CommitLookup = createCommitLookup(model.commits.map((c) => c.sha))): CommitFiles {
  const shardSize = chooseCommitShardSize(model.commits.length, seriesCount, model.runs.length);
  return { commits: buildCommitsFile(model, shardSize), lookup };
}

/**
 * Where the values wait between the pass over the series (by series) and the
 * writing of the shards (by commit): in memory for a small site, spilled to
 * disk for a large one (spill-values.ts).
 */
export interface CommitValueStore {
  add(shard: number, commit: number, ordinal: number, value: number): void;
  /** Every value added to the shard, as (commit, ordinal, value) in the order added. */
  forEach(shard: number, visit: (commit: number, ordinal: number, value: number) => void): void;
}

export function createMemoryValueStore(): CommitValueStore {
  const shards: number[][] = [];
  return {
    add(shard, commit, ordinal, value) {
      (shards[shard] ??= []).push(commit, ordinal, value);
    },
    forEach(shard, visit) {
      const list = shards[shard] ?? [];
      for (let i = 0; i < list.length; i += 3) visit(list[i] as number, list[i + 1] as number, list[i + 2] as number);
    },
  };
}

export interface CommitShardWriter {
  /** Records the values of the series at `ordinal` (any order). */
  add(ordinal: number, detail: SeriesDetail): void;
  /** Every shard in order, each built (when asked for) from the stored values, the runs and the changes. */
  shards(): Generator<[number, CommitShardFile]>;
}

export function createCommitShardWriter(model: SiteModel, files: CommitFiles, seriesCount: number, store: CommitValueStore = createMemoryValueStore()): CommitShardWriter {
  const { shardSize } = files.commits;
  return {
    add(ordinal, detail) {
      for (const list of [detail.points, detail.branchPoints]) {
        for (const p of list) {
          if (p.c >= 0 && p.c < model.commits.length) store.add(Math.floor(p.c / shardSize), p.c, ordinal, roundSignificant(p.v));
        }
      }
    },
    *shards() {
      const runsAt = new Map<number, CommitEntry['runs']>();
      for (const run of model.runs) {
        const at = files.lookup.find(run.commit);
        if (at === null) continue;
        let list = runsAt.get(at);
        if (list === undefined) runsAt.set(at, (list = []));
        list.push({ id: run.id, machine: run.machine, suite: run.suite, status: run.status, exitCode: run.exitCode, fingerprintId: run.fingerprintId });
      }
      const changesAt = new Map<number, ChangeView[]>();
      for (const change of model.changes) {
        const at = files.lookup.find(change.commit);
        if (at === null) continue;
        let list = changesAt.get(at);
        if (list === undefined) changesAt.set(at, (list = []));
        list.push(change);
      }
      for (let first = 0, shard = 0; first < model.commits.length; first += shardSize, shard++) {
        const end = Math.min(model.commits.length, first + shardSize);
        const commits: CommitEntry[] = [];
        for (let c = first; c < end; c++) commits.push({ v: new Array<number | null>(seriesCount).fill(null), runs: runsAt.get(c) ?? [], changes: changesAt.get(c) ?? [] });
        store.forEach(shard, (c, ordinal, value) => {
          (commits[c - first] as CommitEntry).v[ordinal] = value;
        });
        yield [shard, { version: DATA_VERSION, first, commits }];
      }
    },
  };
}
