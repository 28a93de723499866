/**
 * What GitHub Actions tells a step about where it runs: the repository
 * (GITHUB_REPOSITORY) and the event that started the workflow (the JSON file
 * GITHUB_EVENT_PATH names), from which the pull request number comes.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../results/errors.ts';
import { parseRepository, type Repository } from './repository.ts';

/** The parts of an event payload pitwall reads. */
export interface ActionsEvent {
  number?: unknown;
  pull_request?: { number?: unknown; head?: { sha?: unknown } } | null;
  issue?: { number?: unknown; pull_request?: unknown } | null;
}

/** The event payload, or null outside Actions. Throws UsageError ACTIONS_EVENT_UNREADABLE for a broken file. */
export async function readActionsEvent(env: Readonly<Record<string, string | undefined>>): Promise<ActionsEvent | null> {
  const file = env['GITHUB_EVENT_PATH'];
  if (!file) return null;
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as ActionsEvent) : null;
  } catch (cause) {
    throw new UsageError('ACTIONS_EVENT_UNREADABLE', `Cannot read the GitHub Actions event file "${file}" (GITHUB_EVENT_PATH): ${(cause as Error).message}`, {
      hint: 'Pass the pull request with --pr <number>, or unset GITHUB_EVENT_PATH outside GitHub Actions',
      cause,
    });
  }
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * The pull request an event is about: `pull_request.number` (pull_request,
 * pull_request_target, pull_request_review) or `issue.number` when the issue
 * is a pull request (issue_comment). Null for pushes, schedules and the like.
 */
export function findPullRequestNumber(event: ActionsEvent | null): number | null {
  if (event === null) return null;
  const fromPr = positiveInteger(event.pull_request?.number);
  if (fromPr !== null) return fromPr;
  if (event.issue?.pull_request !== undefined && event.issue.pull_request !== null) return positiveInteger(event.issue.number);
  return null;
}

export interface PullRequestTarget {
  repo: Repository | null;
  pr: number | null;
}

/** --repo / --pr when given, else what the Actions environment says. */
export async function resolvePullRequestTarget(
  flags: { repo?: string | undefined; pr?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): Promise<PullRequestTarget> {
  let pr: number | null = null;
  if (flags.pr !== undefined) {
    pr = /^[1-9]\d*$/.test(flags.pr) ? Number(flags.pr) : null;
    if (pr === null) {
      throw new UsageError('USAGE', `Invalid pull request number "${flags.pr}" in --pr`, { hint: 'Pass the number of the pull request, for example --pr 42' });
    }
  } else {
    pr = findPullRequestNumber(await readActionsEvent(env));
  }
  const repoText = flags.repo ?? env['GITHUB_REPOSITORY'];
  const repo = repoText ? parseRepository(repoText, flags.repo === undefined ? 'GITHUB_REPOSITORY' : '--repo') : null;
  return { repo, pr };
}
