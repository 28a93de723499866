/**
 * The whole of `pitwall compare` short of printing and publishing: bring the
 * results up to date, settle the two commits, benchmark a side that has no
 * results yet (--run), compare, re-run the suites behind suspected
 * regressions (--confirm) and compare again on the pooled samples.
 */
import { UsageError } from '../../results/errors.ts';
import { acquireLock, type Lock } from '../../results/store/lock.ts';
import { readHistory, type History } from '../../results/store/read-history.ts';
import { readTriageFiles } from '../../results/store/read-notes.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { checkTriageFile, excludedRuns } from '../../results/triage.ts';
import type { MachineFingerprint } from '../../results/schema.ts';
import { pruneStaleCheckouts } from '../bench/checkout.ts';
import { readFingerprint } from '../bench/fingerprint.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { benchCommit } from '../pipeline/bench-commit.ts';
import { VERSION } from '../version.ts';
import { collectSide, findMissingSuites } from './collect-side.ts';
import { compareCommits, type CommitComparison } from './compare-commits.ts';
import { createDashboardLinks } from './dashboard-links.ts';
import type { CompareReport, Confirmation } from './report.ts';
import { resolveSides, type ResolvedSides } from './resolve-sides.ts';
import { syncResults, type SyncMode } from './sync-results.ts';

export interface RunComparisonOptions {
  config: ResolvedConfig;
  repo: ResultsRepo;
  /** Working tree of the repository under test. */
  repoDir: string;
  base?: string | undefined;
  head?: string | undefined;
  /** Benchmark the suites a side has no run of (on this machine). */
  run: boolean;
  /** Extra runs per side of the suites behind a suspected regression; 0 for none. */
  confirm: number;
  /** Only runs of these machines count; all when empty. */
  machines: readonly string[];
  /** How to bring the results branch up to date with config.remote; null to leave it. */
  sync: SyncMode | null;
  token?: string | undefined;
  /** Dashboard root; default config.site.url. */
  siteUrl?: string | null | undefined;
  /** Branch recorded with runs of the head (the pull request's branch). */
  headBranch: string | null;
  /** Values never written to the results branch. */
  secrets: readonly string[];
  say: (text: string) => void;
}

/** Benchmarks commits on this machine, holding the repository lock meanwhile. */
class Bench {
  private lock: Lock | null = null;
  private fingerprint: MachineFingerprint | null = null;
  ran = 0;
  private readonly options: RunComparisonOptions;

  constructor(options: RunComparisonOptions) {
    this.options = options;
  }

  async run(commit: string, suites: readonly string[], branch: string | null): Promise<void> {
    const { config, repo, say } = this.options;
    if (this.lock === null) {
      this.lock = await acquireLock(repo.gitdir, { purpose: 'pitwall compare', onWarning: (w: string) => say(`warning: ${w}`) });
      await pruneStaleCheckouts();
      this.fingerprint = readFingerprint();
    }
    await benchCommit({
      config,
      repo,
      repoDir: this.options.repoDir,
      rev: commit,
      branch,
      fingerprint: this.fingerprint as MachineFingerprint,
      suites,
      locked: true,
      secrets: this.options.secrets,
      onProgress: say,
    });
    this.ran++;
  }

  async release(): Promise<void> {
    await this.lock?.release();
    this.lock = null;
  }
}

async function loadHistory(options: RunComparisonOptions): Promise<{ history: History; excluded: Set<string> }> {
  const history = await readHistory(options.repo, { mainBranch: options.config.mainBranch });
  // As in the build, one unreadable file on the results branch is left out with a warning, not fatal.
  for (const skipped of history.skipped ?? []) options.say(`warning: ${skipped.path}:${skipped.line}: left out of the comparison: ${skipped.message}`);
  const triage = (await readTriageFiles(options.repo)).flatMap((f) => {
    const { entries, problems } = checkTriageFile(f.text, f.path);
    for (const p of problems) options.say(`warning: ${f.path}:${p.line}:${p.column}: ${p.message}; the file is left out of the comparison`);
    return entries;
  });
  return { history, excluded: excludedRuns(triage) };
}

function requireSuites(config: ResolvedConfig, flag: string): string[] {
  if (config.suites.length === 0) {
    throw new UsageError('NO_SUITES', `pitwall compare ${flag} needs suites to run, and ${config.file ?? 'the config'} has none`, {
      hint: 'Add suites to pitwall.yaml, or compare stored results without --run and --confirm',
    });
  }
  return config.suites.map((s) => s.name);
}

