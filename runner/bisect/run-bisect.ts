/**
 * Culprit bisection: measures the unmeasured commits between the two sides of
 * a change, middle first, until the change sits between two adjacent commits
 * of main. The statistics of a step are in results/analysis/bisect-step.ts.
 * Every run is committed to the results branch like any other, so the
 * dashboard then shows the change at its culprit.
 */
import { PitwallError, UsageError } from '../../results/errors.ts';
import { parseRunFile, type MachineFingerprint } from '../../results/schema.ts';
import { readTextAt } from '../../results/store/read-runs.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { judgeStep, runsToSeparate, BISECT_Z, type StepVerdict } from '../../results/analysis/bisect-step.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { benchCommit } from '../pipeline/bench-commit.ts';
import { listMainCommits, type MainCommit } from '../queue/main-history.ts';
import type { History } from '../../results/store/read-history.ts';
import { valuesAt } from './load-model.ts';
import type { RunRecord } from '../../results/schema.ts';

export interface BisectTarget {
  machine: string;
  suite: string;
  metric: string;
  /** Last commit on the old level, and first commit seen on the new one. */
  good: string;
  bad: string;
  before: number;
  after: number;
  /** Relative noise of one commit's value (the series' σ). */
  sigma: number;
  /** The series' significance threshold (relative): a commit this close to a level is on it. */
  threshold: number;
}

export interface BisectOptions {
  config: ResolvedConfig;
  repo: ResultsRepo;
  repoDir: string;
  fingerprint: MachineFingerprint;
  history: History;
  target: BisectTarget;
  /** Most runs one step may take (default 30). */
  maxRuns?: number;
  say: (text: string) => void;
}

export interface BisectStep {
  commit: string;
  subject: string;
  verdict: StepVerdict;
  /** Runs made by this step (the others were on the branch already). */
  newRuns: number;
}

export interface BisectOutcome {
  /** The first commit on the new level, and the last on the old one: adjacent on main. */
  culprit: MainCommit;
  lastGood: MainCommit;
  runsPerStep: number;
  steps: BisectStep[];
}

export const DEFAULT_MAX_RUNS = 30;

/** The results file of a run, beside its log: `runs/<machine>/<YYYY-MM>/<DD>/<stem>.jsonl`. */
function runFilePath(run: RunRecord): string {
  const stem = run.run.slice(run.machine.length + 1);
  return `runs/${run.machine}/${run.time.slice(0, 7)}/${run.time.slice(8, 10)}/${stem}.jsonl`;
}

/** Main's commits from `good` to `bad`, oldest first; checks both are on main and in that order. */
export async function commitsBetween(options: { repo: ResultsRepo; mainBranch: string; good: string; bad: string }): Promise<MainCommit[]> {
  const { repo, mainBranch, good, bad } = options;
  const all = await listMainCommits({ gitdir: repo.gitdir, cache: repo.cache, mainBranch });
  const goodAt = all.findIndex((c) => c.sha === good);
  const badAt = all.findIndex((c) => c.sha === bad);
  for (const [name, sha, at] of [['good', good, goodAt], ['bad', bad, badAt]] as const) {
    if (at < 0) {
      throw new UsageError('REVISION_NOT_ON_MAIN', `The ${name} revision ${sha.slice(0, 7)} is not on the first-parent history of "${mainBranch}"`, {
        hint: `Give commits of "${mainBranch}" itself (see "git log --first-parent ${mainBranch}")`,
      });
    }
  }
  if (goodAt <= badAt) {
    throw new UsageError('BISECT_WRONG_ORDER', goodAt === badAt
      ? `The good and the bad revision are the same commit ${good.slice(0, 7)}`
      : `The good revision ${good.slice(0, 7)} is newer than the bad revision ${bad.slice(0, 7)} on "${mainBranch}"`, {
      hint: 'Give the last commit before the change as --good and a commit after it as --bad (swap them if they are the wrong way round)',
    });
  }
  return all.slice(badAt, goodAt + 1).reverse();
}

