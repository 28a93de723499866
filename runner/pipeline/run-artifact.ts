/**
 * Handing runs from the job that benchmarks to the job that publishes, as a
 * folder of files (a GitHub Actions artifact). The benchmark job ran code under
 * test with a read-only token; the publishing job holds a write token and must
 * treat everything in the folder as untrusted data: every file is checked with
 * the same parser as the results branch, against size limits and the branch
 * layout, and only runs of the approved head commit or of a main-branch commit
 * are accepted. One problem anywhere and nothing is written.
 */
import git from 'isomorphic-git';
import fs from 'node:fs';
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { isPitwallError, UsageError } from '../../results/errors.ts';
import { formatRunFile, parseRunFile, type MeasurementRecord, type RunRecord } from '../../results/schema.ts';
import { diffAddedFiles } from '../../results/store/history.ts';
import { readTextBlob } from '../../results/store/read-runs.ts';
import { readTip } from '../../results/store/refs.ts';
import { resolveRemote, trackingRefFor } from '../../results/store/remote.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { writeRun } from '../../results/store/write-run.ts';
import { formatRunMessage } from './to-records.ts';

/** At most this many files, each at most this large, together at most this much. */
export const ARTIFACT_LIMITS = { files: 2_000, fileBytes: 16 * 1024 * 1024, totalBytes: 128 * 1024 * 1024 } as const;

/** runs/<machine>/<YYYY-MM>/<DD>/<stem>.jsonl|.log, as results/layout.ts writes them. */
const RUN_PATH = /^runs\/([A-Za-z0-9][A-Za-z0-9._-]{0,63})\/(\d{4}-\d{2})\/(\d{2})\/([A-Za-z0-9][A-Za-z0-9._-]{0,200})\.(jsonl|log)$/;

export interface SaveResult {
  files: string[];
  runs: number;
}

/**
 * Writes the run files the local branch has and the remote (as last fetched)
 * lacks into `dir`, at their branch paths.
 */
export async function saveRunArtifact(repo: ResultsRepo, remote: string, dir: string): Promise<SaveResult> {
  const resolved = await resolveRemote(repo, remote);
  const local = await readTip(repo);
  const remoteTip = await readTip(repo, trackingRefFor(repo, resolved));
  await mkdir(dir, { recursive: true });
  if (local === null) return { files: [], runs: 0 };
  const added = (await diffAddedFiles(repo, remoteTip, local)).filter((f) => RUN_PATH.test(f.path));
  for (const file of added) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, await readTextBlob(repo, file.oid));
  }
  return { files: added.map((f) => f.path).sort(), runs: added.filter((f) => f.path.endsWith('.jsonl')).length };
}

export interface LoadOptions {
  /** The approved head commit: its runs are accepted. */
  head: string;
  /** Runs of commits on this branch's history are accepted too (the base side). */
  mainRef: string;
  /** The repository under test (for the main branch's history). */
  repoDir: string;
  /** The caller holds the repository lock. */
  locked?: boolean;
}

export interface LoadedRun {
  path: string;
  run: RunRecord;
  measurements: MeasurementRecord[];
  log: string | null;
}

export interface LoadResult {
  written: LoadedRun[];
  /** Runs that were on the branch already (a publish job run twice). */
  present: LoadedRun[];
}

interface FoundFile {
  path: string;
  size: number;
}

function artifactError(dir: string, problems: readonly string[]): UsageError {
  const shown = problems.slice(0, 20).map((p) => `  ${p}`).join('\n');
  const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
  return new UsageError('ARTIFACT_INVALID', `Refusing the runs in "${dir}": ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${shown}${more}`, {
    hint: 'Nothing was written. The folder must hold only run files as "pitwall artifact save" writes them, for the approved commit or main-branch commits',
  });
}

/** Every entry under `dir`, refusing anything that is not a plain file or folder. */
async function listFiles(dir: string, problems: string[]): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const name of (await readdir(folder)).sort()) {
      const full = join(folder, name);
      const path = relative(dir, full).split(sep).join('/');
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) found.push({ path, size: info.size });
      else problems.push(`${path}: not a plain file (symbolic links and devices are refused)`);
      if (found.length > ARTIFACT_LIMITS.files) throw artifactError(dir, [`more than ${ARTIFACT_LIMITS.files} files`]);
    }
  };
  await walk(dir);
  return found;
}

