import git from 'isomorphic-git';
import fs from 'node:fs';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { pruneStaleCheckouts, resolveCommit } from '../bench/checkout.ts';
import { readFingerprint } from '../bench/fingerprint.ts';
import { deliverResults } from '../pipeline/deliver.ts';
import { benchCommit } from '../pipeline/bench-commit.ts';
import { ADAPTER_NAMES } from '../adapters/index.ts';
import { UsageError } from '../../results/errors.ts';
import { findChanges, formatChangeId } from '../../results/report/change-id.ts';
import { formatTable } from '../format-table.ts';
import { median } from '../../results/analysis/stats.ts';
import { parseCount } from '../queue/parse-options.ts';
import { tokenExposureWarning } from '../read-token.ts';
import { loadModel, valuesAt } from '../bisect/load-model.ts';
import { changesToBisect, mainAges, targetOfChange } from '../bisect/bisect-changes.ts';
import { commitsBetween, DEFAULT_MAX_RUNS, runBisect, type BisectTarget } from '../bisect/run-bisect.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { MachineFingerprint } from '../../results/schema.ts';

const help = `Usage: pitwall bisect <change-id> [options]
       pitwall bisect --metric <metric> --good <rev> --bad <rev> [options]
       pitwall bisect --list

Pins a change to the commit that caused it when it spans commits that were
never measured (a skipped range, a nightly run over a day of merges). The
commits between the last measured commit before the change and the first one
after it are measured middle first, each side of the range halving, until the
change lies between two adjacent commits of the main branch.

First both ends are run again, and each level moves as its end moved since
its original runs (load, temperature or a toolchain update would otherwise
shift every step). A change id brings its levels (the medians of the segments
the detector found); with --good and --bad, each level is the median of that
commit and up to four measured commits beyond it. Each step then uses as many
runs of the suite as the series' noise needs to tell the two levels apart at
the detector's confidence:

  n = ceil((2 * 3.29 * sigma / delta)^2)

where sigma is the series' noise (relative, per commit), delta the distance of
the levels, |ln(after / before)|, and 3.29 the two-sided normal quantile at
the detector's alpha = 0.001: each level is then 3.29 standard errors from the
midpoint. A commit is put on the side of the level it is nearer. One farther
than 3.29 sigma from both (sigma also holds each commit's own offset from its
level, which more runs do not remove), and farther than the series'
significance threshold, is measured again with more runs (3,
then doubling, up to --max-runs; from 3 runs on, their median is used); if it
still fits neither level, bisection stops: the range holds more than one
change, or the machine is disturbed. Runs already on the branch count.

Every run is committed to the results branch like any other, so the
dashboard shows the change at its culprit after the next "pitwall build".

Change ids are <machine>/<suite>/<metric>@<commit>; "--list" prints the
confirmed changes of this machine that span unmeasured commits.

Options:
  --list             List the changes that can be bisected, with their ids
  --metric <name>    A metric (or <machine>/<suite>/<metric>) of this machine
  --good <rev>       A commit on the old level (on main)
  --bad <rev>        A later commit on the new level (on main)
  --max-runs <n>     Most runs per step (default ${DEFAULT_MAX_RUNS})
  --config <file>    Config file (default: pitwall.yaml in the current directory)
  --no-push          Commit locally only
  -h, --help         Show this help

Exit codes: 0 pinned, 1 a step was ambiguous or a run failed (the runs made
so far stay committed), 2 usage error (unknown change id, revisions not on
main or in the wrong order).

Examples:
  pitwall bisect --list
  pitwall bisect --metric parse/small --good v1.0.0 --bad main
`;

/** Measured commits (the end included) whose median gives a level for --good / --bad. */
const LEVEL_POINTS = 5;

interface Ctx {
  config: ResolvedConfig;
  repo: ResultsRepo;
  repoDir: string;
  fingerprint: MachineFingerprint;
  say: (text: string) => void;
}

