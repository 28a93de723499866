/**
 * The results branch as a SeriesSource for the site model: the runs and the
 * commit order in memory (small), the measurements in the series cache on
 * disk, read one series at a time. Only blobs the cache lacks are read from git.
 */
import { join } from 'node:path';
import type { SeriesSource } from '../report/build-model.ts';
import { createObjectReader, readBlobWithFallback, type ObjectReader } from './object-reader.ts';
import { orderCommits, type History } from './read-history.ts';
import { listRunFiles } from './read-runs.ts';
import type { ResultsRepo } from './repo.ts';
import { updateSeriesCache, type CachedRun, type SeriesCacheStats } from './series-cache.ts';
import { acquireLock, type Lock } from './lock.ts';
import { mkdir } from 'node:fs/promises';

export interface SeriesHistory extends SeriesSource {
  /** The cache folder used. */
  cacheDir: string;
  /** Every run file with its record, in path order. */
  runFiles: readonly CachedRun[];
  stats: SeriesCacheStats;
}

export interface ReadSeriesHistoryOptions {
  mainBranch: string;
  /** Folder of the series cache; default `<gitdir>/pitwall-cache`. */
  cacheDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export function defaultCacheDir(repo: ResultsRepo): string {
  return join(repo.gitdir, 'pitwall-cache');
}

/** Takes the cache's lock: builds and comparisons on one repository append to the same files in turn. */
export async function lockSeriesCache(cacheDir: string, purpose: string, onWarning: (message: string) => void): Promise<Lock> {
  await mkdir(cacheDir, { recursive: true });
  return await acquireLock(cacheDir, { purpose, timeoutMs: 30 * 60_000, onWarning });
}

export async function readSeriesHistory(repo: ResultsRepo, options: ReadSeriesHistoryOptions): Promise<SeriesHistory> {
  const cacheDir = options.cacheDir ?? defaultCacheDir(repo);
  const files = await listRunFiles(repo);
  let reader: ObjectReader | null = null;
  let cache;
  try {
    cache = await updateSeriesCache(cacheDir, files, {
      readBlob: async (file) => {
        reader ??= createObjectReader(repo.gitdir);
        return await readBlobWithFallback(repo, reader, file.oid);
      },
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  } finally {
    (reader as ObjectReader | null)?.close();
  }
  const runs = cache.runs.map((r) => r.run);
  const order: Pick<History, 'mainOrder' | 'offMain' | 'commits' | 'orderSource'> = await orderCommits(repo, runs, options.mainBranch);
  return { ...order, runs, runFiles: cache.runs, keys: cache.keys, readRows: (key) => cache.readRows(key), cacheDir, stats: cache.stats };
}