/** Commits of the main branch, local or as last fetched from origin (a CI checkout may have only the latter). */
async function mainHistory(repoDir: string, mainBranch: string): Promise<Set<string>> {
  let last: unknown;
  for (const ref of [`refs/heads/${mainBranch}`, `refs/remotes/origin/${mainBranch}`]) {
    try {
      const commits = await git.log({ fs, dir: repoDir, ref });
      return new Set(commits.map((c) => c.oid));
    } catch (cause) {
      last = cause;
    }
  }
  throw new UsageError('MAIN_BRANCH_MISSING', `Cannot read the history of "${mainBranch}" in ${repoDir}: ${(last as Error).message}`, {
    hint: 'Check out the default branch with fetch-depth: 0 before loading runs',
    cause: last,
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Checks every file in `dir`; throws ARTIFACT_INVALID listing every problem, or returns the runs. */
export async function readRunArtifact(dir: string, options: LoadOptions): Promise<LoadedRun[]> {
  const problems: string[] = [];
  let files: FoundFile[];
  // No folder: the benchmark job had no new runs and uploaded nothing. Nothing untrusted to read.
  if ((await lstat(dir).catch(() => null)) === null) return [];
  try {
    files = await listFiles(dir, problems);
  } catch (cause) {
    if (isPitwallError(cause)) throw cause;
    throw new UsageError('ARTIFACT_UNREADABLE', `Cannot read the runs folder "${dir}": ${(cause as Error).message}`, { hint: 'Download the artifact into that folder first', cause });
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > ARTIFACT_LIMITS.totalBytes) problems.push(`${total} bytes in all, over the limit of ${ARTIFACT_LIMITS.totalBytes}`);
  const allowed = await mainHistory(options.repoDir, options.mainRef);
  allowed.add(options.head);
  const texts = new Map<string, string>();
  for (const file of files) {
    if (!RUN_PATH.test(file.path)) {
      problems.push(`${file.path}: not a run file path (runs/<machine>/<YYYY-MM>/<DD>/<run>.jsonl or .log)`);
      continue;
    }
    if (file.size > ARTIFACT_LIMITS.fileBytes) {
      problems.push(`${file.path}: ${file.size} bytes, over the limit of ${ARTIFACT_LIMITS.fileBytes}`);
      continue;
    }
    try {
      texts.set(file.path, decoder.decode(await readFile(join(dir, ...file.path.split('/')))));
    } catch {
      problems.push(`${file.path}: not UTF-8 text`);
    }
  }
  const runs: LoadedRun[] = [];
  const logsClaimed = new Set<string>();
  for (const [path, text] of texts) {
    if (!path.endsWith('.jsonl')) continue;
    const [, machine = '', month = '', day = '', stem = ''] = RUN_PATH.exec(path) ?? [];
    let parsed: { run: RunRecord; measurements: MeasurementRecord[] };
    try {
      parsed = parseRunFile(text, path);
    } catch (error) {
      problems.push(isPitwallError(error) ? error.message : `${path}: ${(error as Error).message}`);
      continue;
    }
    const { run, measurements } = parsed;
    const id = `${machine}/${stem}`;
    if (run.machine !== machine || run.run !== id) problems.push(`${path}: the run record says run "${run.run}" on "${run.machine}", not "${id}" as its path does`);
    if (run.time.slice(0, 7) !== month || run.time.slice(8, 10) !== day) problems.push(`${path}: the run's time ${run.time} does not match the folder ${month}/${day}`);
    if (!allowed.has(run.commit)) problems.push(`${path}: commit ${run.commit} is neither the approved head ${options.head} nor on ${options.mainRef}`);
    if (run.metrics !== measurements.length) problems.push(`${path}: the run record counts ${run.metrics} metrics, the file holds ${measurements.length}`);
    for (const m of measurements) {
      if (m.run !== run.run || m.commit !== run.commit || m.machine !== run.machine || m.suite !== run.suite) {
        problems.push(`${path}: measurement "${m.metric}" belongs to another run, commit, machine or suite`);
        break;
      }
    }
    const logPath = path.replace(/\.jsonl$/, '.log');
    if (run.log !== null && run.log !== logPath) problems.push(`${path}: its log is "${run.log}", not "${logPath}" beside it`);
    const log = texts.get(logPath) ?? null;
    if (run.log !== null && log === null) problems.push(`${path}: its log "${logPath}" is missing`);
    if (log !== null) logsClaimed.add(logPath);
    runs.push({ path, run, measurements, log: run.log === null ? null : log });
  }
  for (const path of texts.keys()) if (path.endsWith('.log') && !logsClaimed.has(path)) problems.push(`${path}: a log without its run file`);
  if (problems.length > 0) throw artifactError(dir, problems);
  return runs;
}

/**
 * Validates the folder, then commits each run (its canonical form, as the
 * parser read it) to the results branch. A run whose path is already on the
 * branch is left as it is.
 */
export async function loadRunArtifact(repo: ResultsRepo, dir: string, options: LoadOptions): Promise<LoadResult> {
  const runs = await readRunArtifact(dir, options);
  const result: LoadResult = { written: [], present: [] };
  for (const loaded of runs) {
    const files = [{ path: loaded.path, content: formatRunFile(loaded.run, loaded.measurements) }];
    if (loaded.log !== null && loaded.run.log !== null) files.push({ path: loaded.run.log, content: loaded.log });
    try {
      await writeRun(repo, { files, message: formatRunMessage(loaded.run), time: new Date(loaded.run.time) }, { locked: options.locked ?? false });
      result.written.push(loaded);
    } catch (error) {
      if (!(isPitwallError(error) && error.code === 'RESULTS_PATH_EXISTS')) throw error;
      result.present.push(loaded);
    }
  }
  return result;
}
