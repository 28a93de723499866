/**
 * The branch a commit benchmarked with `--commit` is recorded for: the branch
 * the revision names, else the main branch when the commit is on its
 * first-parent history (the usual case when backfilling), else the checked-out
 * branch when it is on that one's, else a local branch whose tip it is, else
 * none. Exports and the site then show `main` rather
 * than an empty branch.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import type { GitRepo } from './revision.ts';
import path from 'node:path';
import { isPitwallError } from '../../results/errors.ts';
import { createObjectReader, type ObjectReader } from '../../results/store/object-reader.ts';
import { findGitDir } from '../../results/store/repo.ts';

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
  const current = await git.currentBranch({ fs, ...repo, fullname: false }).catch(() => undefined);
  if (current !== undefined && current !== options.mainBranch) {
    const tip = await resolves(repo, `refs/heads/${current}`);
    if (tip !== null && (await isOnFirstParents(repo, tip, commit, target.committer.timestamp, cache))) return current;
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
  // Commits come from the direct object reader (a long walk is thousands of them); isomorphic-git reads the rest.
  const reader = createObjectReader(repo.gitdir ?? (await findGitDir(path.resolve(repo.dir ?? '.'))));
  try {
    let oid: string | undefined = tip;
    while (oid !== undefined) {
      if (oid === wanted) return true;
      const commit = await readFirstParent(repo, reader, oid, cache);
      if (commit === null) return false; // shallow clone: the rest of the history is not here
      if (commit.seconds < wantedSeconds - WALK_SLACK_SECONDS) return false;
      oid = commit.parent;
    }
    return false;
  } finally {
    reader.close();
  }
}

const PARENT = /^parent ([0-9a-f]{40})$/m;
const COMMITTER_TIME = /^committer .* (\d+) [+-]\d{4}$/m;

async function readFirstParent(repo: GitRepo, reader: ObjectReader, oid: string, cache: object): Promise<{ parent: string | undefined; seconds: number } | null> {
  try {
    const object = await reader.readObject(oid);
    if (object.type === 'commit') {
      // The header ends at the first blank line; the message may hold anything.
      const text = object.data.toString('utf8');
      const header = text.slice(0, text.indexOf('\n\n') === -1 ? undefined : text.indexOf('\n\n'));
      const seconds = Number(COMMITTER_TIME.exec(header)?.[1]);
      if (Number.isFinite(seconds)) return { parent: PARENT.exec(header)?.[1], seconds };
    }
  } catch (error) {
    if (!isPitwallError(error) || error.code !== 'OBJECT_NOT_FOUND') throw error;
  }
  try {
    const { commit } = await git.readCommit({ fs, ...repo, oid, cache });
    return { parent: commit.parent[0], seconds: commit.committer.timestamp };
  } catch {
    return null;
  }
}
