import git from 'isomorphic-git';
import fs from 'node:fs';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig, MINIMAL_CONFIG_EXAMPLE } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { pruneStaleCheckouts, resolveCommit } from '../bench/checkout.ts';
import { findCommitBranch } from '../bench/commit-branch.ts';
import { noiseWarnings, readFingerprint } from '../bench/fingerprint.ts';
import { benchCommit } from '../pipeline/bench-commit.ts';
import { deliverResults } from '../pipeline/deliver.ts';
import { ADAPTER_NAMES } from '../adapters/index.ts';
import { UsageError } from '../../results/errors.ts';
import type { RunRecord } from '../../results/schema.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import { listRunRecords } from '../../results/store/read-runs.ts';
import { resolveMainTip } from '../queue/main-history.ts';
import { selectSuites } from '../pipeline/bench-commit.ts';
import { tokenExposureWarning } from '../read-token.ts';

const help = `Usage: pitwall run [options]

Runs every suite of pitwall.yaml on a commit and commits each run (measurements,
status, logs, machine fingerprint) to the results branch, without touching the
working tree, the index or HEAD. Pushes to the configured remote afterwards.

A suite gets the repository under test and the output file as "$1" and "$2"
(a command runs exactly as written, nothing is appended).

Options:
  --commit <rev>     Benchmark this revision, checked out into a temporary
                     directory that is removed afterwards: a git repository of
                     its own whose HEAD is the commit, sharing this one's
                     objects, so suites can run git in it (default: the working
                     tree as it is, recorded as HEAD). Scripts still come from
                     the working tree, next to pitwall.yaml
  --suite <name>     Run only this suite (repeatable)
  --branch <name>    Branch name recorded with the run (default: $GITHUB_HEAD_REF;
                     with --commit the branch <rev> names, else the main branch
                     or the checked-out branch when the commit is on its
                     first-parent history, else a branch whose tip it is;
                     without: $GITHUB_REF_NAME or the checked-out branch)
  --config <file>    Config file (default: pitwall.yaml in the current folder or
                     the nearest folder above it in the repository)
  --if-new           Run on the head of the main branch (mainBranch in
                     pitwall.yaml), unless it already has a run of every suite
                     on this machine: then exit at once with 0. For scheduled
                     runs (cron, systemd timers); a head whose run failed is
                     not retried ("pitwall backfill" retries it)
  --no-push          Commit locally only; "pitwall push" delivers later
  --json             Print the run records as JSON on stdout
  -h, --help         Show this help

Environment:
  PITWALL_TOKEN, GITHUB_TOKEN   token for pushing over HTTPS. Suites never inherit
                                it, but a process of the same user can read it
                                from this process's /proc/<pid>/environ: on a
                                shared machine run "pitwall run --no-push"
                                without it and "pitwall push" with it
  PITWALL_MACHINE               machine name (overrides the config)
  PITWALL_REMOTE                remote name or URL (overrides the config)
  PITWALL_CONNECT_TIMEOUT       connect timeout for the remote (default 30 s)
  PITWALL_IDLE_TIMEOUT          longest silence of the remote (default 120 s)

Before running anything, every suite is checked: its script exists and is
executable, its cwd exists, its command's program is on the PATH. Such a
set-up mistake exits 2 with the fix and commits nothing.

Exit codes: 0 every suite ok, 1 a suite failed (its run is still committed),
2 usage, config or set-up error (nothing committed), 70 internal error.

Examples:
  pitwall run
  pitwall run --commit v1.2.0 --suite parse
  pitwall run --if-new
`;

async function recordedBranch(dir: string, explicit: string | undefined, env: NodeJS.ProcessEnv, rev: string | undefined, mainBranch: string): Promise<string | null> {
  if (explicit !== undefined) return explicit;
  if (env['GITHUB_HEAD_REF']) return env['GITHUB_HEAD_REF'];
  if (rev !== undefined) return findCommitBranch({ dir }, await resolveCommit(dir, rev), { rev, mainBranch });
  if (env['GITHUB_REF_NAME']) return env['GITHUB_REF_NAME'];
  return (await git.currentBranch({ fs, dir, fullname: false })) ?? null;
}

