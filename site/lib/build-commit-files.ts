/**
 * SiteModel -> data/commits.json (who, what, when of every commit) and
 * data/commits/<n>.json (every series' value at each commit, its runs and the
 * changes it starts). Comparing two commits loads two shards, not the history.
 */
import type { SeriesDetail, SiteModel } from '../../results/report/model.ts';
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
  shards: CommitShardFile[];
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

/** `order` maps ordinals to model series indexes (see build-series-files.ts). */
export function buildCommitFiles(model: SiteModel, order: readonly number[], lookup: CommitLookup = createCommitLookup(model.commits.map((c) => c.sha))): CommitFiles {
  const entries: CommitEntry[] = model.commits.map(() => ({ v: new Array<number | null>(order.length).fill(null), runs: [], changes: [] }));
  order.forEach((seriesIndex, ordinal) => {
    const detail = model.details[seriesIndex] as SeriesDetail;
    for (const list of [detail.points, detail.branchPoints]) {
      for (const p of list) {
        const entry = entries[p.c];
        if (entry !== undefined) entry.v[ordinal] = roundSignificant(p.v);
      }
    }
  });
  for (const run of model.runs) {
    const at = lookup.find(run.commit);
    if (at === null) continue;
    (entries[at] as CommitEntry).runs.push({ id: run.id, machine: run.machine, suite: run.suite, status: run.status, exitCode: run.exitCode, fingerprintId: run.fingerprintId });
  }
  for (const change of model.changes) {
    const at = lookup.find(change.commit);
    if (at !== null) (entries[at] as CommitEntry).changes.push(change);
  }
  const shardSize = chooseCommitShardSize(model.commits.length, order.length, model.runs.length);
  const shards: CommitShardFile[] = [];
  for (let first = 0; first < entries.length; first += shardSize) {
    shards.push({ version: DATA_VERSION, first, commits: entries.slice(first, first + shardSize) });
  }
  return { commits: buildCommitsFile(model, shardSize), shards, lookup };
}
