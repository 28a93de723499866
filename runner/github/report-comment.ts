/**
 * One pull request comment per report, updated in place: the comment is found
 * again by a hidden marker on its first line **and** by its author, the
 * token's own account, so a PR that is pushed twenty times has one pitwall
 * comment showing the newest numbers, and a stranger who posts the marker
 * first never gets pitwall's report written into a comment they can edit.
 */
import { isPitwallError, PitwallError } from '../../results/errors.ts';
import type { GitHubClient } from './client.ts';
import { repositoryPath, type Repository } from './repository.ts';

/** The fields of GitHub's issue comment object that pitwall reads. */
export interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user?: { login?: string } | null;
}

export interface UpsertResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

/** The account behind GITHUB_TOKEN: GitHub Actions' own app. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/** How many times a comment is created before giving up, each after checking that the last try did not land. */
const CREATE_ATTEMPTS = 3;

function startsWithMarker(comment: IssueComment, marker: string): boolean {
  return (comment.body ?? '').trimStart().startsWith(marker);
}

/**
 * The login comments made with this token appear under. A personal token
 * reads it from GET /user; an installation token (GITHUB_TOKEN) is refused
 * there with 403 "Resource not accessible by integration" and comments as
 * github-actions[bot].
 */
export async function readTokenLogin(client: GitHubClient): Promise<string> {
  try {
    const user = await client.request<{ login?: unknown }>('GET', '/user');
    if (typeof user?.login === 'string' && user.login !== '') return user.login;
  } catch (error) {
    if (!(isPitwallError(error) && error.code === 'GITHUB_AUTH_FAILED' && /Resource not accessible by integration/.test(error.message))) throw error;
  }
  return ACTIONS_BOT_LOGIN;
}

/**
 * The first comment on the issue or pull request whose body starts with the
 * marker and whose author is `author`, reading every page of comments (100 per
 * page); null when none is. Only a leading marker counts: a reply quoting the
 * report does not, nor anyone else's comment that starts with the marker.
 */
export async function findReportComment(client: GitHubClient, repo: Repository, issue: number, marker: string, author: string): Promise<IssueComment | null> {
  const login = author.toLowerCase();
  for await (const page of client.paginate<IssueComment>(`${repositoryPath(repo)}/issues/${issue}/comments?per_page=100`)) {
    const found = page.find((c) => startsWithMarker(c, marker) && (c.user?.login ?? '').toLowerCase() === login);
    if (found !== undefined) return found;
  }
  return null;
}

export interface UpsertOptions {
  /** The account the report is posted as; default: asked of GitHub (readTokenLogin). */
  author?: string;
}

/**
 * Updates pitwall's marked comment, or creates it when there is none. The body
 * gets the marker first if it lacks it. When the answer to a create is lost
 * (GITHUB_OUTCOME_UNKNOWN), the comments are listed again before any new try,
 * so a comment GitHub did create is updated, never doubled.
 */
export async function upsertReportComment(client: GitHubClient, repo: Repository, issue: number, body: string, marker: string, options: UpsertOptions = {}): Promise<UpsertResult> {
  const text = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`;
  const author = options.author ?? (await readTokenLogin(client));
  const update = async (id: number): Promise<UpsertResult> => {
    const updated = await client.request<IssueComment>('PATCH', `${repositoryPath(repo)}/issues/comments/${id}`, { body: text });
    return { action: 'updated', id: updated.id, url: updated.html_url };
  };
  const existing = await findReportComment(client, repo, issue, marker, author);
  if (existing !== null) return await update(existing.id);
  let lost: PitwallError | null = null;
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
    if (lost !== null) {
      const landed = await findReportComment(client, repo, issue, marker, author);
      if (landed !== null) {
        const same = landed.body === text;
        return same ? { action: 'created', id: landed.id, url: landed.html_url } : await update(landed.id);
      }
    }
    try {
      const created = await client.request<IssueComment>('POST', `${repositoryPath(repo)}/issues/${issue}/comments`, { body: text });
      return { action: 'created', id: created.id, url: created.html_url };
    } catch (error) {
      if (!(isPitwallError(error) && error.code === 'GITHUB_OUTCOME_UNKNOWN')) throw error;
      lost = error;
    }
  }
  throw new PitwallError('GITHUB_UNAVAILABLE', `Cannot create the report comment on ${repo.owner}/${repo.name}#${issue}: ${lost?.message ?? 'no answer'}`, {
    hint: 'GitHub or the network is down; the results are committed, run the command again later to publish the report',
    cause: lost,
  });
}
