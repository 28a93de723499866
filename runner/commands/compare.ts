import fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import git from 'isomorphic-git';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { UsageError } from '../../results/errors.ts';
import { listSecrets, redactSecrets } from '../redact-secrets.ts';
import { runComparison } from '../compare/run-comparison.ts';
import { formatReport, type ReportFormat } from '../compare/formats/index.ts';
import { formatMarkdown } from '../compare/formats/markdown.ts';
import { describeSummary } from '../compare/report.ts';
import { decideCommitState, decideExitCode, FAIL_ON_VALUES, parseFailOn } from '../compare/exit-policy.ts';
import { publishReport } from '../compare/publish-report.ts';
import { apiUrlFrom, createGitHubClient } from '../github/client.ts';
import { resolvePullRequestTarget } from '../github/actions-context.ts';
import { summaryFileFrom } from '../github/job-summary.ts';
import { readToken, tokenExposureWarning } from '../read-token.ts';

const help = `Usage: pitwall compare [options]

Compares the benchmark results of two commits, metric by metric, and says
whether the head is slower (a regression), faster, or the same within noise.
Each side's values are all the runs stored for exactly that commit, pooled.
A change counts when the samples' test says so (with 3+ samples per side) or,
for single values, when it exceeds the series' noise threshold, estimated
from the main branch's history (pitwall.yaml metrics[].threshold sets a floor).

The results branch is first brought up to date with the configured remote.

Options:
  --base <rev>         Base commit (default: the merge base of the head with the
                       main branch, refs/heads/<main> or refs/remotes/origin/<main>)
  --head <rev>         Head commit (default: HEAD)
  --run                Benchmark first the suites a side has no results for
                       on this machine (checked out in a temporary directory)
  --confirm <k>        When a regression is suspected, run its suites k more
                       times on both sides and decide on the pooled samples
  --markdown           Print the markdown report (as posted on pull requests)
  --json               Print the report as JSON
  --output <file>      Write the report to a file instead of stdout
  --all                List unchanged metrics in the terminal table too
  --fail-on <when>     ${FAIL_ON_VALUES.join(' | ')} (default: compare.failOn in pitwall.yaml,
                       else regression: exit 1 on a significant regression or a
                       failed run on head)
  --machine <name>     Compare only runs of this machine (repeatable)
  --site-url <url>     Dashboard for links (default: site.url in pitwall.yaml)
  --no-push            Fetch results but push none (read-only tokens, forks)
  --offline            Do not contact the results remote at all
  --config <file>      Config file (default: pitwall.yaml)

GitHub (each one warns and goes on when GitHub fails; the exit code follows
the comparison):
  --comment            Post the report on the pull request, updating pitwall's
                       earlier comment (found by its marker and by its author,
                       the token's own account) instead of adding one; left
                       alone when the pull request's head is another commit
  --status             Set the commit status "pitwall" on the head commit
                       (success/failure, linking to the compare page)
  --summary            Append the report to the Actions job summary
                       ($GITHUB_STEP_SUMMARY)
  --pr <number>        Pull request (default: from $GITHUB_EVENT_PATH)
  --repo <owner/name>  Repository (default: $GITHUB_REPOSITORY)
  -h, --help           Show this help

Environment:
  PITWALL_TOKEN, GITHUB_TOKEN   token for the results remote and the GitHub API
                                (comments need pull-requests: write, statuses
                                statuses: write); never printed. With --run or
                                --confirm, benchmark with --offline and without
                                the token, then publish in a second call
  GITHUB_API_URL                API root (default https://api.github.com)
  PITWALL_GITHUB_MAX_WAIT       longest wait in seconds for a GitHub retry or
                                rate limit reset (default 60)

Exit codes: 0 no regression (or --fail-on never), 1 a significant regression
or a failed run on head, 2 usage or config error (also: a side has no results
and --run was not given), 70 internal error.

Examples:
  pitwall compare
  pitwall compare --base v1.2.0 --head my-branch --run
  pitwall compare --run --confirm 2 --markdown --comment --status --summary
`;

function parseConfirm(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text) || Number(text) > 20) {
    throw new UsageError('USAGE', `Invalid --confirm "${text}": expected a whole number of extra runs from 0 to 20`, { hint: 'Two or three extra runs are usually enough, e.g. --confirm 2' });
  }
  return Number(text);
}

