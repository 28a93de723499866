import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { deliverResults } from '../pipeline/deliver.ts';
import { readToken } from '../read-token.ts';
import { syncResults } from '../compare/sync-results.ts';
import { ADAPTER_NAMES } from '../adapters/index.ts';
import { isPitwallError, UsageError } from '../../results/errors.ts';
import { loadModel } from '../bisect/load-model.ts';
import { collectTargets, TARGET_ENV } from '../notify/targets.ts';
import { describeRegression, findRegressions, slackBody, summarize, webhookBody, type Announcement } from '../notify/announcement.ts';
import { findEarlierAnnouncement, readAnnounced, recordAnnounced, wasAnnounced, type AnnouncedRecord } from '../notify/announced.ts';
import { issueTargetKey, openIssue, updateIssue } from '../notify/github-issue.ts';
import { apiUrlFrom, createGitHubClient } from '../github/client.ts';
import { formatRepository, parseRepository } from '../github/repository.ts';
import { mainAges } from '../bisect/bisect-changes.ts';
import { postJson } from '../notify/post-json.ts';

const help = `Usage: pitwall notify [--webhook <url>]... [--slack <url>]... [options]

Posts each confirmed regression on the main branch (not acknowledged or
expected with "pitwall triage") to every target, once: metric, change in %
with its 95 % confidence interval, confidence, commit, and links to its chart
and compare page when site.url is set in pitwall.yaml.

What was announced is recorded on the results branch (notifications/), after
the post succeeded, so a re-run, or another runner on the same repository,
never announces a change twice, and a post that failed is tried again on the
next call. Server errors (5xx), rate limits and timeouts are retried with
backoff first. Webhook URLs are credentials: they are never printed or
committed (a target is named by a hash of its URL).

Run it after new results, for example after "pitwall run" or "pitwall
backfill" on the machine that pushes them.

Options:
  --webhook <url>       POST a JSON body {event, text, regression} (repeatable)
  --slack <url>         POST to a Slack incoming webhook (repeatable)
  --github-issues       Open one GitHub issue per regression (label
                        performance-regression), and update it, not open
                        another, when bisection pins the change to its culprit
  --repo <owner/name>   Repository of the issues (default: $GITHUB_REPOSITORY)
  --mark-announced      Record every current regression as announced without
                        posting (when adopting notify on an old history)
  --dry-run             Print what would be posted; post and record nothing
  --timeout <seconds>   Per-attempt timeout of a post (default 10)
  --retries <n>         Tries again after a server error or timeout up to n
                        times, waiting 1 s, 2 s, 4 s… (default 3)
  --config <file>       Config file (default: pitwall.yaml in the current directory)
  --no-push             Record locally only; "pitwall push" delivers later
  -h, --help            Show this help

Environment:
  ${TARGET_ENV.webhook}, ${TARGET_ENV.slack}   more targets (whitespace-separated
                        URLs), so that URLs stay out of command lines and crontabs
  PITWALL_TOKEN, GITHUB_TOKEN   token for fetching and pushing the results branch,
                        and for --github-issues (issues: write)
  GITHUB_API_URL        API root for GitHub Enterprise (default https://api.github.com)

Exit codes: 0 every post succeeded (or nothing was new), 1 a post failed (it
is retried on the next call), 2 usage or config error.

Examples:
  pitwall notify --slack "$SLACK_WEBHOOK_URL"
  pitwall notify --webhook https://hooks.example.com/pitwall --dry-run
  PITWALL_WEBHOOK_URL=https://hooks.example.com/pitwall pitwall notify --mark-announced
`;

/** Where announcements go: a webhook, a Slack webhook, or GitHub issues of one repository. */
interface Channel {
  key: string;
  /** For messages: "webhook --webhook #1", "GitHub issues of acme/parser". */
  name: string;
  /**
   * Sends one announcement; `earlier` is the record of the same change under
   * its id before bisection pinned it. Null: nothing to send.
   */
  deliver(a: Announcement, earlier: AnnouncedRecord | undefined): Promise<{ how: 'posted' | 'updated'; issue?: number } | null>;
}

/** Failures of one post that leave the rest worth trying; anything else is a bug. */
const DELIVERY_FAILURES = /^(NOTIFY_FAILED|GITHUB_[A-Z_]+)$/;

