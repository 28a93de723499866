/**
 * Which commit of which pull request may be benchmarked on the bench
 * machines, decided by a job that runs no pull request code, from the event
 * GitHub sent and what GitHub's API says now:
 *
 * - `issue_comment`: a comment `/pitwall bench <sha>` on an open pull request,
 *   by an account with write access to the repository (asked of the API, not
 *   read from the event), naming the pull request's current head;
 * - `workflow_dispatch`: inputs `pr` and `sha`, by an account with write access;
 * - `workflow_run`: a `pull_request` run whose head branch is in this
 *   repository (its authors can push here anyway), still the pull request's head.
 *
 * The approval is written as a small JSON file that the publishing job reads
 * to know where the report goes; it is parsed as strictly as it is written.
 */
import { PitwallError, UsageError } from '../../results/errors.ts';
import type { GitHubClient } from './client.ts';
import { formatRepository, repositoryPath, type Repository } from './repository.ts';

export const APPROVAL_SCHEMA = 1;
export const BENCH_COMMAND = '/pitwall bench';
const SHA = /^[0-9a-f]{40}$/;
const WRITE_PERMISSIONS = new Set(['admin', 'write']);

export interface Approval {
  schema: typeof APPROVAL_SCHEMA;
  /** `owner/name`. */
  repository: string;
  pr: number;
  /** The full id of the approved commit. */
  sha: string;
  /** Who approved it: a login, or "branch of owner/name" for a branch of the repository itself. */
  approvedBy: string;
  event: 'issue_comment' | 'workflow_dispatch' | 'workflow_run';
}

export function formatApproval(approval: Approval): string {
  return `${JSON.stringify(approval, null, 2)}\n`;
}

