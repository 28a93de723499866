/** Reading run files from the results branch (or any commit of it). */
import { isRunFile, RUNS_DIR } from '../layout.ts';
import { parseRecordLine, parseRunFile, type MeasurementRecord, type RunRecord } from '../schema.ts';
import { readTip } from './refs.ts';
import type { ResultsRepo } from './repo.ts';
import { findEntry, listTreeFiles, readCommitTree, type BranchFile } from './tree-cache.ts';
import { createObjectReader, readBlobWithFallback } from './object-reader.ts';
import { readBlobDirect } from './direct-objects.ts';

export interface ReadAtOptions {
  /** A ref name or a commit oid; defaults to the results branch. */
  ref?: string;
}

export interface ParsedRunFile {
  run: RunRecord;
  measurements: MeasurementRecord[];
}

export interface StoredRun extends ParsedRunFile {
  path: string;
  oid: string;
}

export interface ReadRunsOptions extends ReadAtOptions {
  /** Called after each file is read. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** Blob reads in flight at once; the reads are small and mostly wait on the disk. */
const READ_CONCURRENCY = 8;

/** Every run file (`runs/**.jsonl`) at the tip, in path order. Empty when the branch does not exist. */
export async function listRunFiles(repo: ResultsRepo, options: ReadAtOptions = {}): Promise<BranchFile[]> {
  const root = await readRootTree(repo, options.ref);
  if (root === null) return [];
  const runs = await findEntry(repo, root, RUNS_DIR);
  if (runs === null || runs.type !== 'tree') return [];
  const files: BranchFile[] = [];
  for (const file of await listTreeFiles(repo, runs.oid)) {
    const path = `${RUNS_DIR}/${file.path}`;
    if (isRunFile(path)) files.push({ path, oid: file.oid });
  }
  return files;
}

/** Reads and parses one run file; `path` is used in error messages. */
export async function readRunFile(repo: ResultsRepo, oid: string, path: string): Promise<ParsedRunFile> {
  return parseRunFile(await readTextBlob(repo, oid), path);
}

/** The run records alone (first line of each run file), in path order: enough for listings. */
export async function listRunRecords(repo: ResultsRepo, options: ReadAtOptions = {}): Promise<RunRecord[]> {
  const files = await listRunFiles(repo, options);
  const reader = createObjectReader(repo.gitdir);
  try {
    return await mapConcurrently(files, async (file) => {
      const text = (await readBlobWithFallback(repo, reader, file.oid)).toString('utf8');
      const end = text.indexOf('\n');
      const first = parseRecordLine(end === -1 ? text : text.slice(0, end), { file: file.path, line: 1 });
      // parseRunFile reports a file that does not start with a run record.
      return first.kind === 'run' ? first : parseRunFile(text, file.path).run;
    });
  } finally {
    reader.close();
  }
}

/** The text of a blob, decoded as UTF-8. */
export async function readTextBlob(repo: ResultsRepo, oid: string): Promise<string> {
  return new TextDecoder().decode(await readBlobDirect(repo, oid));
}

/** The text of the file at `path`, or null when there is no such file (or no branch). */
export async function readTextAt(repo: ResultsRepo, path: string, options: ReadAtOptions = {}): Promise<string | null> {
  const root = await readRootTree(repo, options.ref);
  if (root === null) return null;
  const entry = await findEntry(repo, root, path);
  if (entry === null || entry.type !== 'blob') return null;
  return await readTextBlob(repo, entry.oid);
}

/** Reads and parses every run file at the tip. */
export async function readRuns(repo: ResultsRepo, options: ReadRunsOptions = {}): Promise<StoredRun[]> {
  const files = await listRunFiles(repo, options);
  let done = 0;
  return await mapConcurrently(files, async (file) => {
    const run: StoredRun = { path: file.path, oid: file.oid, ...(await readRunFile(repo, file.oid, file.path)) };
    options.onProgress?.({ done: ++done, total: files.length });
    return run;
  });
}

/** Maps in order with a few calls in flight. */
async function mapConcurrently<T, R>(items: readonly T[], map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function work(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, work));
  return results;
}

async function readRootTree(repo: ResultsRepo, ref: string | undefined): Promise<string | null> {
  const commit = await readTip(repo, ref ?? repo.ref);
  return commit === null ? null : await readCommitTree(repo, commit);
}

