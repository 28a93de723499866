/**
 * Measures a list of main-branch commits in one process: one checkout and one
 * benchCommit per commit, under the lock the caller holds. Every run is
 * committed as soon as it finishes, so an interruption or a kill loses at most
 * the commit being measured, and the next backfill (whose queue is derived from
 * the branch) goes on from there.
 */
import type { MachineFingerprint, RunRecord } from '../../results/schema.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { benchCommit } from '../pipeline/bench-commit.ts';
import { createProgress, formatSeconds } from './progress-bar.ts';

export interface BackfillItem {
  sha: string;
  subject: string;
  suites: string[];
}

export interface RunBackfillOptions {
  config: ResolvedConfig;
  repo: ResultsRepo;
  repoDir: string;
  fingerprint: MachineFingerprint;
  items: readonly BackfillItem[];
  /** Stop before a commit that would likely end after this many seconds from the start. */
  maxSeconds: number | null;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Called after each commit's runs are committed, with the count so far. */
  onMeasured?: (count: number) => void;
  now?: () => number;
}

export interface BackfillOutcome {
  measured: { sha: string; runs: RunRecord[] }[];
  /** Commits not started because of the time budget. */
  left: BackfillItem[];
  seconds: number;
}

export async function runBackfill(options: RunBackfillOptions): Promise<BackfillOutcome> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const progress = createProgress(options.stderr, options.items.length, now);
  const measured: BackfillOutcome['measured'] = [];
  let left: BackfillItem[] = [];
  try {
    for (const [i, item] of options.items.entries()) {
      const elapsed = (now() - started) / 1000;
      const average = measured.length === 0 ? 0 : elapsed / measured.length;
      if (options.maxSeconds !== null && elapsed + average > options.maxSeconds) {
        left = options.items.slice(i);
        break;
      }
      const short = item.sha.slice(0, 7);
      progress.start(`${short} ${item.subject}`);
      const commitStarted = now();
      const result = await benchCommit({
        config: options.config,
        repo: options.repo,
        repoDir: options.repoDir,
        rev: item.sha,
        branch: options.config.mainBranch,
        fingerprint: options.fingerprint,
        suites: item.suites,
        locked: true,
        onProgress: () => {},
      });
      measured.push({ sha: item.sha, runs: result.runs });
      options.onMeasured?.(measured.length);
      const failed = result.runs.filter((r) => r.status !== 'ok');
      const status = failed.length === 0 ? 'ok' : failed.map((r) => `${r.suite} ${r.status}`).join(', ');
      progress.finish(`${short} ${item.subject}: ${status} in ${formatSeconds((now() - commitStarted) / 1000)}`);
      for (const run of failed) progress.note(`  ${run.suite} on ${short}: ${run.error ?? run.status} (log: ${run.log ?? 'none'})`);
    }
  } finally {
    progress.end();
  }
  return { measured, left, seconds: (now() - started) / 1000 };
}
