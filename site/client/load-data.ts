/**
 * Fetches the site's data files (see lib/data-files.ts), once per page:
 * views that need the same file share one request.
 */
import { withBase } from '../lib/links.ts';
import type { CommitShardFile, CommitsFile, LogShardFile, RunsIndexFile, RunsPageFile, SeriesShardFile, SparksFile, SummaryFile } from '../lib/data-files.ts';
import { siteBase } from './dom.ts';

const pending = new Map<string, Promise<unknown>>();

export function loadJson<T>(path: string): Promise<T> {
  let promise = pending.get(path);
  if (promise === undefined) {
    const url = withBase(siteBase(), path);
    promise = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return response.json() as Promise<unknown>;
    });
    pending.set(path, promise);
    // A failed request may succeed later (a flaky network); do not keep the failure.
    promise.catch(() => pending.delete(path));
  }
  return promise as Promise<T>;
}

export const loadSummary = () => loadJson<SummaryFile>('data/summary.json');
export const loadCommits = () => loadJson<CommitsFile>('data/commits.json');
export const loadSparks = () => loadJson<SparksFile>('data/sparks.json');
export const loadRunsIndex = () => loadJson<RunsIndexFile>('data/runs.json');
export const loadRunsPage = (n: number) => loadJson<RunsPageFile>(`data/runs/${n}.json`);
export const loadSeriesShard = (n: number) => loadJson<SeriesShardFile>(`data/series/${n}.json`);
export const loadCommitShard = (n: number) => loadJson<CommitShardFile>(`data/commits/${n}.json`);
export const loadLogShard = (n: number) => loadJson<LogShardFile>(`data/logs/${n}.json`);
