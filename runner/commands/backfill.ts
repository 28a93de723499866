import git from 'isomorphic-git';
import fs from 'node:fs';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { pruneStaleCheckouts } from '../bench/checkout.ts';
import { noiseWarnings, readFingerprint } from '../bench/fingerprint.ts';
import { deliverResults } from '../pipeline/deliver.ts';
import { ADAPTER_NAMES } from '../adapters/index.ts';
import { UsageError } from '../../results/errors.ts';
import { loadQueue } from '../queue/load-queue.ts';
import { parseCount, parseMaxTime } from '../queue/parse-options.ts';
import { BACKFILL_ORDERS, orderCommits, type BackfillOrder } from '../backfill/order-commits.ts';
import { runBackfill, type BackfillItem } from '../backfill/run-backfill.ts';
import { formatSeconds } from '../backfill/progress-bar.ts';
import { bisectChanges } from '../bisect/bisect-changes.ts';
import { tokenExposureWarning } from '../read-token.ts';

const help = `Usage: pitwall backfill [options]

Measures, in one process, the commits of the main branch that "pitwall queue"
lists for this machine: each commit is checked out into a temporary folder,
its pending suites run, and each run is committed to the results branch as it
finishes. On a terminal a progress bar shows the count and an ETA; otherwise
one line per commit is printed.

It can be stopped at any time (Ctrl-C, kill, a reboot): what was committed
stays, and running the same command again goes on with what is left (the
queue is read from the results branch). A commit interrupted mid-run is
measured again.

Options:
  --since <rev>         Only commits after <rev> (a commit on main), up to the head
  --last <n>            Only the newest n commits of main
  --every <k>           Only every k-th commit of that range, from the newest
  --order <order>       newest (default), oldest, or bisect: the two ends of the
                        range first, then the middle of the largest unmeasured
                        gap, again and again, so a long range is useful early
  --max-time <d>        Start no commit that would likely end after this long
                        (90s, 30m, 2h, 1h30m); what is left stays queued
  --suite <name>        Only this suite (repeatable)
  --bisect-changes      Afterwards, pin every confirmed change that spans
                        unmeasured commits to its commit ("pitwall bisect")
  --config <file>       Config file (default: pitwall.yaml in the current directory)
  --no-push             Commit locally only; "pitwall push" delivers later
  -h, --help            Show this help

Exit codes: 0 every run ok (also when nothing was pending), 1 a suite failed
(its run is committed; the commit stays queued as "last run failed"), 2 usage
or config error, 70 internal error.

Examples:
  pitwall backfill --last 20
  pitwall backfill --since v1.0.0 --order bisect --max-time 2h
  pitwall backfill --last 200 --every 10 --bisect-changes
`;

function parseOrder(text: string): BackfillOrder {
  if ((BACKFILL_ORDERS as readonly string[]).includes(text)) return text as BackfillOrder;
  throw new UsageError('USAGE', `pitwall backfill: --order must be one of ${BACKFILL_ORDERS.join(', ')}, got "${text}"`, {
    hint: 'For example: --order bisect',
  });
}

/**
 * Ctrl-C or a SIGTERM stops the suite that is running (spawn stops its process
 * group) and ends the process as the signal would; this says first what is
 * kept and how to go on.
 */
