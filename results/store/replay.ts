/**
 * Finding the local commits a remote lacks, and replaying them onto the remote
 * tip. The results branch is linear and every commit only adds files, so a
 * replay is "add the same files on top of the new base": no merges, no conflicts
 * unless two machines wrote the same path with different content.
 */
import git from 'isomorphic-git';
import { readCommitDirect } from './direct-objects.ts';
import { diffAddedFiles } from './history.ts';
import type { ResultsRepo } from './repo.ts';
import { readShallowCommits } from './shallow.ts';
import { readCommitTree } from './tree-cache.ts';
import { addFilesToTree } from './tree-edit.ts';

export interface Divergence {
  /** The newest local commit the other tip also has, or null when the histories share none. */
  forkPoint: string | null;
  /** Local commits above the fork point, oldest first. */
  ahead: string[];
}

/**
 * Walks both first-parent chains one step at a time, so the cost follows the
 * distance from each tip to the fork point rather than the length of the
 * history (isomorphic-git's findMergeBase walks to the root).
 */
export async function findDivergence(repo: ResultsRepo, localTip: string, otherTip: string | null): Promise<Divergence> {
  const shallow = await readShallowCommits(repo);
  const readFirstParent = async (oid: string): Promise<string | null> => (shallow.has(oid) ? null : await readParent(repo, oid));
  const chain: string[] = [];
  const seenLocal = new Map<string, number>();
  const seenOther = new Set<string>();
  let local: string | null = localTip;
  let other: string | null = otherTip;
  while (local !== null || other !== null) {
    if (local !== null) {
      if (seenOther.has(local)) return { forkPoint: local, ahead: chain.reverse() };
      seenLocal.set(local, chain.length);
      chain.push(local);
      local = await readFirstParent(local);
    }
    if (other !== null) {
      const index = seenLocal.get(other);
      if (index !== undefined) return { forkPoint: other, ahead: chain.slice(0, index).reverse() };
      seenOther.add(other);
      other = await readFirstParent(other);
    }
  }
  return { forkPoint: null, ahead: chain.reverse() };
}

/**
 * Re-applies each commit's added files, in order, on top of `onto`, keeping
 * message, author and committer. A file already there with the same content is
 * skipped, and a commit left with nothing to add is dropped (it was delivered
 * before). Throws RESULTS_PATH_CONFLICT when `onto` holds other content at one
 * of the paths.
 */
export async function replayCommits(repo: ResultsRepo, commits: readonly string[], onto: string): Promise<{ tip: string; replayed: number }> {
  let tip = onto;
  let tree = await readCommitTree(repo, onto);
  let replayed = 0;
  for (const oid of commits) {
    const { commit } = await git.readCommit({ fs: repo.fs, gitdir: repo.gitdir, oid, cache: repo.cache });
    const files = await diffAddedFiles(repo, commit.parent[0] ?? null, oid);
    const edit = await addFilesToTree(repo, tree, files, 'skip-identical');
    if (edit.added.length === 0) continue;
    tip = await git.writeCommit({
      fs: repo.fs,
      gitdir: repo.gitdir,
      commit: { message: commit.message, tree: edit.tree, parent: [tip], author: commit.author, committer: commit.committer },
    });
    tree = edit.tree;
    replayed++;
  }
  return { tip, replayed };
}

async function readParent(repo: ResultsRepo, oid: string): Promise<string | null> {
  return (await readCommitDirect(repo, oid)).parent[0] ?? null;
}