export async function runBisect(options: BisectOptions): Promise<BisectOutcome> {
  const { config, repo, target, say } = options;
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  const range = await commitsBetween({ repo, mainBranch: config.mainBranch, good: target.good, bad: target.bad });
  const measure = (commit: MainCommit) => measureCommit(options, commit);
  const pctOf = (before: number, after: number) => ((after / before - 1) * 100).toFixed(1);
  const checkRuns = (before: number, after: number): number => {
    const n = runsToSeparate(before, after, target.sigma);
    if (n > maxRuns) {
      throw new PitwallError('BISECT_TOO_NOISY', `Cannot bisect ${target.metric}: a change of ${pctOf(before, after)} % against a noise of ${(target.sigma * 100).toFixed(2)} % needs ${Number.isFinite(n) ? n : 'infinitely many'} runs per step to tell the levels apart, more than ${maxRuns}`, {
        hint: 'Allow more with --max-runs, or make the suite quieter (more repeats per run, a quieter machine)',
      });
    }
    return n;
  };
  checkRuns(target.before, target.after);
  const unmeasured = range.slice(1, -1).filter((c) => valuesAt(options.history, target.machine, target.suite, target.metric, c.sha).length === 0).length;
  say(`bisecting ${target.machine}/${target.suite}/${target.metric} (${pctOf(target.before, target.after)} %: ${fmt(target.before)} -> ${fmt(target.after)}) over the ${range.length - 2} commit${range.length === 3 ? '' : 's'} between ${target.good.slice(0, 7)} and ${target.bad.slice(0, 7)} (${unmeasured} unmeasured)`);
  // Both ends run again, and each level moves as its end moved: load, thermal state or a toolchain
  // update since the original runs would otherwise shift every step.
  let runs = checkRuns(target.before, target.after);
  const ends = [range[0]!, range.at(-1)!];
  const fresh: number[][] = [[], []];
  for (let i = 0; i < runs; i++) for (const k of [0, 1]) fresh[k]!.push(await measure(ends[k]!));
  const drift = (k: number): number => {
    const old = valuesAt(options.history, target.machine, target.suite, target.metric, ends[k]!.sha);
    return old.length === 0 ? 1 : judgeStep(fresh[k]!, 1, 1, target.sigma).value / judgeStep(old, 1, 1, target.sigma).value;
  };
  const before = target.before * drift(0);
  const after = target.after * drift(1);
  const reproduced = judgeStep(fresh[1]!, before, before, target.sigma);
  if (reproduced.zBefore <= BISECT_Z) {
    throw new PitwallError('BISECT_NOT_REPRODUCED', `Cannot bisect ${target.metric}: measured again now, ${target.bad.slice(0, 7)} (${fmt(reproduced.value)}) is within the noise of the level before the change (${fmt(before)})`, {
      hint: 'The change does not reproduce on this machine now (a disturbed run at the time, or a changed machine); the new runs are committed, so the dashboard shows them',
    });
  }
  runs = Math.max(runs, checkRuns(before, after));
  say(`  levels now ${fmt(before)} -> ${fmt(after)} (both ends run again); ${runs} run${runs === 1 ? '' : 's'} per step: the levels are ${Math.abs(Math.log(after / before) / target.sigma).toFixed(1)} σ apart (σ ${(target.sigma * 100).toFixed(2)} %), and n = ⌈(2·${BISECT_Z}·σ/Δ)²⌉ puts each level ${BISECT_Z} standard errors from the midpoint`);
  let lo = 0;
  let hi = range.length - 1;
  const steps: BisectStep[] = [];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const commit = range[mid] as MainCommit;
    const values = valuesAt(options.history, target.machine, target.suite, target.metric, commit.sha);
    let newRuns = 0;
    let verdict: StepVerdict;
    // An ambiguous step is measured again with more runs (3, then doubling) before bisection gives up.
    for (let want = runs; ; want = Math.min(maxRuns, Math.max(3, want * 2))) {
      while (values.length < want) {
        values.push(await measure(commit));
        newRuns++;
      }
      verdict = judgeStep(values, before, after, target.sigma, target.threshold);
      if (verdict.side !== 'ambiguous' || want >= maxRuns) break;
    }
    steps.push({ commit: commit.sha, subject: commit.subject, verdict, newRuns });
    say(`  step ${steps.length}: ${commit.sha.slice(0, 7)} ${commit.subject}: ${fmt(verdict.value)} from ${verdict.runs} run${verdict.runs === 1 ? '' : 's'} (${verdict.zBefore.toFixed(1)} σ from before, ${verdict.zAfter.toFixed(1)} σ from after): ${verdict.side === 'ambiguous' ? 'fits neither level' : `${verdict.side} the change`}`);
    if (verdict.side === 'ambiguous') {
      const band = BISECT_Z * target.sigma >= Math.log1p(target.threshold) ? `${BISECT_Z} σ (${(BISECT_Z * target.sigma * 100).toFixed(2)} %)` : `the series' threshold (${(target.threshold * 100).toFixed(2)} %)`;
      throw new PitwallError('BISECT_AMBIGUOUS', `Cannot pin the change of ${target.metric}: commit ${commit.sha.slice(0, 7)} measures ${fmt(verdict.value)} over ${verdict.runs} run${verdict.runs === 1 ? '' : 's'}, more than ${band} from both ${fmt(before)} (before) and ${fmt(after)} (after)`, {
        hint: `The range ${range[lo]!.sha.slice(0, 7)}..${range[hi]!.sha.slice(0, 7)} may hold more than one change, or the machine is disturbed; the runs are committed, so bisect each half with --good and --bad, or see the measured points on the dashboard`,
      });
    }
    if (verdict.side === 'before') lo = mid;
    else hi = mid;
  }
  const culprit = range[hi] as MainCommit;
  const lastGood = range[lo] as MainCommit;
  say(`culprit: ${culprit.sha.slice(0, 7)} ${culprit.subject} (the last commit on the old level is ${lastGood.sha.slice(0, 7)})`);
  return { culprit, lastGood, runsPerStep: runs, steps };
}

/** One run of the suite on `commit`, committed; returns the metric's value. */
async function measureCommit(options: BisectOptions, commit: MainCommit): Promise<number> {
  const { config, repo, target } = options;
  const result = await benchCommit({
    config, repo, repoDir: options.repoDir, rev: commit.sha, branch: config.mainBranch,
    fingerprint: options.fingerprint, suites: [target.suite], locked: true, onProgress: () => {},
  });
  const run = result.runs[0] as RunRecord;
  if (run.status !== 'ok') {
    throw new PitwallError('BISECT_RUN_FAILED', `Cannot bisect: suite "${target.suite}" ${run.status} on ${commit.sha.slice(0, 7)} (${commit.subject}): ${run.error ?? ''}`, {
      hint: `Its log is on the results branch at "${run.log ?? 'no log'}"; the commits bisected so far keep their runs`,
    });
  }
  const text = await readTextAt(repo, runFilePath(run));
  const measurement = text === null ? undefined : parseRunFile(text, runFilePath(run)).measurements.find((m) => m.metric === target.metric);
  if (measurement === undefined || !(measurement.value > 0)) {
    throw new PitwallError('BISECT_METRIC_MISSING', `Cannot bisect: the run of "${target.suite}" on ${commit.sha.slice(0, 7)} has no positive value of "${target.metric}"`, {
      hint: 'The metric does not exist at that commit; pick a range where every commit reports it',
    });
  }
  return measurement.value;
}

function fmt(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
