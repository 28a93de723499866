import git from 'isomorphic-git';
import fs from 'node:fs';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { ADAPTER_NAMES } from '../adapters/index.ts';
import { formatTable } from '../format-table.ts';
import { QUEUE_REASON_TEXT } from '../../results/analysis/find-queue.ts';
import { loadQueue } from '../queue/load-queue.ts';
import { parseCount } from '../queue/parse-options.ts';

const help = `Usage: pitwall queue [options]

Lists the commits on the main branch (mainBranch in pitwall.yaml, first
parents only) that have no successful run yet on this machine, newest first,
with the reason for each suite:

  never run                            no run of the suite on that commit
  last run failed                      runs, but none succeeded
  suite or bench script changed since  ok runs, made with other settings of
                                       the suite or another bench script than
                                       pitwall.yaml and its folder have now

The queue is derived from the results branch and the repository's history:
there is nothing to keep in sync. "pitwall backfill" runs it.

Options:
  --machine <name>   Machine to look at (default: from pitwall.yaml or $PITWALL_MACHINE)
  --suite <name>     Only this suite (repeatable)
  --last <n>         Only the newest n commits of main
  --since <rev>      Only commits after <rev> (a commit on main)
  --config <file>    Config file (default: pitwall.yaml in the current directory)
  --json             Print the queue as JSON on stdout
  -h, --help         Show this help

Exit codes: 0 (also when the queue is empty), 2 usage or config error.

Examples:
  pitwall queue
  pitwall queue --suite core --last 50 --json
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('queue', ctx.argv, {
    machine: { type: 'string' },
    suite: { type: 'string', multiple: true },
    last: { type: 'string' },
    since: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, formats: ADAPTER_NAMES, ...(values.config === undefined ? {} : { file: values.config }) });
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const repoDir = await git.findRoot({ fs, filepath: ctx.cwd });
  const machine = values.machine ?? config.machine;
  const { queue, commits } = await loadQueue({
    config, repo, repoDir, machine,
    ...(values.suite === undefined ? {} : { suites: values.suite }),
    ...(values.last === undefined ? {} : { last: parseCount('queue', '--last', values.last) }),
    ...(values.since === undefined ? {} : { since: values.since }),
  });
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ machine, mainBranch: config.mainBranch, commits: commits.length, queue }, null, 2)}\n`);
    return 0;
  }
  if (queue.length === 0) {
    ctx.stdout.write(`Every one of the ${commits.length} commits of ${config.mainBranch} has a successful run on ${machine}.\n`);
    return 0;
  }
  const rows = queue.map((e) => [
    e.sha.slice(0, 7),
    e.time.slice(0, 10),
    e.suites.map((s) => `${s.suite}: ${QUEUE_REASON_TEXT[s.reason]}`).join('; '),
    e.subject.length > 60 ? `${e.subject.slice(0, 59)}…` : e.subject,
  ]);
  ctx.stdout.write(formatTable(['commit', 'date', 'pending', 'subject'], rows));
  ctx.stdout.write(`${queue.length} of ${commits.length} commits of ${config.mainBranch} pending on ${machine}; run "pitwall backfill" to measure them\n`);
  return 0;
}

export const command: Command = { help, run };
