/**
 * The queue of `pitwall queue` and `pitwall backfill`: main's commits, the runs
 * on the results branch, and the suite hashes as the suites are defined now.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { findQueue, type QueueEntry, type QueueRun } from '../../results/analysis/find-queue.ts';
import { listRunRecords } from '../../results/store/read-runs.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { UsageError } from '../../results/errors.ts';
import type { ResolvedConfig, SuiteConfig } from '../config/resolved.ts';
import { hashSuite } from '../pipeline/to-records.ts';
import { selectSuites } from '../pipeline/bench-commit.ts';
import { listMainCommits, type MainCommit } from './main-history.ts';
import { resolveCommit } from '../bench/checkout.ts';

export interface LoadQueueOptions {
  config: ResolvedConfig;
  repo: ResultsRepo;
  /** Root of the working tree of the repository under test. */
  repoDir: string;
  machine: string;
  /** Suite names; default every suite of the config. */
  suites?: readonly string[];
  /** Only the newest N commits of main. */
  last?: number;
  /** Only commits after this revision (which must be on main), up to the head. */
  since?: string;
  /** Main's commits and the runs, from an earlier loadQueue of the same range: the queue of another machine costs no second read. */
  reuse?: Pick<LoadedQueue, 'commits' | 'runs'>;
}

export interface LoadedQueue {
  /** Main commits considered, newest first. */
  commits: MainCommit[];
  queue: QueueEntry[];
  runs: QueueRun[];
  suites: SuiteConfig[];
}

/** Runs of the results branch as the queue reads them. */
export async function listQueueRuns(repo: ResultsRepo): Promise<QueueRun[]> {
  return (await listRunRecords(repo)).map((r) => ({
    run: r.run, machine: r.machine, suite: r.suite, commit: r.commit, status: r.status, time: r.time, suiteHash: r.suiteConfig.hash,
  }));
}

/**
 * The bench script as the runner reads it now: from the config file's folder,
 * not from the commit under test (a command's own files are part of the commit).
 */
async function readScript(config: ResolvedConfig, suite: SuiteConfig): Promise<Uint8Array | null> {
  if (suite.script === null) return null;
  try {
    return await readFile(resolve(config.dir, suite.script));
  } catch {
    return null; // as the runner does: a missing script fails the run, and the hash goes without it
  }
}

export async function resolveMainRevision(repoDir: string, repo: ResultsRepo, rev: string, commits: readonly MainCommit[], mainBranch: string): Promise<string> {
  const sha = await resolveCommit(repoDir, rev, repo.cache);
  if (!commits.some((c) => c.sha === sha)) {
    throw new UsageError('REVISION_NOT_ON_MAIN', `Revision "${rev}" (${sha.slice(0, 7)}) is not on the first-parent history of "${mainBranch}"`, {
      hint: `Give a commit of "${mainBranch}" itself (see "git log --first-parent ${mainBranch}"); commits of merged branches are measured through their merge commit`,
    });
  }
  return sha;
}

export async function loadQueue(options: LoadQueueOptions): Promise<LoadedQueue> {
  const { config, repo } = options;
  const suites = selectSuites(config, options.suites);
  if (options.reuse !== undefined) {
    return { ...judge(options, suites, options.reuse.commits, options.reuse.runs, await hashesOf(options, suites)), suites };
  }
  let commits = await listMainCommits({ gitdir: repo.gitdir, cache: repo.cache, mainBranch: config.mainBranch, ...(options.since === undefined && options.last !== undefined ? { limit: options.last } : {}) });
  if (options.since !== undefined) {
    const since = await resolveMainRevision(options.repoDir, repo, options.since, commits, config.mainBranch);
    commits = commits.slice(0, commits.findIndex((c) => c.sha === since));
    if (options.last !== undefined) commits = commits.slice(0, options.last);
  }
  const runs = await listQueueRuns(repo);
  return { ...judge(options, suites, commits, runs, await hashesOf(options, suites)), suites };
}

/** The hash an ok run of each suite must have to count: the suite as it is defined and scripted now. */
async function hashesOf(options: LoadQueueOptions, suites: readonly SuiteConfig[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const suite of suites) hashes.set(suite.name, hashSuite(suite, await readScript(options.config, suite)));
  return hashes;
}

function judge(options: LoadQueueOptions, suites: readonly SuiteConfig[], commits: MainCommit[], runs: QueueRun[], hashes: ReadonlyMap<string, string>) {
  const expectedHash = (suiteName: string): string => hashes.get(suiteName) ?? '';
  const queue = findQueue(commits, runs, { machine: options.machine, suites: suites.map((s) => s.name), expectedHash });
  return { commits, queue, runs };
}
