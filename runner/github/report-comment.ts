/**
 * One pull request comment per report, updated in place: the comment is found
 * again by a hidden marker on its first line, so a PR that is pushed twenty
 * times has one pitwall comment showing the newest numbers, not twenty.
 */
import type { GitHubClient } from './client.ts';
import { repositoryPath, type Repository } from './repository.ts';

/** The fields of GitHub's issue comment object that pitwall reads. */
export interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
}

export interface UpsertResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

function startsWithMarker(comment: IssueComment, marker: string): boolean {
  return (comment.body ?? '').trimStart().startsWith(marker);
}

/**
 * The first comment on the issue or pull request whose body starts with the
 * marker, reading every page of comments (100 per page); null when none does.
 * Only a leading marker counts: a reply quoting the report does not.
 */
export async function findReportComment(client: GitHubClient, repo: Repository, issue: number, marker: string): Promise<IssueComment | null> {
  for await (const page of client.paginate<IssueComment>(`${repositoryPath(repo)}/issues/${issue}/comments?per_page=100`)) {
    const found = page.find((c) => startsWithMarker(c, marker));
    if (found !== undefined) return found;
  }
  return null;
}

/** Updates the marked comment, or creates it when there is none. The body gets the marker first if it lacks it. */
export async function upsertReportComment(client: GitHubClient, repo: Repository, issue: number, body: string, marker: string): Promise<UpsertResult> {
  const text = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`;
  const existing = await findReportComment(client, repo, issue, marker);
  if (existing !== null) {
    const updated = await client.request<IssueComment>('PATCH', `${repositoryPath(repo)}/issues/comments/${existing.id}`, { body: text });
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  const created = await client.request<IssueComment>('POST', `${repositoryPath(repo)}/issues/${issue}/comments`, { body: text });
  return { action: 'created', id: created.id, url: created.html_url };
}
