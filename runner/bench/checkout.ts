/**
 * Materialises the tree of a commit into a fresh temporary directory, reading
 * git objects only: the repository's index, HEAD and working tree stay exactly
 * as they were, so benchmarking an old commit never disturbs someone's checkout.
 * The directory is a git repository of its own (see checkout-git-dir.ts): its
 * HEAD is the commit, its objects are the user's, shared rather than copied,
 * so bench scripts can run `git ls-files` or `git describe` in it.
 *
 * Directories are named `<pid>-<random>` under os.tmpdir()/pitwall-checkouts so
 * that `pruneStaleCheckouts` can tell which ones a killed run left behind.
 */
import { randomBytes } from 'node:crypto';
import fs, { lstatSync, symlinkSync, writeFileSync, type BigIntStats } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { isPitwallError, PitwallError } from '../../results/errors.ts';
import { createObjectReader, type ObjectReader } from '../../results/store/object-reader.ts';
import { openRepo, resolveCommit } from './revision.ts';
import type { GitRepo } from './revision.ts';
import { isProcessAlive } from '../../results/store/lock.ts';
import { findGitDir } from '../../results/store/repo.ts';
import { writeCheckoutGitDir } from './checkout-git-dir.ts';
import type { IndexEntry } from './git-index.ts';

export { readCommitInfo, resolveCommit } from './revision.ts';
export type { GitRepo, RepoLocation } from './revision.ts';

export interface CheckoutOptions extends GitRepo {
  rev: string;
  /** The isomorphic-git cache shared by every call on this repository. */
  cache?: object;
  /** Parent of the checkout directories; default os.tmpdir()/pitwall-checkouts. */
  root?: string;
  /** Make the directory a git repository (`.git` sharing the repository's objects); default true. */
  gitRepository?: boolean;
}

export interface Checkout {
  dir: string;
  /** Full commit id. */
  commit: string;
  /** What was left out, such as submodules. */
  notes: string[];
  remove(): Promise<void>;
}

const CHECKOUT_NAME = /^(\d+)-[0-9a-f]+$/;

export function defaultCheckoutRoot(): string {
  return path.join(os.tmpdir(), 'pitwall-checkouts');
}

/**
 * A scratch directory named like a checkout (`<pid>-<random>`), so that
 * pruneStaleCheckouts removes it too when its process was killed.
 */