function requireResults(comparison: CommitComparison, sides: ResolvedSides): void {
  for (const [name, runs, sha] of [['base', comparison.baseRuns, sides.base], ['head', comparison.headRuns, sides.head]] as const) {
    if (runs.length > 0) continue;
    throw new UsageError('NO_RESULTS', `No results for the ${name} commit ${sha.slice(0, 7)} on the results branch`, {
      hint: `Benchmark it first ("pitwall run --commit ${sha.slice(0, 7)}"), or pass --run to benchmark the sides without results`,
    });
  }
}

/** Suites of this machine with a regression, which only this machine can re-run. */
function suitesToConfirm(comparison: CommitComparison, machine: string): { suites: string[]; elsewhere: string[] } {
  const regressions = comparison.metrics.filter((c) => c.verdict === 'regression');
  const suites = [...new Set(regressions.filter((c) => c.machine === machine).map((c) => c.suite))].sort();
  const elsewhere = [...new Set(regressions.filter((c) => c.machine !== machine).map((c) => c.machine))].sort();
  return { suites, elsewhere };
}

export async function runComparison(options: RunComparisonOptions): Promise<CompareReport> {
  const { config, repo, say } = options;
  if (options.sync !== null && config.remote !== null) await syncResults(repo, { remote: config.remote, token: options.token, mode: options.sync, say });
  const sides = await resolveSides({ repoDir: options.repoDir, base: options.base, head: options.head, mainBranch: config.mainBranch, cache: repo.cache });
  say(`comparing ${sides.head.slice(0, 7)} (head) with ${sides.base.slice(0, 7)} (base${sides.baseFrom.kind === 'merge-base' ? `, merge base with ${sides.baseFrom.mainRef}` : ''})`);
  const baseBranch = sides.baseFrom.kind === 'merge-base' ? config.mainBranch : null;
  const bench = new Bench(options);
  let report: CompareReport;
  try {
    let { history, excluded } = await loadHistory(options);
    const compareNow = () => compareCommits(history, { base: sides.base, head: sides.head, rules: config.metrics, excluded, machines: options.machines });
    if (options.run) {
      const suites = requireSuites(config, '--run');
      for (const [sha, branch] of [[sides.base, baseBranch], [sides.head, options.headBranch]] as const) {
        const missing = findMissingSuites(collectSide(history, sha, { excluded }), config.machine, suites);
        if (missing.length === 0) continue;
        say(`${sha === sides.base ? 'base' : 'head'} ${sha.slice(0, 7)} has no results for ${missing.join(', ')} on ${config.machine}: benchmarking it`);
        await bench.run(sha, missing, branch);
      }
      if (bench.ran > 0) ({ history, excluded } = await loadHistory(options));
    }
    let comparison = compareNow();
    requireResults(comparison, sides);
    let confirmation: Confirmation | null = null;
    if (options.confirm > 0 && comparison.summary.counts.regression > 0) {
      requireSuites(config, '--confirm');
      const { suites, elsewhere } = suitesToConfirm(comparison, config.machine);
      if (elsewhere.length > 0) say(`warning: regressions measured on ${elsewhere.join(', ')} cannot be re-run on ${config.machine}; they stand as measured`);
      if (suites.length > 0) {
        const suspected = comparison.summary.counts.regression;
        say(`${suspected} suspected regression${suspected === 1 ? '' : 's'}: re-running ${suites.join(', ')} ${options.confirm} more time${options.confirm === 1 ? '' : 's'} on base and head`);
        // Alternating sides spreads any drift of the machine over both.
        for (let round = 1; round <= options.confirm; round++) {
          say(`confirmation round ${round} of ${options.confirm}`);
          await bench.run(sides.base, suites, baseBranch);
          await bench.run(sides.head, suites, options.headBranch);
        }
        ({ history, excluded } = await loadHistory(options));
        comparison = compareNow();
        confirmation = { rounds: options.confirm, suites, suspected, confirmed: comparison.summary.counts.regression };
        say(`after ${options.confirm} more round${options.confirm === 1 ? '' : 's'}: ${confirmation.confirmed} of ${suspected} regression${suspected === 1 ? '' : 's'} confirmed`);
      }
    }
    if (bench.ran > 0 && options.sync !== null && config.remote !== null) {
      await syncResults(repo, { remote: config.remote, token: options.token, mode: options.sync, say });
    }
    const siteUrl = options.siteUrl === undefined ? config.site.url : options.siteUrl;
    report = { comparison, baseFrom: sides.baseFrom, confirmation, links: createDashboardLinks(siteUrl), version: VERSION };
  } finally {
    await bench.release();
  }
  return report;
}
