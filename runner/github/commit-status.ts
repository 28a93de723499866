/**
 * A commit status: the line under a pull request's checks that shows the
 * verdict and links to the comparison. A status (not a check run) because a
 * GITHUB_TOKEN or a fine-grained token can post it with `statuses: write`,
 * and it needs no GitHub App.
 */
import type { GitHubClient } from './client.ts';
import { repositoryPath, type Repository } from './repository.ts';

export type CommitState = 'success' | 'failure' | 'error' | 'pending';

/** GitHub refuses longer descriptions; it counts characters (code points), not UTF-16 units. */
export const STATUS_DESCRIPTION_LIMIT = 140;
export const DEFAULT_STATUS_CONTEXT = 'pitwall';

export interface CommitStatus {
  sha: string;
  state: CommitState;
  /** Clipped to 140 code points. */
  description: string;
  targetUrl: string | null;
  context?: string;
}

/** One line of at most 140 code points; a cut never splits a character made of two UTF-16 units. */
export function clipDescription(text: string): string {
  const points = [...text.replace(/\s+/g, ' ').trim()];
  return points.length <= STATUS_DESCRIPTION_LIMIT ? points.join('') : `${points.slice(0, STATUS_DESCRIPTION_LIMIT - 1).join('').trimEnd()}…`;
}

/** Posts the status (a newer one with the same context replaces it on GitHub's side). */
export async function postCommitStatus(client: GitHubClient, repo: Repository, status: CommitStatus): Promise<{ url: string }> {
  const body: Record<string, string> = {
    state: status.state,
    description: clipDescription(status.description),
    context: status.context ?? DEFAULT_STATUS_CONTEXT,
  };
  if (status.targetUrl !== null) body['target_url'] = status.targetUrl;
  // Sending the same status twice is harmless (the newer one replaces it), so a lost answer may be retried.
  const answer = await client.request<{ url: string }>('POST', `${repositoryPath(repo)}/statuses/${encodeURIComponent(status.sha)}`, body, { idempotent: true });
  return { url: answer.url };
}