function explainSignals(stderr: NodeJS.WritableStream, done: () => number): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const onSignal = (signal: NodeJS.Signals) => {
    for (const s of signals) process.off(s, onSignal);
    stderr.write(`\npitwall: backfill interrupted by ${signal}: ${done()} commit${done() === 1 ? '' : 's'} measured and committed; the one in progress is not.\n`);
    stderr.write('pitwall: run the same command again to go on: committed runs are skipped\n');
    // A running suite's own handler stops its group and raises the signal again; otherwise raise it now.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, onSignal);
  return () => { for (const s of signals) process.off(s, onSignal); };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('backfill', ctx.argv, {
    since: { type: 'string' },
    last: { type: 'string' },
    every: { type: 'string' },
    order: { type: 'string', default: 'newest' },
    'max-time': { type: 'string' },
    suite: { type: 'string', multiple: true },
    'bisect-changes': { type: 'boolean', default: false },
    config: { type: 'string' },
    'no-push': { type: 'boolean', default: false },
  });
  const say = (text: string) => progress(ctx.stderr, text);
  const order = parseOrder(values.order);
  const every = values.every === undefined ? 1 : parseCount('backfill', '--every', values.every);
  const last = values.last === undefined ? undefined : parseCount('backfill', '--last', values.last);
  const maxSeconds = values['max-time'] === undefined ? null : parseMaxTime('backfill', values['max-time']);
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, formats: ADAPTER_NAMES, ...(values.config === undefined ? {} : { file: values.config }) });
  if (config.suites.length === 0) {
    throw new UsageError('NO_SUITES', `No suites in ${config.file ?? 'pitwall.yaml'}`, { hint: 'Add one under "suites:"' });
  }
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const repoDir = await git.findRoot({ fs, filepath: ctx.cwd });
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall backfill', onWarning: (w: string) => say(`warning: ${w}`) });
  let measuredCount = 0;
  const stopExplaining = explainSignals(ctx.stderr, () => measuredCount);
  let failed = 0;
  try {
    await pruneStaleCheckouts();
    const { queue, commits } = await loadQueue({
      config, repo, repoDir, machine: config.machine,
      ...(values.suite === undefined ? {} : { suites: values.suite }),
      ...(last === undefined ? {} : { last }),
      ...(values.since === undefined ? {} : { since: values.since }),
    });
    const bySha = new Map(queue.map((e) => [e.sha, e]));
    const ordered = orderCommits(commits.map((c) => c.sha), new Set(bySha.keys()), order, every);
    const items: BackfillItem[] = ordered.map((sha) => {
      const entry = bySha.get(sha)!;
      return { sha, subject: entry.subject, suites: entry.suites.map((s) => s.suite) };
    });
    const fingerprint = await readFingerprint();
    for (const warning of noiseWarnings(fingerprint)) say(`warning: ${warning}`);
    const exposure = tokenExposureWarning(ctx.env);
    if (exposure !== null) say(`warning: ${exposure}`);
    const leftOut = queue.length - items.length;
    say(items.length === 0
      ? `nothing to measure: ${queue.length === 0 ? `the ${commits.length} commits of ${config.mainBranch} in range have successful runs on ${config.machine}` : `--every ${every} leaves out the ${queue.length} pending commits`}`
      : `measuring ${items.length} of ${commits.length} commits of ${config.mainBranch} on ${config.machine} (${order} order${every > 1 ? `, every ${every}` : ''}${leftOut > 0 ? `; ${leftOut} more pending left out` : ''})`);
    const outcome = await runBackfill({
      config, repo, repoDir, fingerprint, items, maxSeconds,
      stderr: ctx.stderr as NodeJS.WritableStream & { isTTY?: boolean },
      onMeasured: (count) => { measuredCount = count; },
    });
    failed = outcome.measured.filter((m) => m.runs.some((r) => r.status !== 'ok')).length;
    if (outcome.measured.length > 0 || items.length > 0) {
      say(`measured ${outcome.measured.length} commit${outcome.measured.length === 1 ? '' : 's'} in ${formatSeconds(outcome.seconds)}${failed > 0 ? `, ${failed} with a failed suite (see "pitwall log --failed")` : ''}`);
    }
    if (outcome.left.length > 0) {
      say(`stopped by --max-time ${values['max-time']}: ${outcome.left.length} commit${outcome.left.length === 1 ? '' : 's'} still pending; run the same command again to go on`);
    }
    if (values['bisect-changes'] && outcome.left.length > 0) {
      say('--bisect-changes skipped: --max-time is used up; run the same command again to go on');
    } else if (values['bisect-changes']) {
      failed += await bisectChanges({ config, repo, repoDir, fingerprint, say, locked: true });
    }
    if (config.remote !== null && !values['no-push']) await deliverResults(repo, config.remote, ctx.env, say);
  } finally {
    stopExplaining();
    await lock.release();
  }
  return failed === 0 ? 0 : 1;
}

export const command: Command = { help, run };