/** Levels and noise for --metric --good --bad: measures an end that has no run yet (3 runs). */
async function targetFromRevisions(c: Ctx, metricArg: string, goodRev: string, badRev: string): Promise<BisectTarget> {
  const good = await resolveCommit(c.repoDir, goodRev, c.repo.cache);
  const bad = await resolveCommit(c.repoDir, badRev, c.repo.cache);
  await commitsBetween({ repo: c.repo, mainBranch: c.config.mainBranch, good, bad });
  let { history, model } = await loadModel(c.repo, c.config);
  const mine = model.series.filter((s) => s.machine === c.config.machine && (s.metric === metricArg || s.id === metricArg));
  if (mine.length === 0) {
    throw new UsageError('UNKNOWN_METRIC', `No series "${metricArg}" on machine "${c.config.machine}"`, {
      hint: 'Give a metric name as "pitwall export" or the dashboard shows it, or <machine>/<suite>/<metric>',
    });
  }
  if (mine.length > 1) {
    throw new UsageError('AMBIGUOUS_METRIC', `Metric "${metricArg}" is in more than one suite: ${mine.map((s) => s.id).join(', ')}`, { hint: 'Give the series as <machine>/<suite>/<metric>' });
  }
  const summary = mine[0]!;
  let measured = false;
  for (const sha of [good, bad]) {
    if (valuesAt(history, summary.machine, summary.suite, summary.metric, sha).length > 0) continue;
    c.say(`measuring ${sha.slice(0, 7)} first (3 runs): it has no run of "${summary.suite}"`);
    for (let i = 0; i < 3; i++) {
      await benchCommit({ config: c.config, repo: c.repo, repoDir: c.repoDir, rev: sha, branch: c.config.mainBranch, fingerprint: c.fingerprint, suites: [summary.suite], locked: true, onProgress: () => {} });
    }
    measured = true;
  }
  if (measured) ({ history, model } = await loadModel(c.repo, c.config));
  // Each level: the median of its end and up to four measured commits beyond it (the same level, by the user's word).
  const levelAt = (sha: string, side: -1 | 1): number => {
    const at = history.mainOrder.indexOf(sha);
    const picked: number[] = [];
    for (let i = at; i >= 0 && i < history.mainOrder.length && picked.length < LEVEL_POINTS; i += side) {
      const values = valuesAt(history, summary.machine, summary.suite, summary.metric, history.mainOrder[i]!);
      if (values.length > 0) picked.push(median(values));
    }
    return median(picked);
  };
  const before = levelAt(good, -1);
  const after = levelAt(bad, 1);
  if (!(before > 0 && after > 0)) {
    throw new UsageError('BISECT_NO_VALUES', `Cannot bisect "${summary.id}": it has no positive values at ${good.slice(0, 7)} and ${bad.slice(0, 7)}`, { hint: 'Check "pitwall log --failed" for failed runs at those commits' });
  }
  const latest = model.series.find((s) => s.id === summary.id) ?? summary;
  return { machine: summary.machine, suite: summary.suite, metric: summary.metric, good, bad, before, after, sigma: latest.noisePct / 100, threshold: latest.thresholdPct / 100 };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('bisect', ctx.argv, {
    list: { type: 'boolean', default: false },
    metric: { type: 'string' },
    good: { type: 'string' },
    bad: { type: 'string' },
    'max-runs': { type: 'string' },
    config: { type: 'string' },
    'no-push': { type: 'boolean', default: false },
  }, { positionals: 1 });
  const say = (text: string) => progress(ctx.stderr, text);
  const id = positionals[0];
  const byRevisions = values.metric !== undefined || values.good !== undefined || values.bad !== undefined;
  if (!values.list && id === undefined && !byRevisions) {
    throw new UsageError('USAGE', 'pitwall bisect: give a change id, or --metric with --good and --bad', { hint: 'Run "pitwall bisect --list" for the ids of the changes that can be bisected' });
  }
  if (id !== undefined && byRevisions) {
    throw new UsageError('USAGE', 'pitwall bisect: give either a change id or --metric, --good and --bad, not both', { hint: 'Run "pitwall bisect --help" for the usage' });
  }
  if (byRevisions && (values.metric === undefined || values.good === undefined || values.bad === undefined)) {
    throw new UsageError('USAGE', 'pitwall bisect: --metric, --good and --bad go together', { hint: 'For example: pitwall bisect --metric parse/small --good v1.2.0 --bad main' });
  }
  const maxRuns = values['max-runs'] === undefined ? DEFAULT_MAX_RUNS : parseCount('bisect', '--max-runs', values['max-runs']);
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, formats: ADAPTER_NAMES, ...(values.config === undefined ? {} : { file: values.config }) });
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const repoDir = await git.findRoot({ fs, filepath: ctx.cwd });

  if (values.list) {
    const { model } = await loadModel(repo, config);
    const changes = changesToBisect(model, config.machine, await mainAges(repo, config.mainBranch));
    if (changes.length === 0) {
      ctx.stdout.write(`No confirmed change on ${config.machine} spans unmeasured commits.\n`);
      return 0;
    }
    ctx.stdout.write(formatTable(['change id', 'change', 'unmeasured'], changes.map(({ change: c, unmeasured }) => [formatChangeId(c), `${c.changePct >= 0 ? '+' : ''}${c.changePct.toFixed(1)} %`, String(unmeasured)])));
    return 0;
  }

  // A change id is checked before the lock, so a typo is told at once even while a backfill runs.
  let fromId: BisectTarget | undefined;
  if (id !== undefined) {
    const { model } = await loadModel(repo, config);
    const found = findChanges(model.changes, id);
    if (found.length !== 1) {
      throw new UsageError(found.length === 0 ? 'UNKNOWN_CHANGE' : 'AMBIGUOUS_CHANGE', found.length === 0 ? `Unknown change id "${id}"` : `Change id "${id}" matches ${found.length} changes`, {
        hint: found.length === 0 ? 'Run "pitwall bisect --list" for the changes that can be bisected, or see the change table of the metric on the dashboard' : 'Give more digits of the commit after the "@"',
      });
    }
    const change = found[0]!;
    const ages = await mainAges(repo, config.mainBranch);
    const gap = change.previousCommit === null ? 0 : (ages.get(change.previousCommit) ?? 0) - (ages.get(change.commit) ?? 0) - 1;
    if (gap <= 0) {
      ctx.stdout.write(`${formatChangeId(change)} is already pinned: ${change.commit.slice(0, 7)} directly follows the measured commit ${change.previousCommit?.slice(0, 7) ?? '(none)'}.\n`);
      return 0;
    }
    const t = targetOfChange(model, change);
    if (t === null) throw new UsageError('UNKNOWN_CHANGE', `Change "${id}" has no measured commit before it`, { hint: 'Only a change with a measured commit on each side can be bisected' });
    fromId = t;
  }
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall bisect', onWarning: (w: string) => say(`warning: ${w}`) });
  try {
    await pruneStaleCheckouts();
    const fingerprint = await readFingerprint();
    const exposure = tokenExposureWarning(ctx.env);
    if (exposure !== null) say(`warning: ${exposure}`);
    const target = fromId ?? await targetFromRevisions({ config, repo, repoDir, fingerprint, say }, values.metric!, values.good!, values.bad!);
    // Read after the lock is held (and after the ends were measured): the runs bisection may reuse.
    const { history } = await loadModel(repo, config);
    const outcome = await runBisect({ config, repo, repoDir, fingerprint, history, target, maxRuns, say });
    ctx.stdout.write(`${outcome.culprit.sha} ${outcome.culprit.subject}\n`);
    // After a failed step the runs stay committed locally; the next run or "pitwall push" delivers them.
    if (config.remote !== null && !values['no-push']) await deliverResults(repo, config.remote, ctx.env, say);
  } finally {
    await lock.release();
  }
  return 0;
}

export const command: Command = { help, run };
