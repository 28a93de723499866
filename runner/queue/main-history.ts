/**
 * The first-parent history of the main branch of the repository under test,
 * newest first, read with isomorphic-git (no `git` binary needed).
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import { UsageError } from '../../results/errors.ts';
import type { QueueCommit } from '../../results/analysis/find-queue.ts';

export interface MainHistoryOptions {
  gitdir: string;
  cache: object;
  mainBranch: string;
  /** At most this many commits (default: the whole first-parent chain). */
  limit?: number;
  /** Stop after this commit (it is included). */
  until?: string;
}

export interface MainCommit extends QueueCommit {
  parents: string[];
}

/** `refs/heads/<main>`, else `refs/remotes/origin/<main>`: the commit the main branch points at. */
export async function resolveMainTip(gitdir: string, mainBranch: string): Promise<string> {
  for (const ref of [`refs/heads/${mainBranch}`, `refs/remotes/origin/${mainBranch}`]) {
    try {
      return await git.resolveRef({ fs, gitdir, ref });
    } catch {
      // try the next spelling
    }
  }
  throw new UsageError('NO_MAIN_BRANCH', `Cannot find the main branch "${mainBranch}": neither "refs/heads/${mainBranch}" nor "refs/remotes/origin/${mainBranch}" exists`, {
    hint: 'Set "mainBranch" in pitwall.yaml to the branch whose commits should be measured, or fetch it ("git fetch origin")',
  });
}

export async function listMainCommits(options: MainHistoryOptions): Promise<MainCommit[]> {
  const { gitdir, cache } = options;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const out: MainCommit[] = [];
  let oid: string | undefined = await resolveMainTip(gitdir, options.mainBranch);
  while (oid !== undefined && out.length < limit) {
    let commit;
    try {
      ({ commit } = await git.readCommit({ fs, gitdir, oid, cache }));
    } catch (error) {
      if (out.length > 0 && (error as { code?: unknown }).code === 'NotFoundError') break; // a shallow clone ends here
      throw error;
    }
    out.push({
      sha: oid,
      subject: (commit.message.split('\n')[0] ?? '').trim(),
      time: new Date(commit.committer.timestamp * 1000).toISOString(),
      parents: commit.parent,
    });
    if (oid === options.until) break;
    oid = commit.parent[0];
  }
  return out;
}