function issueChannel(ctx: CommandContext, repoText: string | undefined, timeoutMs: number, retries: number, say: (text: string) => void): Channel {
  const text = repoText ?? ctx.env['GITHUB_REPOSITORY'];
  if (text === undefined || text === '') {
    throw new UsageError('NOTIFY_NO_REPOSITORY', 'pitwall notify --github-issues: no repository to open issues in', { hint: 'Give --repo owner/name (GitHub Actions sets GITHUB_REPOSITORY)' });
  }
  const repository = parseRepository(text, repoText === undefined ? 'GITHUB_REPOSITORY' : '--repo');
  const token = readToken(ctx.env);
  if (token === undefined) {
    throw new UsageError('NOTIFY_NO_TOKEN', 'pitwall notify --github-issues: no token for the GitHub API', { hint: 'Set PITWALL_TOKEN or GITHUB_TOKEN to a token with issues: write' });
  }
  const client = createGitHubClient({
    token, apiUrl: apiUrlFrom(ctx.env), timeoutMs, retry: { maxAttempts: retries + 1 },
    onRetry: (e) => say(`GitHub ${e.method} ${e.path}: ${e.reason}; trying again in ${(e.waitMs / 1000).toFixed(1)} s`),
  });
  return {
    key: issueTargetKey(repository),
    name: `GitHub issues of ${formatRepository(repository)}`,
    async deliver(a, earlier) {
      if (earlier?.issue !== undefined) {
        await updateIssue(client, repository, earlier.issue, a, earlier.change);
        return { how: 'updated', issue: earlier.issue };
      }
      if (earlier !== undefined) return null;
      return { how: 'posted', issue: await openIssue(client, repository, a) };
    },
  };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('notify', ctx.argv, {
    webhook: { type: 'string', multiple: true },
    slack: { type: 'string', multiple: true },
    'github-issues': { type: 'boolean', default: false },
    repo: { type: 'string' },
    'mark-announced': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    timeout: { type: 'string' },
    retries: { type: 'string' },
    config: { type: 'string' },
    'no-push': { type: 'boolean', default: false },
  });
  const say = (text: string) => progress(ctx.stderr, text);
  const hooks = collectTargets({ webhook: values.webhook ?? [], slack: values.slack ?? [] }, ctx.env);
  if (hooks.length === 0 && !values['github-issues']) {
    throw new UsageError('NOTIFY_NO_TARGET', 'pitwall notify: no target to post to', {
      hint: `Give --webhook <url>, --slack <url> or --github-issues, or set ${TARGET_ENV.webhook} or ${TARGET_ENV.slack}`,
    });
  }
  const timeoutSeconds = values.timeout === undefined ? 10 : Number(values.timeout);
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) {
    throw new UsageError('USAGE', `pitwall notify: --timeout must be a number of seconds above 0, got "${values.timeout}"`, { hint: 'For example: --timeout 30' });
  }
  const retries = values.retries === undefined ? 3 : Number(values.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new UsageError('USAGE', `pitwall notify: --retries must be a whole number from 0 to 10, got "${values.retries}"`, { hint: 'For example: --retries 5' });
  }
  const channels: Channel[] = hooks.map((target) => ({
    key: target.key,
    name: `${target.kind} ${target.label}`,
    async deliver(a, earlier) {
      if (earlier !== undefined) return null;
      await postJson(target, target.kind === 'slack' ? slackBody(a) : webhookBody(a), { timeoutMs: timeoutSeconds * 1000, retry: { maxAttempts: retries + 1 }, onRetry: (text) => say(text) });
      return { how: 'posted' };
    },
  }));
  if (values['github-issues']) channels.push(issueChannel(ctx, values.repo, timeoutSeconds * 1000, retries, say));
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, formats: ADAPTER_NAMES, ...(values.config === undefined ? {} : { file: values.config }) });
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });
  const token = readToken(ctx.env);
  if (config.remote !== null) await syncResults(repo, { remote: config.remote, token, mode: 'fetch', say });
  // Notifiers on one repository take turns: the second sees what the first recorded.
  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall notify', timeoutMs: 120_000, onWarning: (w: string) => say(`warning: ${w}`) });
  let posted = 0;
  let skipped = 0;
  let failed = 0;
  try {
    const { model } = await loadModel(repo, config);
    const regressions = findRegressions(model).map((c) => describeRegression(model, c, config.site.url));
    const ages = regressions.length === 0 ? new Map<string, number>() : await mainAges(repo, config.mainBranch).catch((error: unknown) => {
      // Without main's history (a results-only clone) a change is recognised by its id alone.
      if (isPitwallError(error) && error.code === 'NO_MAIN_BRANCH') return new Map<string, number>();
      throw error;
    });
    for (const channel of channels) {
      const records = await readAnnounced(repo, channel.key);
      for (const a of regressions) {
        if (await wasAnnounced(repo, channel.key, a.id)) {
          skipped++;
          continue;
        }
        const earlier = findEarlierAnnouncement(records, a, ages);
        if (values['dry-run']) {
          ctx.stdout.write(`would ${earlier === undefined ? 'post' : 'update'} to ${channel.name} (${channel.key}): ${summarize(a)}\n`);
          continue;
        }
        if (values['mark-announced']) {
          await recordAnnounced(repo, channel.key, a, 'marked', new Date());
          posted++;
          continue;
        }
        let sent;
        try {
          sent = await channel.deliver(a, earlier);
        } catch (error) {
          if (!isPitwallError(error) || !DELIVERY_FAILURES.test(error.code)) throw error;
          failed++;
          say(`error: ${error.message}`);
          continue;
        }
        if (sent === null) {
          skipped++;
          say(`${a.id} was announced to ${channel.name} before bisection pinned it, as ${earlier?.change ?? ''}`);
          continue;
        }
        await recordAnnounced(repo, channel.key, a, sent.how, new Date(), sent.issue);
        posted++;
        say(`${sent.how === 'updated' ? `updated issue #${sent.issue} of` : 'posted to'} ${channel.name}${sent.how === 'posted' && sent.issue !== undefined ? ` (issue #${sent.issue})` : ''}: ${summarize(a)}`);
      }
    }
    const verb = values['mark-announced'] ? 'marked' : 'posted';
    say(`${regressions.length} confirmed regression${regressions.length === 1 ? '' : 's'} on ${config.mainBranch}, ${channels.length} target${channels.length === 1 ? '' : 's'}: ${values['dry-run'] ? 'dry run, nothing posted' : `${posted} ${verb}`}, ${skipped} announced before${failed > 0 ? `, ${failed} failed (tried again on the next call)` : ''}`);
  } finally {
    await lock.release();
  }
  if (posted > 0 && config.remote !== null && !values['no-push']) await deliverResults(repo, config.remote, ctx.env, say);
  return failed === 0 ? 0 : 1;
}

export const command: Command = { help, run };
