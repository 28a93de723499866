/**
 * A commit status: the line under a pull request's checks that shows the
 * verdict and links to the comparison. A status (not a check run) because a
 * GITHUB_TOKEN or a fine-grained token can post it with `statuses: write`,
 * and it needs no GitHub App.
 */
import type { GitHubClient } from './client.ts';
import { repositoryPath, type Repository } from './repository.ts';

export type CommitState = 'success' | 'failure' | 'error' | 'pending';

/** GitHub refuses longer descriptions. */
export const STATUS_DESCRIPTION_LIMIT = 140;
export const DEFAULT_STATUS_CONTEXT = 'pitwall';

export interface CommitStatus {
  sha: string;
  state: CommitState;
  /** Clipped to 140 characters. */
  description: string;
  targetUrl: string | null;
  context?: string;
}

export function clipDescription(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= STATUS_DESCRIPTION_LIMIT ? flat : `${flat.slice(0, STATUS_DESCRIPTION_LIMIT - 1)}…`;
}

/** Posts the status (a newer one with the same context replaces it on GitHub's side). */
export async function postCommitStatus(client: GitHubClient, repo: Repository, status: CommitStatus): Promise<{ url: string }> {
  const body: Record<string, string> = {
    state: status.state,
    description: clipDescription(status.description),
    context: status.context ?? DEFAULT_STATUS_CONTEXT,
  };
  if (status.targetUrl !== null) body['target_url'] = status.targetUrl;
  const answer = await client.request<{ url: string }>('POST', `${repositoryPath(repo)}/statuses/${encodeURIComponent(status.sha)}`, body);
  return { url: answer.url };
}