export async function makeScratchDir(root: string = defaultCheckoutRoot()): Promise<{ dir: string; remove: () => Promise<void> }> {
  await mkdir(root, { recursive: true });
  const dir = path.join(root, `${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function checkoutCommit(options: CheckoutOptions): Promise<Checkout> {
  const repo = await openRepo({ ...(options.dir === undefined ? {} : { dir: options.dir }), ...(options.gitdir === undefined ? {} : { gitdir: options.gitdir }) });
  const cache = options.cache ?? {};
  const commit = await resolveCommit(repo, options.rev, cache);
  const { dir, remove } = await makeScratchDir(options.root ?? defaultCheckoutRoot());
  const notes: string[] = [];
  try {
    const { commit: parsed } = await git.readCommit({ fs, ...repo, oid: commit, cache });
    const files: FileJob[] = [];
    const submodules: IndexEntry[] = [];
    const sourceGitdir = repo.gitdir ?? (await findGitDir(path.resolve(repo.dir ?? '.')));
    // Trees and blobs come from the direct object reader (isomorphic-git reads what it cannot find), files are
    // written one after another: on a slow disk creating files is the floor, and file handles never run out.
    const reader = createObjectReader(sourceGitdir);
    try {
      await writeTree({ repo, cache, reader }, parsed.tree, dir, '', files, submodules, notes);
      for (const job of files) writeEntry(job, await readBlob(repo, reader, cache, job.oid));
    } finally {
      reader.close();
    }
    if (options.gitRepository !== false) {
      const entries: IndexEntry[] = [...submodules, ...files.map((f) => ({ path: f.path, oid: f.oid, mode: f.mode, stats: f.stats }))];
      await writeCheckoutGitDir({ dir, sourceGitdir, sourceUrl: path.resolve(repo.dir ?? repo.gitdir ?? '.'), commit, entries });
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, commit, notes, remove };
}

/**
 * Removes checkout directories whose process is gone (a run that was killed),
 * and returns their paths. Directories of live processes are left alone.
 */
export async function pruneStaleCheckouts(options: { root?: string } = {}): Promise<string[]> {
  const root = options.root ?? defaultCheckoutRoot();
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(CHECKOUT_NAME.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || isProcessAlive(pid)) continue;
    const dir = path.join(root, name);
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

interface FileJob {
  oid: string;
  mode: string;
  target: string;
  /** From the top of the tree, "/"-separated. */
  path: string;
  /** lstat of the file once written, for the index. */
  stats: BigIntStats | null;
}

/** Creates the directories now and queues the files, so files can be written concurrently. */
interface Source {
  repo: GitRepo;
  cache: object;
  reader: ObjectReader;
}

async function writeTree(source: Source, treeOid: string, dir: string, prefix: string, files: FileJob[], submodules: IndexEntry[], notes: string[]): Promise<void> {
  const tree = await readTreeEntries(source, treeOid, prefix);
  for (const entry of tree) {
    const relative = `${prefix}${entry.path}`;
    checkEntryName(entry.path, relative);
    const target = path.join(dir, entry.path);
    if (entry.mode === '040000') {
      await mkdir(target);
      await writeTree(source, entry.oid, target, `${relative}/`, files, submodules, notes);
    } else if (entry.mode === '160000') {
      await mkdir(target);
      submodules.push({ path: relative, oid: entry.oid, mode: entry.mode, stats: null });
      notes.push(`Skipped submodule "${relative}" (commit ${entry.oid.slice(0, 7)}): its directory is empty`);
    } else {
      files.push({ oid: entry.oid, mode: entry.mode, target, path: relative, stats: null });
    }
  }
}

interface TreeEntry {
  mode: string;
  path: string;
  oid: string;
}

async function readTreeEntries({ repo, cache, reader }: Source, oid: string, prefix: string): Promise<TreeEntry[]> {
  try {
    const object = await reader.readObject(oid);
    if (object.type === 'tree') return parseTree(object.data, prefix);
  } catch (error) {
    if (!isPitwallError(error) || error.code !== 'OBJECT_NOT_FOUND') throw error;
  }
  try {
    return (await git.readTree({ fs, ...repo, oid, cache })).tree;
  } catch (error) {
    // isomorphic-git refuses names such as ".." while parsing the tree.
    if ((error as { code?: unknown }).code !== 'UnsafeFilepathError') throw error;
    throw unsafeEntry(prefix === '' ? 'the top-level tree' : `"${prefix}"`, error);
  }
}

/** A tree object: `<mode> <name>\0<20-byte id>` per entry; modes as isomorphic-git spells them ("040000"). */
function parseTree(data: Buffer, prefix: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const nul = space === -1 ? -1 : data.indexOf(0, space + 1);
    if (space === -1 || nul === -1 || nul + 21 > data.length) throw unsafeEntry(prefix === '' ? 'the top-level tree' : `"${prefix}"`);
    const mode = data.toString('latin1', at, space);
    entries.push({ mode: mode === '40000' ? '040000' : mode, path: data.toString('utf8', space + 1, nul), oid: data.toString('hex', nul + 1, nul + 21) });
    at = nul + 21;
  }
  return entries;
}

async function readBlob(repo: GitRepo, reader: ObjectReader, cache: object, oid: string): Promise<Uint8Array> {
  try {
    return await reader.readBlob(oid);
  } catch (error) {
    if (!isPitwallError(error) || error.code !== 'OBJECT_NOT_FOUND') throw error;
    return (await git.readBlob({ fs, ...repo, oid, cache })).blob;
  }
}

function writeEntry(job: FileJob, blob: Uint8Array): void {
  if (job.mode === '120000') {
    symlinkSync(Buffer.from(blob).toString('utf8'), job.target);
  } else {
    writeFileSync(job.target, blob, { mode: job.mode === '100755' ? 0o755 : 0o644 });
  }
  job.stats = lstatSync(job.target, { bigint: true });
}

/** Git itself refuses these names; a crafted tree could otherwise write outside the checkout. */
function checkEntryName(name: string, relative: string): void {
  if (name === '' || name === '.' || name === '..' || name.toLowerCase() === '.git' || name.includes('/') || name.includes('\0')) {
    throw unsafeEntry(`"${relative}"`);
  }
}

/** `where` is already quoted, or a phrase. */
function unsafeEntry(where: string, cause?: unknown): PitwallError {
  return new PitwallError('UNSAFE_TREE_ENTRY', `Cannot check out ${where}: it holds a name git does not allow`, {
    hint: 'The repository holds a corrupt or crafted tree; run "git fsck" on it',
    ...(cause === undefined ? {} : { cause }),
  });
}
