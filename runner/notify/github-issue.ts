/**
 * One GitHub issue per confirmed regression (`notify --github-issues`): opened
 * when the regression is first announced, and updated, not opened again, when
 * bisection later pins it to its culprit. Uses the same REST client as the PR
 * checks (retries, no token in errors).
 */
import { createHash } from 'node:crypto';
import type { GitHubClient } from '../github/client.ts';
import { formatRepository, repositoryPath, type Repository } from '../github/repository.ts';
import type { Announcement } from './announcement.ts';

/** GitHub refuses longer titles. */
const TITLE_LIMIT = 256;
export const ISSUE_LABELS = ['performance-regression'];

/** `github-<12 hex of sha256(owner/name)>`: a plain path segment on the results branch. */
export function issueTargetKey(repo: Repository): string {
  return `github-${createHash('sha256').update(formatRepository(repo).toLowerCase()).digest('hex').slice(0, 12)}`;
}

function signed(pct: number): string {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

export function issueTitle(a: Announcement): string {
  const title = `Performance regression: ${a.metric} ${signed(a.changePct)} on ${a.machine} at ${a.commit.slice(0, 7)}`;
  return title.length <= TITLE_LIMIT ? title : `${title.slice(0, TITLE_LIMIT - 1)}…`;
}

/** Markdown; text from commits is put in code spans so it cannot format or mention anyone. */
export function issueBody(a: Announcement, pinnedFrom: string | null): string {
  const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
  const lines = [
    `<!-- pitwall-change: ${a.series} -->`,
    `pitwall confirmed a regression of ${code(a.metric)} (suite ${code(a.suite)}, machine ${code(a.machine)}) on the main branch.`,
    '',
    '| | |',
    '|---|---|',
    `| change | **${signed(a.changePct)}** (${a.ciLevelPct} % CI ${signed(a.ciLowPct)} to ${signed(a.ciHighPct)}) |`,
    `| confidence | ${a.confidencePct} % (p = ${a.pValue}) |`,
    `| level | ${a.before} → ${a.after}${a.unit === null ? '' : ` ${a.unit}`} |`,
    `| commit | ${a.commit} ${code(a.subject)} |`,
    `| last commit before | ${a.previousCommit ?? 'none'} |`,
    `| change id | ${code(a.id)} |`,
  ];
  const links = [a.chartUrl === null ? null : `[chart](${a.chartUrl})`, a.compareUrl === null ? null : `[compare](${a.compareUrl})`].filter((l) => l !== null);
  if (links.length > 0) lines.push('', links.join(' · '));
  if (pinnedFrom !== null) lines.push('', `Bisection pinned this change to ${a.commit.slice(0, 7)}; it was first reported as ${code(pinnedFrom)}.`);
  else if (a.previousCommit !== null) lines.push('', `If commits between ${a.previousCommit.slice(0, 7)} and ${a.commit.slice(0, 7)} were never measured, \`pitwall bisect ${a.id}\` pins the culprit.`);
  return `${lines.join('\n')}\n`;
}

export async function openIssue(client: GitHubClient, repo: Repository, a: Announcement): Promise<number> {
  const issue = await client.request<{ number: number }>('POST', `${repositoryPath(repo)}/issues`, { title: issueTitle(a), body: issueBody(a, null), labels: ISSUE_LABELS });
  return issue.number;
}

export async function updateIssue(client: GitHubClient, repo: Repository, number: number, a: Announcement, pinnedFrom: string): Promise<void> {
  await client.request('PATCH', `${repositoryPath(repo)}/issues/${number}`, { title: issueTitle(a), body: issueBody(a, pinnedFrom) });
}
