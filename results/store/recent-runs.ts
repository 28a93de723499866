/**
 * The newest run records first, reading only as many run files as a listing
 * needs. A run file's name starts with its start time to the second
 * (results/layout.ts), so the files are ordered by name and read newest
 * first until `limit` records match and every file left is older than the
 * last one read: `pitwall log --limit 20` reads about 20 files, not the branch.
 */
import { parseRecordLine, parseRunFile, type RunRecord } from '../schema.ts';
import { createObjectReader, readBlobWithFallback } from './object-reader.ts';
import { listRunFiles } from './read-runs.ts';
import type { ResultsRepo } from './repo.ts';
import type { BranchFile } from './tree-cache.ts';

/** What a run file's path tells without reading it. */
export interface RunPathFacts {
  machine: string;
  /** Start time to the second, as in the name: YYYYMMDDTHHMMSSZ. */
  stamp: string;
  /** First 7 digits of the commit. */
  shortCommit: string;
  /** The suite, possibly followed by "-<n>" for a second run in the same second. */
  suiteAndAttempt: string;
}

const STEM = /^runs\/([^/]+)\/\d{4}-\d{2}\/\d{2}\/(\d{8}T\d{6}Z)-([0-9a-f]{7})-(.+)\.jsonl$/;

export function parseRunPath(path: string): RunPathFacts | null {
  const match = STEM.exec(path);
  if (match === null) return null;
  return { machine: match[1] as string, stamp: match[2] as string, shortCommit: match[3] as string, suiteAndAttempt: match[4] as string };
}

export interface RecentRunsOptions {
  /** At most this many records; 0 for all. */
  limit: number;
  /** Whether a record is wanted. */
  keep: (run: RunRecord) => boolean;
  /** False when the path alone shows the record cannot be wanted (saves reading it). */
  mayKeep?: (facts: RunPathFacts) => boolean;
}

export interface RecentRuns {
  /** Wanted records, newest first (ties in path order). */
  runs: RunRecord[];
  /** Files that could hold more wanted records and were not read. */
  unread: number;
  /** Wanted records left out by the limit among those read. */
  more: number;
}

async function readRecord(repo: ResultsRepo, reader: ReturnType<typeof createObjectReader>, file: BranchFile): Promise<RunRecord> {
  const text = (await readBlobWithFallback(repo, reader, file.oid)).toString('utf8');
  const end = text.indexOf('\n');
  const first = parseRecordLine(end === -1 ? text : text.slice(0, end), { file: file.path, line: 1 });
  return first.kind === 'run' ? first : parseRunFile(text, file.path).run;
}

export async function listRecentRunRecords(repo: ResultsRepo, options: RecentRunsOptions): Promise<RecentRuns> {
  const files = await listRunFiles(repo);
  const facts = files.map((f) => parseRunPath(f.path));
  // A file named otherwise (written by hand) has no time in its name: then every file is read.
  const named = facts.every((f) => f !== null);
  const order = files.map((_, i) => i).filter((i) => !named || options.mayKeep === undefined || options.mayKeep(facts[i] as RunPathFacts));
  if (named) order.sort((a, b) => ((facts[b] as RunPathFacts).stamp < (facts[a] as RunPathFacts).stamp ? -1 : (facts[b] as RunPathFacts).stamp > (facts[a] as RunPathFacts).stamp ? 1 : a - b));
  const found: { run: RunRecord; at: number }[] = [];
  const reader = createObjectReader(repo.gitdir);
  let read = 0;
  try {
    for (; read < order.length; read++) {
      const at = order[read] as number;
      if (named && options.limit > 0 && found.length >= options.limit) {
        // Stop once the files left are all from an earlier second than the last one read.
        const last = facts[order[read - 1] as number] as RunPathFacts;
        if ((facts[at] as RunPathFacts).stamp < last.stamp) break;
      }
      const run = await readRecord(repo, reader, files[at] as BranchFile);
      if (options.keep(run)) found.push({ run, at });
    }
  } finally {
    reader.close();
  }
  found.sort((a, b) => (a.run.time < b.run.time ? 1 : a.run.time > b.run.time ? -1 : a.at - b.at));
  const shown = options.limit === 0 ? found : found.slice(0, options.limit);
  return { runs: shown.map((f) => f.run), unread: order.length - read, more: found.length - shown.length };
}
