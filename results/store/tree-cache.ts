/**
 * Tree reads shared by every store function. A tree never changes for a given
 * oid, so its entries (and the files below it) are kept for the life of the
 * repository's cache object: a walk after a new commit reads only the few trees
 * that commit rewrote and reuses every other subtree.
 */
import { readCommitDirect, readTreeDirect } from './direct-objects.ts';
import type { TreeEntry } from 'isomorphic-git';
import type { ResultsRepo } from './repo.ts';

/** A file on the branch: its path from the root and its blob oid. */
export interface BranchFile {
  path: string;
  oid: string;
}

interface TreeMemo {
  entries: Map<string, readonly TreeEntry[]>;
  files: Map<string, readonly BranchFile[]>;
}

const memos = new WeakMap<object, TreeMemo>();

function memoFor(repo: ResultsRepo): TreeMemo {
  let memo = memos.get(repo.cache);
  if (memo === undefined) {
    memo = { entries: new Map(), files: new Map() };
    memos.set(repo.cache, memo);
  }
  return memo;
}

export async function readTreeEntries(repo: ResultsRepo, treeOid: string): Promise<readonly TreeEntry[]> {
  const memo = memoFor(repo);
  const known = memo.entries.get(treeOid);
  if (known !== undefined) return known;
  const tree = await readTreeDirect(repo, treeOid);
  memo.entries.set(treeOid, tree);
  return tree;
}

/** The root tree of a commit. */
export async function readCommitTree(repo: ResultsRepo, commitOid: string): Promise<string> {
  return (await readCommitDirect(repo, commitOid)).tree;
}

/** The oid of the tree or blob at `path` below `treeOid`, or null when absent. */
export async function findEntry(repo: ResultsRepo, treeOid: string, path: string): Promise<TreeEntry | null> {
  const parts = path.split('/').filter((part) => part !== '');
  let entry: TreeEntry | null = { mode: '040000', path: '', oid: treeOid, type: 'tree' };
  for (const part of parts) {
    if (entry === null || entry.type !== 'tree') return null;
    const entries: readonly TreeEntry[] = await readTreeEntries(repo, entry.oid);
    entry = entries.find((e) => e.path === part) ?? null;
  }
  return entry;
}

/** Every blob below a tree, paths relative to it, in tree order. */
export async function listTreeFiles(repo: ResultsRepo, treeOid: string): Promise<readonly BranchFile[]> {
  const memo = memoFor(repo);
  const known = memo.files.get(treeOid);
  if (known !== undefined) return known;
  const files: BranchFile[] = [];
  for (const entry of await readTreeEntries(repo, treeOid)) {
    if (entry.type === 'blob') {
      files.push({ path: entry.path, oid: entry.oid });
    } else if (entry.type === 'tree') {
      for (const file of await listTreeFiles(repo, entry.oid)) files.push({ path: `${entry.path}/${file.path}`, oid: file.oid });
    }
  }
  memo.files.set(treeOid, files);
  return files;
}
