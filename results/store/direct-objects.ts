/**
 * Commits, trees and blobs read through pitwall's own object reader
 * (object-reader.ts), one per repository, instead of isomorphic-git, which
 * loads a whole pack file into memory the first time it reads an object from
 * it: on a history of ten million measurements that is 300 MB before the
 * first tree, for a read of a few kilobytes. An object the reader cannot find
 * is read by isomorphic-git as before.
 */
import git from 'isomorphic-git';
import type { TreeEntry } from 'isomorphic-git';
import { isPitwallError } from '../errors.ts';
import { objectCorrupt, type GitObject } from './git-object.ts';
import { createObjectReader, readBlobWithFallback, type ObjectReader } from './object-reader.ts';
import type { ResultsRepo } from './repo.ts';

const readers = new WeakMap<object, ObjectReader>();
// The reader's pack files close when its repository's cache object is collected.
const closing = new FinalizationRegistry<ObjectReader>((reader) => reader.close());

export function directReader(repo: ResultsRepo): ObjectReader {
  let reader = readers.get(repo.cache);
  if (reader === undefined) {
    reader = createObjectReader(repo.gitdir);
    readers.set(repo.cache, reader);
    closing.register(repo.cache, reader);
  }
  return reader;
}

async function readDirect(repo: ResultsRepo, oid: string): Promise<GitObject | null> {
  try {
    return await directReader(repo).readObject(oid);
  } catch (error) {
    if (isPitwallError(error) && error.code === 'OBJECT_NOT_FOUND') return null;
    throw error;
  }
}

const MODES: Record<string, { mode: string; type: TreeEntry['type'] }> = {
  '40000': { mode: '040000', type: 'tree' },
  '100644': { mode: '100644', type: 'blob' },
  '100755': { mode: '100755', type: 'blob' },
  '120000': { mode: '120000', type: 'blob' },
  '160000': { mode: '160000', type: 'commit' },
};

/** Entries of a tree object: `<mode> <name>\0<20-byte oid>`, repeated. */
export function parseTree(data: Buffer, oid: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (let at = 0; at < data.length; ) {
    const space = data.indexOf(0x20, at);
    const nul = data.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw objectCorrupt(`tree ${oid}`, `an entry at byte ${at} is cut short`);
    const kind = MODES[data.toString('latin1', at, space)] ?? { mode: data.toString('latin1', at, space).padStart(6, '0'), type: 'blob' as const };
    entries.push({ mode: kind.mode, path: data.toString('utf8', space + 1, nul), oid: data.toString('hex', nul + 1, nul + 21), type: kind.type });
    at = nul + 21;
  }
  return entries;
}

export async function readTreeDirect(repo: ResultsRepo, oid: string): Promise<TreeEntry[]> {
  const found = await readDirect(repo, oid);
  if (found === null) return (await git.readTree({ fs: repo.fs, gitdir: repo.gitdir, oid, cache: repo.cache })).tree;
  if (found.type === 'commit') return await readTreeDirect(repo, parseCommit(found.data, oid).tree);
  if (found.type !== 'tree') throw objectCorrupt(`object ${oid}`, `it is a ${found.type}, not a tree`);
  return parseTree(found.data, oid);
}

export interface CommitFacts {
  tree: string;
  parent: string[];
  /** Committer time, seconds since 1970. */
  committerTime: number;
}

function parseCommit(data: Buffer, oid: string): CommitFacts {
  const headerEnd = data.indexOf('\n\n');
  const lines = data.toString('utf8', 0, headerEnd < 0 ? data.length : headerEnd).split('\n');
  let tree: string | null = null;
  const parent: string[] = [];
  let committerTime = 0;
  for (const line of lines) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parent.push(line.slice(7));
    else if (line.startsWith('committer ')) committerTime = Number(/ (\d+) [+-]\d{4}$/.exec(line)?.[1] ?? 0);
  }
  if (tree === null) throw objectCorrupt(`commit ${oid}`, 'it names no tree');
  return { tree, parent, committerTime };
}

export async function readCommitDirect(repo: ResultsRepo, oid: string): Promise<CommitFacts> {
  const found = await readDirect(repo, oid);
  if (found === null) {
    const { commit } = await git.readCommit({ fs: repo.fs, gitdir: repo.gitdir, oid, cache: repo.cache });
    return { tree: commit.tree, parent: commit.parent, committerTime: commit.committer.timestamp };
  }
  if (found.type !== 'commit') throw objectCorrupt(`object ${oid}`, `it is a ${found.type}, not a commit`);
  return parseCommit(found.data, oid);
}

export async function readBlobDirect(repo: ResultsRepo, oid: string): Promise<Buffer> {
  return await readBlobWithFallback(repo, directReader(repo), oid);
}

/** Any object with its type and content, for packing. */
export async function readObjectDirect(repo: ResultsRepo, oid: string): Promise<GitObject> {
  const found = await readDirect(repo, oid);
  if (found !== null) return found;
  const read = await git.readObject({ fs: repo.fs, gitdir: repo.gitdir, oid, cache: repo.cache, format: 'content' });
  return { type: read.type as GitObject['type'], data: Buffer.from(read.object as Uint8Array) };
}
