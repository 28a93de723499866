/**
 * Loads every run on the results branch, plus the order of the benchmarked
 * commits, for analysis. Parsed runs are cached on disk by blob id, so a second
 * load parses only the runs that are new.
 */
import git from 'isomorphic-git';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { parseRunFile, type CommitInfo, type RunRecord } from '../schema.ts';
import { createObjectReader, readBlobWithFallback, type ObjectReader } from './object-reader.ts';
import type { ResultsRepo } from './repo.ts';
import { listRunFiles } from './read-runs.ts';
import { isPitwallError } from '../errors.ts';
import { formatBytes, MAX_MEASUREMENTS_PER_RUN, MAX_RESULTS_FILE_BYTES } from '../limits.ts';

/** One run with its measurements in columns. */
export interface LoadedRun {
  path: string;
  oid: string;
  run: RunRecord;
  metrics: string[];
  values: Float64Array;
  units: (string | null)[];
  directions: Int8Array;
  /** Samples of measurement i are samples[sampleStart[i] .. sampleStart[i + 1]); none when equal. */
  sampleStart: Uint32Array;
  samples: Float64Array;
}

export interface History {
  runs: LoadedRun[];
  /** Benchmarked commits on the main branch, oldest first. */
  mainOrder: string[];
  /** Benchmarked commits not on the main branch (pull requests), oldest first by commit time. */
  offMain: string[];
  /** What the runs recorded about each commit, with the branch of its first run. */
  commits: Map<string, CommitInfo & { branch: string | null }>;
  /** How the main order was found. */
  orderSource: 'git' | 'git+commit-time' | 'commit-time';
  stats: { files: number; parsed: number; fromCache: number };
  /** Results files left out because they cannot be read or are over the limits (written by another tool). */
  skipped?: SkippedRunFile[];
}

export interface SkippedRunFile {
  path: string;
  /** 1-based line of the problem; 1 for the whole file. */
  line: number;
  message: string;
}

export interface ReadHistoryOptions {
  /** Branch of the repository under test that orders commits (e.g. "main"). */
  mainBranch: string;
  /** Cache file; default `<gitdir>/pitwall/history-cache.v8`. Null disables the cache. */
  cacheFile?: string | null;
  onProgress?: (done: number, total: number) => void;
}

const CACHE_VERSION = 1;

export function columnizeRun(path: string, oid: string, text: string): LoadedRun {
  const { run, measurements } = parseRunFile(text, path);
  const n = measurements.length;
  const values = new Float64Array(n);
  const directions = new Int8Array(n);
  const sampleStart = new Uint32Array(n + 1);
  let total = 0;
  for (const m of measurements) total += m.samples?.length ?? 0;
  const samples = new Float64Array(total);
  const metrics: string[] = new Array(n);
  const units: (string | null)[] = new Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const m = measurements[i]!;
    metrics[i] = m.metric;
    values[i] = m.value;
    units[i] = m.unit;
    directions[i] = m.direction;
    sampleStart[i] = at;
    if (m.samples !== undefined) for (const s of m.samples) samples[at++] = s;
  }
  sampleStart[n] = at;
  return { path, oid, run, metrics, values, units, directions, sampleStart, samples };
}

async function loadCache(file: string | null): Promise<Map<string, LoadedRun>> {
  if (file === null) return new Map();
  try {
    const data = deserialize(await readFile(file)) as { version: number; runs: LoadedRun[] };
    if (data.version !== CACHE_VERSION) return new Map();
    return new Map(data.runs.map((r) => [r.oid, r]));
  } catch {
    // A missing or unreadable cache only costs a full parse.
    return new Map();
  }
}

async function saveCache(file: string, runs: LoadedRun[]): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, serialize({ version: CACHE_VERSION, runs }));
  await rename(temp, file);
}

async function resolveMain(repo: ResultsRepo, mainBranch: string): Promise<string | null> {
  for (const ref of [`refs/heads/${mainBranch}`, `refs/remotes/origin/${mainBranch}`, mainBranch]) {
    try {
      return await git.resolveRef({ fs: repo.fs, gitdir: repo.gitdir, ref });
    } catch {
      // try the next spelling
    }
  }
  return null;
}

/** How far past the oldest benchmarked commit's time the walk of main goes before giving up on the rest. */
const WALK_SLACK_SECONDS = 30 * 24 * 3600;

/**
 * Walks the first-parent chain of main until every benchmarked commit on it
 * was seen, or the walk is well past the oldest of them (so commits that are
 * not on main, such as an imported history, do not cost a walk to the root).
 */
async function orderFromGit(repo: ResultsRepo, tip: string, wanted: Set<string>, oldestSeconds: number): Promise<string[]> {
  const order: string[] = [];
  let remaining = wanted.size;
  let oid: string | undefined = tip;
  while (oid !== undefined && remaining > 0) {
    if (wanted.has(oid)) {
      order.push(oid);
      remaining--;
    }
    let commit;
    try {
      ({ commit } = await git.readCommit({ fs: repo.fs, gitdir: repo.gitdir, oid, cache: repo.cache }));
    } catch {
      break; // shallow clone: the rest is unknown
    }
    if (commit.committer.timestamp < oldestSeconds - WALK_SLACK_SECONDS) break;
    oid = commit.parent[0];
  }
  return order.reverse();
}

function byTime(commits: History['commits']): (a: string, b: string) => number {
  return (a, b) => {
    const ta = commits.get(a)?.time ?? '';
    const tb = commits.get(b)?.time ?? '';
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  };
}

