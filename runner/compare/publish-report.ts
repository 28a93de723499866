/**
 * Putting a report where reviewers look: the pull request comment (updated in
 * place), a commit status on the head linking to the compare page, and the
 * Actions job summary. GitHub failing is a warning, never a verdict: by now
 * the results are committed, and the exit code follows the comparison.
 */
import { isPitwallError } from '../../results/errors.ts';
import { redactSecrets } from '../redact-secrets.ts';
import type { GitHubClient } from '../github/client.ts';
import { postCommitStatus, type CommitState } from '../github/commit-status.ts';
import { appendJobSummary } from '../github/job-summary.ts';
import { upsertReportComment } from '../github/report-comment.ts';
import { formatRepository, repositoryPath, type Repository } from '../github/repository.ts';
import { truncateBody } from '../github/truncate-body.ts';
import { REPORT_MARKER } from './formats/markdown.ts';

export interface PublishTargets {
  comment: boolean;
  status: boolean;
  summary: boolean;
}

export interface PublishOptions {
  targets: PublishTargets;
  markdown: string;
  /** One line for the status description. */
  summaryLine: string;
  state: CommitState;
  head: string;
  /** The compare page; the status links there and a cut comment points to it. */
  compareUrl: string | null;
  /** Where the whole report is when the comment is cut and there is no dashboard (the Actions run page). */
  fallbackReportUrl: string | null;
  repo: Repository | null;
  pr: number | null;
  /** Null when there is no token: the GitHub targets are skipped with a warning. */
  client: GitHubClient | null;
  summaryFile: string | null;
  secrets: readonly string[];
  warn: (text: string) => void;
  say: (text: string) => void;
}

export interface PublishOutcome {
  commentUrl: string | null;
  statusPosted: boolean;
  summaryWritten: boolean;
  /** Targets asked for that could not be reached. */
  failed: string[];
}

/** Runs one target; a PitwallError (GitHub down, refused, rate limited) becomes a warning. */
async function attempt(name: string, options: PublishOptions, outcome: PublishOutcome, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!isPitwallError(error)) throw error;
    outcome.failed.push(name);
    const hint = error.hint === undefined ? '' : ` (${error.hint})`;
    options.warn(redactSecrets(`cannot publish the ${name}: ${error.message}${hint}`, options.secrets));
  }
}

export async function publishReport(options: PublishOptions): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { commentUrl: null, statusPosted: false, summaryWritten: false, failed: [] };
  const { targets, client, repo } = options;
  const needsGitHub = targets.comment || targets.status;
  if (needsGitHub && client === null) {
    options.warn('no GitHub token (GITHUB_TOKEN or PITWALL_TOKEN): the pull request comment and the commit status are skipped');
  } else if (needsGitHub && repo === null) {
    options.warn('no repository (--repo owner/name or GITHUB_REPOSITORY): the pull request comment and the commit status are skipped');
  } else if (client !== null && repo !== null) {
    if (targets.comment && options.pr === null) {
      options.warn('not a pull request (no --pr and no pull request in the Actions event): no comment posted');
    } else if (targets.comment && options.pr !== null) {
      const pr = options.pr;
      await attempt('pull request comment', options, outcome, async () => {
        // A benchmark that finishes after a newer push must not replace the report on the newer head.
        const pull = await client.request<{ head?: { sha?: unknown } }>('GET', `${repositoryPath(repo)}/pulls/${pr}`);
        const current = typeof pull.head?.sha === 'string' ? pull.head.sha : null;
        if (current !== null && current !== options.head) {
          outcome.failed.push('pull request comment');
          options.warn(`the head of ${formatRepository(repo)}#${pr} is now ${current.slice(0, 7)}, not the compared ${options.head.slice(0, 7)}: the report comment is left as it is (the status goes on ${options.head.slice(0, 7)})`);
          return;
        }
        const { body, truncated } = truncateBody(options.markdown, { fullReportUrl: options.compareUrl ?? options.fallbackReportUrl });
        const result = await upsertReportComment(client, repo, pr, body, REPORT_MARKER);
        outcome.commentUrl = result.url;
        options.say(`${result.action} the report comment on ${formatRepository(repo)}#${pr}${truncated ? ' (cut to fit GitHub\'s limit)' : ''}: ${result.url}`);
      });
    }
    if (targets.status) {
      await attempt('commit status', options, outcome, async () => {
        await postCommitStatus(client, repo, { sha: options.head, state: options.state, description: options.summaryLine, targetUrl: options.compareUrl });
        outcome.statusPosted = true;
        options.say(`posted status "${options.state}" on ${options.head.slice(0, 7)}`);
      });
    }
  }
  if (targets.summary) {
    if (options.summaryFile === null) {
      options.warn('GITHUB_STEP_SUMMARY is not set (not in GitHub Actions): no job summary written');
    } else {
      const file = options.summaryFile;
      await attempt('job summary', options, outcome, async () => {
        await appendJobSummary(file, options.markdown);
        outcome.summaryWritten = true;
      });
    }
  }
  return outcome;
}
