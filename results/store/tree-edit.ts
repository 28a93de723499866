/**
 * Adding files to a tree by rewriting only the trees on the path from the root
 * to each new file. Every other subtree is reused by oid, so the cost of a
 * commit depends on the depth and width of the folders it touches, not on how
 * many runs the branch already holds.
 */
import git from 'isomorphic-git';
import type { TreeEntry } from 'isomorphic-git';
import { PitwallError } from '../errors.ts';
import type { ResultsRepo } from './repo.ts';
import { readTreeEntries, type BranchFile } from './tree-cache.ts';

/**
 * refuse: a path that exists already is an error (RESULTS_PATH_EXISTS).
 * skip-identical: the same path with the same blob is skipped (it was delivered
 * before); with another blob it is an error (RESULTS_PATH_CONFLICT).
 */
export type ExistingPathPolicy = 'refuse' | 'skip-identical';

export interface TreeEditResult {
  /** The new root tree (the base itself when nothing was added). */
  tree: string;
  /** The files actually added, in the order given. */
  added: BranchFile[];
}

interface FolderEdit {
  files: Map<string, string>;
  folders: Map<string, FolderEdit>;
}

const REGULAR_FILE = '100644';
const FOLDER = '040000';

export async function addFilesToTree(
  repo: ResultsRepo,
  baseTree: string | null,
  files: readonly BranchFile[],
  policy: ExistingPathPolicy,
): Promise<TreeEditResult> {
  const root: FolderEdit = { files: new Map(), folders: new Map() };
  for (const file of files) placeFile(root, file);
  const added: BranchFile[] = [];
  const tree = await applyEdit(repo, baseTree, root, '', policy, added);
  const order = new Map(files.map((file, index) => [file.path, index]));
  added.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  return { tree: tree ?? (await writeEntries(repo, [])), added };
}

/** Checks a path for the branch: relative, `/`-separated, no empty, `.`, `..` or `.git` segment. */
export function validateBranchPath(path: string): string[] {
  const parts = path.split('/');
  const bad = parts.some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git' || part.includes('\0'));
  if (bad) {
    throw new PitwallError('INVALID_RESULTS_PATH', `Invalid path "${path}" for the results branch: use a relative path of plain "/"-separated names`, {
      hint: 'Build run paths with runPaths() from results/layout.ts',
    });
  }
  return parts;
}

function placeFile(root: FolderEdit, file: BranchFile): void {
  const parts = validateBranchPath(file.path);
  const name = parts.pop() as string;
  let folder = root;
  for (const part of parts) {
    let next = folder.folders.get(part);
    if (next === undefined) {
      next = { files: new Map(), folders: new Map() };
      folder.folders.set(part, next);
    }
    folder = next;
  }
  if (folder.files.has(name) || folder.folders.has(name)) {
    throw new PitwallError('RESULTS_PATH_EXISTS', `Cannot add "${file.path}" twice in one commit`, {
      hint: 'Give every file of a run its own path',
    });
  }
  folder.files.set(name, file.oid);
}

/** Returns the new tree oid, or the old one (possibly null) when nothing below changed. */
async function applyEdit(
  repo: ResultsRepo,
  treeOid: string | null,
  edit: FolderEdit,
  prefix: string,
  policy: ExistingPathPolicy,
  added: BranchFile[],
): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  if (treeOid !== null) for (const entry of await readTreeEntries(repo, treeOid)) entries.set(entry.path, entry);
  let changed = false;

  for (const [name, oid] of edit.files) {
    const path = prefix + name;
    const existing = entries.get(name);
    if (existing !== undefined) {
      if (policy === 'skip-identical' && existing.type === 'blob' && existing.oid === oid) continue;
      throw existingPathError(path, policy);
    }
    entries.set(name, { mode: REGULAR_FILE, path: name, oid, type: 'blob' });
    added.push({ path, oid });
    changed = true;
  }

  for (const [name, child] of edit.folders) {
    const existing = entries.get(name);
    if (existing !== undefined && existing.type !== 'tree') throw existingPathError(prefix + name, policy);
    const before = existing?.oid ?? null;
    const after = await applyEdit(repo, before, child, `${prefix}${name}/`, policy, added);
    if (after !== null && after !== before) {
      entries.set(name, { mode: FOLDER, path: name, oid: after, type: 'tree' });
      changed = true;
    }
  }

  return changed ? await writeEntries(repo, [...entries.values()]) : treeOid;
}

function existingPathError(path: string, policy: ExistingPathPolicy): PitwallError {
  if (policy === 'refuse') {
    return new PitwallError('RESULTS_PATH_EXISTS', `Cannot add "${path}" to the results branch: the path exists already`, {
      hint: 'Results files are never overwritten; write the run under a new name (runPaths() takes an attempt number)',
    });
  }
  return new PitwallError('RESULTS_PATH_CONFLICT', `Cannot replay "${path}" onto the remote results branch: the remote holds a different file at that path`, {
    hint: 'Two machines wrote a run under the same name; check that every runner has its own machine name in pitwall.yaml',
  });
}

async function writeEntries(repo: ResultsRepo, entries: TreeEntry[]): Promise<string> {
  return await git.writeTree({ fs: repo.fs, gitdir: repo.gitdir, tree: entries });
}