/** Without the code's history, commits recorded for main (or for no branch) are ordered by their commit time. */
function orderFromRecords(commits: History['commits'], mainBranch: string): { main: string[]; off: string[] } {
  const main: string[] = [];
  const off: string[] = [];
  for (const sha of [...commits.keys()].sort(byTime(commits))) {
    const branch = commits.get(sha)?.branch ?? null;
    (branch === null || branch === mainBranch ? main : off).push(sha);
  }
  return { main, off };
}

/**
 * Commits recorded for main that git did not find on it (an imported history,
 * a shallow clone) join the git order by commit time, before the first
 * git-ordered commit that is newer.
 */
function mergeByTime(gitOrder: readonly string[], extra: readonly string[], commits: History['commits']): string[] {
  if (extra.length === 0) return [...gitOrder];
  const time = (sha: string) => commits.get(sha)?.time ?? '';
  const sorted = [...extra].sort(byTime(commits));
  const out: string[] = [];
  let next = 0;
  for (const sha of gitOrder) {
    while (next < sorted.length && time(sorted[next]!) < time(sha)) out.push(sorted[next++]!);
    out.push(sha);
  }
  while (next < sorted.length) out.push(sorted[next++]!);
  return out;
}

export async function readHistory(repo: ResultsRepo, options: ReadHistoryOptions): Promise<History> {
  const cacheFile = options.cacheFile === undefined ? join(repo.gitdir, 'pitwall', 'history-cache.v8') : options.cacheFile;
  const files = await listRunFiles(repo);
  const cache = await loadCache(cacheFile);
  const runs: LoadedRun[] = [];
  const skipped: SkippedRunFile[] = [];
  let parsed = 0;
  let reader: ObjectReader | null = null;
  try {
    for (const [i, file] of files.entries()) {
      let loaded = cache.get(file.oid);
      if (loaded === undefined) {
        reader ??= createObjectReader(repo.gitdir);
        const read = readRunBlob(file.path, file.oid, await readBlobWithFallback(repo, reader, file.oid));
        if ('skipped' in read) {
          // One file another tool wrote must not stop every later build: it is left out, and told.
          skipped.push(read.skipped);
          continue;
        }
        loaded = read.loaded;
        parsed++;
      }
      runs.push(loaded);
      if (options.onProgress !== undefined && (i % 200 === 0 || i === files.length - 1)) options.onProgress(i + 1, files.length);
    }
  } finally {
    reader?.close();
  }
  if (cacheFile !== null && (parsed > 0 || cache.size !== runs.length)) await saveCache(cacheFile, runs);

  const commits: History['commits'] = new Map();
  for (const { run } of runs) {
    const known = commits.get(run.commit);
    if (known === undefined || (known.branch !== options.mainBranch && run.branch === options.mainBranch)) {
      commits.set(run.commit, { ...run.commitInfo, branch: run.branch });
    }
  }
  const tip = await resolveMain(repo, options.mainBranch);
  const recorded = orderFromRecords(commits, options.mainBranch);
  let mainOrder: string[];
  let offMain: string[];
  let orderSource: History['orderSource'];
  if (tip !== null) {
    const oldest = recorded.main.length > 0 ? Date.parse(commits.get(recorded.main[0]!)!.time) / 1000 : 0;
    const fromGit = await orderFromGit(repo, tip, new Set(commits.keys()), Number.isFinite(oldest) ? oldest : 0);
    const onMain = new Set(fromGit);
    // A commit recorded for no branch (a run of --commit <rev>) that git does not find on main is
    // taken as main only when git finds none at all (a history imported from elsewhere).
    const extra = recorded.main.filter((c) => !onMain.has(c) && (commits.get(c)?.branch === options.mainBranch || fromGit.length === 0));
    mainOrder = mergeByTime(fromGit, extra, commits);
    const inMain = new Set(mainOrder);
    offMain = [...commits.keys()].filter((c) => !inMain.has(c)).sort(byTime(commits));
    orderSource = fromGit.length === mainOrder.length ? 'git' : fromGit.length === 0 ? 'commit-time' : 'git+commit-time';
  } else {
    ({ main: mainOrder, off: offMain } = recorded);
    orderSource = 'commit-time';
  }
  return { runs, mainOrder, offMain, commits, orderSource, stats: { files: files.length, parsed, fromCache: runs.length - parsed }, skipped };
}

/** The run in a results file, or why the file is left out. */
function readRunBlob(path: string, oid: string, blob: Buffer): { loaded: LoadedRun } | { skipped: SkippedRunFile } {
  if (blob.length > MAX_RESULTS_FILE_BYTES) {
    return { skipped: { path, line: 1, message: `Results file "${path}" is ${formatBytes(blob.length)}, over the limit of ${formatBytes(MAX_RESULTS_FILE_BYTES)}` } };
  }
  let loaded: LoadedRun;
  try {
    loaded = columnizeRun(path, oid, blob.toString('utf8'));
  } catch (error) {
    if (!isPitwallError(error)) throw error;
    return { skipped: { path, line: Number(/\bline (\d+)/.exec(error.message)?.[1] ?? 1), message: error.message } };
  }
  if (loaded.metrics.length > MAX_MEASUREMENTS_PER_RUN) {
    return { skipped: { path, line: 1, message: `Results file "${path}" holds ${loaded.metrics.length.toLocaleString('en-US')} measurements, over the limit of ${MAX_MEASUREMENTS_PER_RUN.toLocaleString('en-US')} per run` } };
  }
  return { loaded };
}
