/**
 * Which commits of the main branch still need a run, and why: derived from the
 * runs on the results branch alone, so there is no queue to keep in sync.
 *
 * A commit is measured for a suite when one of its runs on the machine is `ok`
 * and was made with the suite as it is defined now (same settings, same bench
 * script). Otherwise it is queued with a reason.
 */

/** never-run: no run of the suite; failed: runs, none ok; suite-changed: ok runs, all of an older suite definition. */
export type QueueReason = 'never-run' | 'failed' | 'suite-changed';

/** The fields of a RunRecord the queue needs. */
export interface QueueRun {
  run: string;
  machine: string;
  suite: string;
  commit: string;
  status: string;
  time: string;
  suiteHash: string;
}

export interface QueueCommit {
  sha: string;
  subject: string;
  time: string;
}

export interface QueueSuite {
  suite: string;
  reason: QueueReason;
  /** The newest run of the suite on this commit, if any. */
  lastRun: string | null;
}

export interface QueueEntry extends QueueCommit {
  /** 0 = the head of main, 1 = its first parent, and so on. */
  age: number;
  suites: QueueSuite[];
}

export interface FindQueueOptions {
  machine: string;
  suites: readonly string[];
  /** The hash a run of the suite on this commit must have, as `hashSuite` computes it for the suite now. */
  expectedHash: (suite: string, commit: string) => string;
}

/** Commits of `mainCommits` (newest first) that lack a successful run of a suite; newest first. */
export function findQueue(mainCommits: readonly QueueCommit[], runs: readonly QueueRun[], options: FindQueueOptions): QueueEntry[] {
  const byCommit = new Map<string, QueueRun[]>();
  for (const run of runs) {
    if (run.machine !== options.machine) continue;
    let list = byCommit.get(run.commit);
    if (list === undefined) byCommit.set(run.commit, (list = []));
    list.push(run);
  }
  const queue: QueueEntry[] = [];
  mainCommits.forEach((commit, age) => {
    const suites: QueueSuite[] = [];
    const runsHere = byCommit.get(commit.sha) ?? [];
    for (const suite of options.suites) {
      const own = runsHere.filter((r) => r.suite === suite);
      const reason = judgeSuite(own, () => options.expectedHash(suite, commit.sha));
      if (reason === null) continue;
      const newest = own.reduce<QueueRun | null>((a, b) => (a === null || b.time > a.time ? b : a), null);
      suites.push({ suite, reason, lastRun: newest?.run ?? null });
    }
    if (suites.length > 0) queue.push({ sha: commit.sha, subject: commit.subject, time: commit.time, age, suites });
  });
  return queue;
}

function judgeSuite(runs: readonly QueueRun[], expected: () => string): QueueReason | null {
  if (runs.length === 0) return 'never-run';
  const ok = runs.filter((r) => r.status === 'ok');
  if (ok.length === 0) return 'failed';
  const hash = expected();
  return ok.some((r) => r.suiteHash === hash) ? null : 'suite-changed';
}

export const QUEUE_REASON_TEXT: Record<QueueReason, string> = {
  'never-run': 'never run',
  failed: 'last run failed',
  'suite-changed': 'suite or bench script changed since',
};
