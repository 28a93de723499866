/**
 * The results store: reads and writes the results branch through git objects
 * and refs only, never the working tree, the index or HEAD.
 */
export { openResultsRepo, findGitDir, DEFAULT_RESULTS_BRANCH, type ResultsRepo, type OpenResultsRepoOptions } from './repo.ts';
export { acquireLock, holdsLock, LOCK_FILE, type Lock, type LockOwner, type AcquireLockOptions } from './lock.ts';
export { DEFAULT_LOCK_TIMEOUT_MS, type RepoLockOptions } from './repo-lock.ts';
export { writeRun, DEFAULT_AUTHOR, type RunFile, type WriteRunData, type WriteRunOptions, type CommitIdentity } from './write-run.ts';
export { listRunFiles, listRunRecords, readRunFile, readTextBlob, readTextAt, readRuns, type StoredRun, type ParsedRunFile, type ReadRunsOptions, type ReadAtOptions } from './read-runs.ts';
export { listResultsCommits, diffAddedFiles, type ResultsCommit, type ListResultsCommitsOptions } from './history.ts';
export { readTip } from './refs.ts';
export { fetchResults, resolveRemote, URL_REMOTE_NAME, type RemoteOptions, type FetchResultsResult, type ResolvedRemote } from './remote.ts';
export { pushResults, countUndelivered, type PushResultsOptions, type PushResultsResult } from './push.ts';
export type { BranchFile } from './tree-cache.ts';
