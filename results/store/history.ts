/** The history of the results branch: commits, and the files each one added. */
import git from 'isomorphic-git';
import type { TreeEntry } from 'isomorphic-git';
import { readTip } from './refs.ts';
import type { ResultsRepo } from './repo.ts';
import { listTreeFiles, readCommitTree, readTreeEntries, type BranchFile } from './tree-cache.ts';

export interface ResultsCommit {
  oid: string;
  /** The message without its trailing newline. */
  message: string;
  /** Commit time, ISO 8601 UTC. */
  time: string;
  author: { name: string; email: string };
  parents: string[];
}

export interface ListResultsCommitsOptions {
  /** A ref name or commit oid; defaults to the results branch. */
  ref?: string;
  /** At most this many commits, newest first. */
  limit?: number;
}

/** Commits of the branch, newest first. Empty when the branch does not exist. */
export async function listResultsCommits(repo: ResultsRepo, options: ListResultsCommitsOptions = {}): Promise<ResultsCommit[]> {
  const tip = await readTip(repo, options.ref ?? repo.ref);
  if (tip === null) return [];
  const entries = await git.log({
    fs: repo.fs,
    gitdir: repo.gitdir,
    ref: tip,
    cache: repo.cache,
    ...(options.limit === undefined ? {} : { depth: options.limit }),
  });
  return entries.map(({ oid, commit }) => ({
    oid,
    message: commit.message.replace(/\n+$/, ''),
    time: new Date(commit.committer.timestamp * 1000).toISOString(),
    author: { name: commit.author.name, email: commit.author.email },
    parents: commit.parent,
  }));
}

/**
 * Files present in `toCommit` that `fromCommit` lacks or holds with other
 * content (every commit on this branch only adds files). Subtrees with equal
 * oids are skipped without being read, so the cost follows the size of the
 * change, not of the branch. `fromCommit` null means everything in `toCommit`.
 */
export async function diffAddedFiles(repo: ResultsRepo, fromCommit: string | null, toCommit: string): Promise<BranchFile[]> {
  const [fromTree, toTree] = await Promise.all([
    fromCommit === null ? null : readCommitTree(repo, fromCommit),
    readCommitTree(repo, toCommit),
  ]);
  const added: BranchFile[] = [];
  await diffTrees(repo, fromTree, toTree, '', added);
  return added;
}

async function diffTrees(repo: ResultsRepo, fromTree: string | null, toTree: string, prefix: string, added: BranchFile[]): Promise<void> {
  if (fromTree === toTree) return;
  if (fromTree === null) {
    for (const file of await listTreeFiles(repo, toTree)) added.push({ path: prefix + file.path, oid: file.oid });
    return;
  }
  const before = new Map<string, TreeEntry>();
  for (const entry of await readTreeEntries(repo, fromTree)) before.set(entry.path, entry);
  for (const entry of await readTreeEntries(repo, toTree)) {
    const old = before.get(entry.path);
    if (old !== undefined && old.oid === entry.oid) continue;
    if (entry.type === 'blob') {
      added.push({ path: prefix + entry.path, oid: entry.oid });
    } else if (entry.type === 'tree') {
      await diffTrees(repo, old?.type === 'tree' ? old.oid : null, entry.oid, `${prefix}${entry.path}/`, added);
    }
  }
}