function parseMaxWait(env: NodeJS.ProcessEnv): number | undefined {
  const text = env['PITWALL_GITHUB_MAX_WAIT'];
  if (text === undefined || text === '') return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError('ENV_INVALID', `Invalid PITWALL_GITHUB_MAX_WAIT "${text}": expected a number of seconds`, { hint: 'Unset it for the default of 60 seconds' });
  }
  return seconds * 1000;
}

function actionsRunUrl(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}

async function headBranch(repoDir: string, head: string | undefined, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (env['GITHUB_HEAD_REF']) return env['GITHUB_HEAD_REF'];
  if (head !== undefined) return null;
  return (await git.currentBranch({ fs, dir: repoDir, fullname: false })) ?? null;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('compare', ctx.argv, {
    base: { type: 'string' },
    head: { type: 'string' },
    run: { type: 'boolean', default: false },
    confirm: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    output: { type: 'string' },
    all: { type: 'boolean', default: false },
    'fail-on': { type: 'string' },
    machine: { type: 'string', multiple: true },
    'site-url': { type: 'string' },
    'no-push': { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
    config: { type: 'string' },
    comment: { type: 'boolean', default: false },
    status: { type: 'boolean', default: false },
    summary: { type: 'boolean', default: false },
    pr: { type: 'string' },
    repo: { type: 'string' },
  });
  if (values.markdown && values.json) {
    throw new UsageError('USAGE', 'pitwall compare: --markdown and --json exclude each other', { hint: 'Pick one output format' });
  }
  const secrets = listSecrets(ctx.env);
  const say = (text: string) => progress(ctx.stderr, redactSecrets(text, secrets));
  const confirm = parseConfirm(values.confirm);
  const needsSuites = values.run || confirm > 0;
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: !needsSuites, ...(needsSuites ? { setup: {} } : {}), ...(values.config === undefined ? {} : { file: values.config }) });
  const failOn = values['fail-on'] === undefined ? config.compare.failOn : parseFailOn(values['fail-on']);
  const siteUrl = values['site-url'] === undefined ? undefined : values['site-url'].replace(/\/?$/, '/');
  const publishing = values.comment || values.status;
  const target = publishing ? await resolvePullRequestTarget({ repo: values.repo, pr: values.pr }, ctx.env) : { repo: null, pr: null };
  const maxWaitMs = parseMaxWait(ctx.env);
  const exposure = needsSuites ? tokenExposureWarning(ctx.env) : null;
  if (exposure !== null) say(`warning: ${exposure}`);

  const repoDir = await git.findRoot({ fs, filepath: ctx.cwd });
  const repo = await openResultsRepo({ dir: repoDir, branch: config.branch });
  const report = await runComparison({
    config,
    repo,
    repoDir,
    base: values.base,
    head: values.head,
    run: values.run,
    confirm,
    machines: values.machine ?? [],
    sync: values.offline ? null : values['no-push'] ? 'fetch' : 'push',
    token: readToken(ctx.env),
    siteUrl,
    headBranch: await headBranch(repoDir, values.head, ctx.env),
    secrets,
    say,
  });

  const format: ReportFormat = values.json ? 'json' : values.markdown ? 'markdown' : 'table';
  const text = formatReport(report, format, { all: values.all });
  if (values.output === undefined) ctx.stdout.write(text);
  else {
    const file = resolve(ctx.cwd, values.output);
    await writeFile(file, text);
    say(`report written to ${file}`);
  }
  const summaryLine = describeSummary(report);
  say(summaryLine);

  const { summary } = report.comparison;
  if (publishing || values.summary) {
    const token = readToken(ctx.env);
    const client = token === undefined ? null : createGitHubClient({
      token,
      apiUrl: apiUrlFrom(ctx.env),
      ...(maxWaitMs === undefined ? {} : { retry: { maxWaitMs } }),
      onRetry: (e) => say(`GitHub ${e.method} ${e.path}: ${e.reason}, retrying in ${e.waitMs < 1000 ? `${e.waitMs} ms` : `${(e.waitMs / 1000).toFixed(1)} s`}`),
    });
    const { base, head } = report.comparison;
    await publishReport({
      targets: { comment: values.comment, status: values.status, summary: values.summary },
      markdown: formatMarkdown(report),
      summaryLine,
      state: decideCommitState(summary, failOn),
      head,
      compareUrl: report.links.compare(base, head),
      fallbackReportUrl: actionsRunUrl(ctx.env),
      repo: target.repo,
      pr: target.pr,
      client,
      summaryFile: summaryFileFrom(ctx.env),
      secrets,
      warn: (text) => say(`warning: ${text}`),
      say,
    });
  }
  return decideExitCode(summary, failOn);
}

export const command: Command = { help, run };
