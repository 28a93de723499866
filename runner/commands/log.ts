import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { listRecentRunRecords } from '../../results/store/recent-runs.ts';
import type { RunRecord } from '../../results/schema.ts';
import { UsageError } from '../../results/errors.ts';
import { formatTable } from '../format-table.ts';

const help = `Usage: pitwall log [options]

Lists the runs on the results branch, newest first: time, commit, suite,
machine, status, number of metrics and duration.

Options:
  --suite <name>      Only this suite
  --machine <name>    Only this machine
  --commit <sha>      Only runs of commits starting with this prefix
  --status <status>   Only runs with this status: ok, failed, timeout, invalid-output, error
  --failed            Only runs that did not succeed
  --limit <n>         At most n runs (default 50, 0 for all)
  --branch <name>     Results branch (default: from pitwall.yaml, else "results")
  --json              Print the run records as JSON Lines
  -h, --help          Show this help

Example:
  pitwall log --suite parse --failed
`;

function keep(run: RunRecord, v: { suite?: string | undefined; machine?: string | undefined; commit?: string | undefined; status?: string | undefined; failed?: boolean | undefined }): boolean {
  return (v.suite === undefined || run.suite === v.suite)
    && (v.machine === undefined || run.machine === v.machine)
    && (v.commit === undefined || run.commit.startsWith(v.commit.toLowerCase()))
    && (v.status === undefined || run.status === v.status)
    && (v.failed !== true || run.status !== 'ok');
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('log', ctx.argv, {
    suite: { type: 'string' },
    machine: { type: 'string' },
    commit: { type: 'string' },
    status: { type: 'string' },
    failed: { type: 'boolean' },
    limit: { type: 'string', default: '50' },
    branch: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new UsageError('USAGE', `pitwall log: --limit must be a whole number, got "${values.limit}"`, { hint: 'Write for example --limit 20, or --limit 0 for all runs' });
  }
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true });
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: values.branch ?? config.branch });
  const { runs: shown, unread, more } = await listRecentRunRecords(repo, {
    limit,
    keep: (r) => keep(r, values),
    mayKeep: (f) => (values.machine === undefined || f.machine === values.machine)
      && (values.commit === undefined || f.shortCommit.startsWith(values.commit.toLowerCase().slice(0, 7)))
      && (values.suite === undefined || f.suiteAndAttempt === values.suite || f.suiteAndAttempt.startsWith(`${values.suite}-`)),
  });
  if (values.json) {
    for (const r of shown) ctx.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  }
  if (shown.length === 0) {
    ctx.stderr.write(`pitwall: no runs on branch "${repo.branch}" match\n`);
    return 0;
  }
  ctx.stdout.write(formatTable(
    ['time', 'commit', 'suite', 'machine', 'status', 'metrics', 'duration', 'subject'],
    shown.map((r) => [
      r.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      r.commit.slice(0, 7),
      r.suite,
      r.machine,
      r.status === 'ok' ? 'ok' : `${r.status}${r.exitCode !== null ? ` (${r.exitCode})` : ''}`,
      String(r.metrics),
      `${(r.durationMs / 1000).toFixed(1)} s`,
      r.commitInfo.subject.slice(0, 60),
    ]),
  ));
  if (more > 0 || unread > 0) {
    // Older files were not read, so how many of them match is not known without reading them.
    const count = unread === 0 ? `${more} older runs` : `older runs`;
    ctx.stderr.write(`pitwall: ${count} not shown (--limit 0 shows all)\n`);
  }
  return 0;
}

export const command: Command = { help, run };
