/**
 * The branch a commit benchmarked with `--commit` is recorded for: the branch
 * the revision names, else the main branch when the commit is on its
 * first-parent history (the usual case when backfilling), else a local branch
 * whose tip it is, else none. Exports and the site then show `main` rather
 * than an empty branch.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import type { GitRepo } from './revision.ts';

export interface CommitBranchOptions {
  /** The revision as the user gave it (`main`, `v1.2`, `a1b2c3d`, `main~3`). */
  rev: string;
  mainBranch: string;
  cache?: object;
}

/** How far before the commit's own time the walk of main goes before deciding it is not there. */
const WALK_SLACK_SECONDS = 30 * 24 * 3600;

export async function findCommitBranch(repo: GitRepo, commit: string, options: CommitBranchOptions): Promise<string | null> {
  const cache = options.cache ?? {};
  if (await resolves(repo, `refs/heads/${options.rev}`)) return options.rev;
  const { commit: target } = await git.readCommit({ fs, ...repo, oid: commit, cache });
  for (const ref of [`refs/heads/${options.mainBranch}`, `refs/remotes/origin/${options.mainBranch}`]) {
    const tip = await resolves(repo, ref);
    if (tip !== null && (await isOnFirstParents(repo, tip, commit, target.committer.timestamp, cache))) return options.mainBranch;
  }
  const branches = (await git.listBranches({ fs, ...repo })).sort();
  for (const branch of branches) {
    if ((await resolves(repo, `refs/heads/${branch}`)) === commit) return branch;
  }
  return null;
}

async function resolves(repo: GitRepo, ref: string): Promise<string | null> {
  try {
    return await git.resolveRef({ fs, ...repo, ref });
  } catch {
    return null;
  }
}

async function isOnFirstParents(repo: GitRepo, tip: string, wanted: string, wantedSeconds: number, cache: object): Promise<boolean> {
  let oid: string | undefined = tip;
  while (oid !== undefined) {
    if (oid === wanted) return true;
    let commit;
    try {
      ({ commit } = await git.readCommit({ fs, ...repo, oid, cache }));
    } catch {
      return false; // shallow clone: the rest of the history is not here
    }
    if (commit.committer.timestamp < wantedSeconds - WALK_SLACK_SECONDS) return false;
    oid = commit.parent[0];
  }
  return false;
}