/** Parses an approval file; any other key, type or value is refused (APPROVAL_INVALID). */
export function parseApproval(text: string, file: string, repo: Repository): Approval {
  const fail = (what: string) =>
    new UsageError('APPROVAL_INVALID', `Invalid approval "${file}": ${what}`, { hint: 'Use the file "pitwall authorize" wrote in the same workflow run' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('not a JSON object');
  const record = value as Record<string, unknown>;
  const keys = ['schema', 'repository', 'pr', 'sha', 'approvedBy', 'event'];
  for (const key of Object.keys(record)) if (!keys.includes(key)) throw fail(`unknown key "${key}"`);
  if (record['schema'] !== APPROVAL_SCHEMA) throw fail(`"schema" is ${JSON.stringify(record['schema'])}, expected ${APPROVAL_SCHEMA}`);
  const repository = record['repository'];
  if (typeof repository !== 'string' || repository.toLowerCase() !== formatRepository(repo).toLowerCase()) {
    throw fail(`"repository" is ${JSON.stringify(repository)}, not ${formatRepository(repo)}`);
  }
  const pr = record['pr'];
  if (typeof pr !== 'number' || !Number.isInteger(pr) || pr < 1) throw fail(`"pr" is ${JSON.stringify(pr)}, expected a pull request number`);
  const sha = record['sha'];
  if (typeof sha !== 'string' || !SHA.test(sha)) throw fail(`"sha" is ${JSON.stringify(sha)}, expected a full commit id`);
  const approvedBy = record['approvedBy'];
  if (typeof approvedBy !== 'string' || approvedBy === '' || approvedBy.length > 200) throw fail('"approvedBy" is not a name');
  const event = record['event'];
  if (event !== 'issue_comment' && event !== 'workflow_dispatch' && event !== 'workflow_run') throw fail(`"event" is ${JSON.stringify(event)}`);
  return { schema: APPROVAL_SCHEMA, repository, pr, sha, approvedBy, event };
}

function refused(message: string, hint: string): PitwallError {
  return new PitwallError('BENCH_NOT_APPROVED', message, { hint });
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `/pitwall bench <sha>` on the comment's first line: the sha (7 to 40 hex digits), or null when the comment is not the command. */
export function parseBenchCommand(body: string): string | null | 'no-sha' {
  const first = body.trimStart().split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (first !== BENCH_COMMAND && !first.startsWith(`${BENCH_COMMAND} `)) return null;
  const match = /^\/pitwall bench\s+([0-9a-fA-F]{7,40})\s*$/.exec(first);
  return match === null ? 'no-sha' : match[1]!.toLowerCase();
}

interface PullRequest {
  number: number;
  state: string;
  head: { sha: string; repo: { full_name: string } | null };
}

async function readPull(client: GitHubClient, repo: Repository, pr: number): Promise<PullRequest> {
  const pull = await client.request<PullRequest>('GET', `${repositoryPath(repo)}/pulls/${pr}`);
  if (pull.state !== 'open') throw refused(`Pull request ${formatRepository(repo)}#${pr} is ${pull.state}`, 'Only open pull requests are benchmarked');
  return pull;
}

async function requireWriteAccess(client: GitHubClient, repo: Repository, login: string): Promise<void> {
  const answer = await client.request<{ permission?: unknown }>('GET', `${repositoryPath(repo)}/collaborators/${encodeURIComponent(login)}/permission`);
  const permission = typeof answer.permission === 'string' ? answer.permission : 'none';
  if (!WRITE_PERMISSIONS.has(permission)) {
    throw refused(`"${login}" has ${permission} access to ${formatRepository(repo)}; benchmarking a pull request needs write access`, 'Ask a maintainer to review the pull request and comment the command');
  }
}

function requireHead(pull: PullRequest, named: string, repo: Repository): string {
  if (!pull.head.sha.startsWith(named)) {
    throw refused(
      `Commit ${named} is not the head of ${formatRepository(repo)}#${pull.number}, which is now ${pull.head.sha}`,
      `Review the newest push, then comment "${BENCH_COMMAND} ${pull.head.sha}"`,
    );
  }
  return pull.head.sha;
}

export interface AuthorizeInput {
  eventName: string;
  event: unknown;
  repo: Repository;
  /** GITHUB_ACTOR, for workflow_dispatch. */
  actor: string | undefined;
}

/** The approval, or BENCH_NOT_APPROVED saying why not and what to do. */
export async function authorizeBench(client: GitHubClient, input: AuthorizeInput): Promise<Approval> {
  const { repo } = input;
  const event = object(input.event);
  const repository = formatRepository(repo);
  if (input.eventName === 'issue_comment') {
    const issue = object(event['issue']);
    const comment = object(event['comment']);
    const number = issue['number'];
    if (issue['pull_request'] === undefined || issue['pull_request'] === null || typeof number !== 'number') {
      throw refused('The comment is on an issue, not a pull request', 'Comment the command on the pull request');
    }
    if (event['action'] !== 'created') throw refused(`The comment was ${String(event['action'])}, not created`, 'Post the command as a new comment');
    const named = parseBenchCommand(typeof comment['body'] === 'string' ? comment['body'] : '');
    if (named === null) throw refused(`The comment is not "${BENCH_COMMAND} <sha>"`, `Comment "${BENCH_COMMAND} <sha of the reviewed head>"`);
    const pull = await readPull(client, repo, number);
    if (named === 'no-sha') throw refused(`"${BENCH_COMMAND}" names no commit`, `Review the head, then comment "${BENCH_COMMAND} ${pull.head.sha}"`);
    const login = String(object(comment['user'])['login'] ?? '');
    await requireWriteAccess(client, repo, login);
    return { schema: APPROVAL_SCHEMA, repository, pr: number, sha: requireHead(pull, named, repo), approvedBy: login, event: 'issue_comment' };
  }
  if (input.eventName === 'workflow_dispatch') {
    const inputs = object(event['inputs']);
    const prText = String(inputs['pr'] ?? '');
    const named = String(inputs['sha'] ?? '').trim().toLowerCase();
    if (!/^[1-9]\d*$/.test(prText) || !/^[0-9a-f]{7,40}$/.test(named)) {
      throw new UsageError('USAGE', `Invalid inputs pr "${prText}" and sha "${named}"`, { hint: 'Give the pull request number and the reviewed head commit (7 to 40 hex digits)' });
    }
    const login = input.actor ?? String(object(event['sender'])['login'] ?? '');
    await requireWriteAccess(client, repo, login);
    const pull = await readPull(client, repo, Number(prText));
    return { schema: APPROVAL_SCHEMA, repository, pr: Number(prText), sha: requireHead(pull, named, repo), approvedBy: login, event: 'workflow_dispatch' };
  }
  if (input.eventName === 'workflow_run') {
    const run = object(event['workflow_run']);
    const headRepo = String(object(run['head_repository'])['full_name'] ?? '');
    if (run['event'] !== 'pull_request') throw refused(`The workflow run was started by "${String(run['event'])}", not pull_request`, 'Only pull request runs lead to a benchmark');
    if (headRepo.toLowerCase() !== repository.toLowerCase()) {
      throw refused(`The pull request comes from "${headRepo}", not a branch of ${repository}`, `A maintainer reviews it and comments "${BENCH_COMMAND} <sha>"`);
    }
    const headSha = String(run['head_sha'] ?? '');
    const pulls = Array.isArray(run['pull_requests']) ? run['pull_requests'].map(object) : [];
    const number = pulls.map((p) => p['number']).find((n): n is number => typeof n === 'number');
    if (number === undefined) throw refused('The workflow run names no pull request', 'Run it from a pull request of this repository');
    const pull = await readPull(client, repo, number);
    if (pull.head.sha !== headSha) throw refused(`Commit ${headSha} is no longer the head of #${number} (now ${pull.head.sha})`, 'The newer push starts its own benchmark');
    return { schema: APPROVAL_SCHEMA, repository, pr: number, sha: headSha, approvedBy: `branch of ${repository}`, event: 'workflow_run' };
  }
  throw refused(`Event "${input.eventName}" never leads to a benchmark of pull request code`, 'Use issue_comment, workflow_dispatch or workflow_run, whose workflow file comes from the default branch');
}
