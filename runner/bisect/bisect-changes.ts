/**
 * Change points of this machine that span unmeasured commits, turned into
 * bisection targets; and `backfill --bisect-changes`, which bisects them all.
 */
import { isPitwallError } from '../../results/errors.ts';
import type { ChangeView, SiteModel } from '../../results/report/model.ts';
import { formatChangeId } from '../../results/report/change-id.ts';
import type { MachineFingerprint } from '../../results/schema.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { loadModel } from './load-model.ts';
import { listMainCommits } from '../queue/main-history.ts';
import { runBisect, type BisectTarget } from './run-bisect.ts';

/** machine/suite/metric: machine and suite names hold no "/". */
export function splitSeriesId(id: string): { machine: string; suite: string; metric: string } {
  const [machine = '', suite = '', ...rest] = id.split('/');
  return { machine, suite, metric: rest.join('/') };
}

export function targetOfChange(model: SiteModel, change: ChangeView): BisectTarget | null {
  if (change.previousCommit === null) return null;
  const summary = model.series.find((s) => s.id === change.seriesId);
  if (summary === undefined) return null;
  return {
    ...splitSeriesId(change.seriesId),
    good: change.previousCommit,
    bad: change.commit,
    before: change.beforeMedian,
    after: change.afterMedian,
    sigma: summary.noisePct / 100,
    threshold: summary.thresholdPct / 100,
  };
}

export interface BisectableChange {
  change: ChangeView;
  /** Commits of main between the change's two measured commits that were never measured. */
  unmeasured: number;
}

/**
 * Confirmed changes on `machine` whose two measured commits are not adjacent
 * on main, newest first. `mainAge` maps main's commits to their distance from
 * the head (the model only knows the measured ones).
 */
export function changesToBisect(model: SiteModel, machine: string, mainAge: ReadonlyMap<string, number>): BisectableChange[] {
  const out: BisectableChange[] = [];
  for (const change of model.changes) {
    if (change.status !== 'confirmed' || change.previousCommit === null || splitSeriesId(change.seriesId).machine !== machine) continue;
    const after = mainAge.get(change.commit);
    const before = mainAge.get(change.previousCommit);
    if (after === undefined || before === undefined || before - after < 2) continue;
    out.push({ change, unmeasured: before - after - 1 });
  }
  return out;
}

export async function mainAges(repo: ResultsRepo, mainBranch: string): Promise<Map<string, number>> {
  const commits = await listMainCommits({ gitdir: repo.gitdir, cache: repo.cache, mainBranch });
  return new Map(commits.map((c, i) => [c.sha, i]));
}

export interface BisectChangesOptions {
  config: ResolvedConfig;
  repo: ResultsRepo;
  repoDir: string;
  fingerprint: MachineFingerprint;
  say: (text: string) => void;
  /** The caller holds the repository lock (benchCommit writes under it). */
  locked: true;
  maxRuns?: number;
}

/** Bisects every such change, re-reading the branch after each (one bisection often pins others). Returns the failures. */
export async function bisectChanges(options: BisectChangesOptions): Promise<number> {
  const { config, repo, say } = options;
  const tried = new Set<string>();
  let failures = 0;
  let pinned = 0;
  for (;;) {
    const { history, model } = await loadModel(repo, config);
    const change = changesToBisect(model, config.machine, await mainAges(repo, config.mainBranch)).map((c) => c.change).find((c) => !tried.has(formatChangeId(c)));
    if (change === undefined) break;
    tried.add(formatChangeId(change));
    const target = targetOfChange(model, change);
    if (target === null) continue;
    try {
      await runBisect({ config, repo, repoDir: options.repoDir, fingerprint: options.fingerprint, history, target, say, ...(options.maxRuns === undefined ? {} : { maxRuns: options.maxRuns }) });
      pinned++;
    } catch (error) {
      if (!isPitwallError(error)) throw error;
      failures++;
      say(`could not bisect ${formatChangeId(change)}: ${error.message}`);
      if (error.hint !== undefined) say(`  hint: ${error.hint}`);
    }
  }
  say(tried.size === 0 ? 'no confirmed change spans unmeasured commits' : `bisected ${pinned} change${pinned === 1 ? '' : 's'}${failures > 0 ? `, ${failures} could not be pinned` : ''}`);
  return failures;
}