/** Suites with a run (of any status) on `commit` by `machine`. */
async function measuredSuites(repo: ResultsRepo, machine: string, commit: string): Promise<Set<string>> {
  const runs = await listRunRecords(repo);
  return new Set(runs.filter((r) => r.machine === machine && r.commit === commit).map((r) => r.suite));
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('run', ctx.argv, {
    commit: { type: 'string' },
    suite: { type: 'string', multiple: true },
    branch: { type: 'string' },
    config: { type: 'string' },
    'if-new': { type: 'boolean', default: false },
    'no-push': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const say = (text: string) => progress(ctx.stderr, text);
  // Set-up mistakes (a missing script, a program not on the PATH) stop here, before anything is run or committed.
  const config = await loadConfig({
    cwd: ctx.cwd, env: ctx.env, formats: ADAPTER_NAMES, setup: { suites: values.suite },
    ...(values.config === undefined ? {} : { file: values.config }),
  });
  if (config.suites.length === 0) {
    throw new UsageError('NO_SUITES', `No suites in ${config.file ?? 'pitwall.yaml'}`, {
      hint: `Add one under "suites:", for example:\n${MINIMAL_CONFIG_EXAMPLE}`,
    });
  }
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const repoDir = await git.findRoot({ fs, filepath: ctx.cwd });
  if (values['if-new']) {
    const head = values.commit === undefined ? await resolveMainTip(repo.gitdir, config.mainBranch) : await resolveCommit(repoDir, values.commit, repo.cache);
    const measured = await measuredSuites(repo, config.machine, head);
    const suites = selectSuites(config, values.suite).map((s) => s.name);
    if (suites.every((name) => measured.has(name))) {
      say(`${values.commit ?? config.mainBranch} (${head.slice(0, 7)}) is already measured on ${config.machine}: nothing to do`);
      if (values.json) ctx.stdout.write(`${JSON.stringify({ runs: [] }, null, 2)}\n`);
      return 0;
    }
    values.commit ??= head;
    values.branch ??= config.mainBranch;
  }
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall run', onWarning: (w: string) => say(`warning: ${w}`) });
  let runs: RunRecord[] = [];
  try {
    await pruneStaleCheckouts();
    const fingerprint = await readFingerprint();
    say(`machine ${config.machine}: ${fingerprint.cpuModel}, ${fingerprint.cores} cores, ${fingerprint.os} (fingerprint ${fingerprint.id})`);
    for (const warning of noiseWarnings(fingerprint)) say(`warning: ${warning}`);
    const exposure = tokenExposureWarning(ctx.env);
    if (exposure !== null) say(`warning: ${exposure}`);
    const result = await benchCommit({
      config,
      repo,
      repoDir,
      ...(values.commit === undefined ? {} : { rev: values.commit }),
      branch: await recordedBranch(repoDir, values.branch, ctx.env, values.commit, config.mainBranch),
      fingerprint,
      ...(values.suite === undefined ? {} : { suites: values.suite }),
      locked: true,
      onProgress: say,
    });
    runs = result.runs;
    if (config.remote !== null && !values['no-push']) {
      await deliverResults(repo, config.remote, ctx.env, say);
    }
  } finally {
    await lock.release();
  }
  const failed = runs.filter((r) => r.status !== 'ok').length;
  if (values.json) ctx.stdout.write(`${JSON.stringify({ runs }, null, 2)}\n`);
  say(failed === 0 ? `${runs.length} run${runs.length === 1 ? '' : 's'} committed to ${config.branch}` : `${failed} of ${runs.length} suites failed; their runs and logs are committed to ${config.branch}`);
  return failed === 0 ? 0 : 1;
}

export const command: Command = { help, run };

