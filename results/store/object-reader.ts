/**
 * A read-only reader of a git object database: loose objects, pack files with
 * their delta chains, and alternates. It exists for bulk reads (every run file
 * of a history): it inflates with node:zlib and keeps resolved delta bases, so
 * a chain is inflated once rather than once per object read through it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import git from 'isomorphic-git';
import { isPitwallError, PitwallError } from '../errors.ts';
import type { ResultsRepo } from './repo.ts';
import { ByteLru } from './byte-lru.ts';
import { objectCorrupt, objectNotFound, type GitObject } from './git-object.ts';
import { readLooseObject } from './loose-object.ts';
import { openPackFile, type PackFile } from './pack-file.ts';

export interface ObjectReader {
  /**
   * The content of a blob. Rejects with PitwallError OBJECT_NOT_FOUND when no
   * object has the oid, OBJECT_TYPE_MISMATCH when it is not a blob, and
   * OBJECT_CORRUPT when the object database cannot be read.
   */
  readBlob(oid: string): Promise<Buffer>;
  /** Any object by its oid, with its type; the same errors as readBlob but OBJECT_TYPE_MISMATCH. */
  readObject(oid: string): Promise<GitObject>;
  /** Closes the pack files. The reader cannot be used afterwards. */
  close(): void;
}

export interface ObjectReaderOptions {
  /** Bytes of resolved delta bases kept; default 64 MiB. */
  baseCacheBytes?: number;
}

const DEFAULT_BASE_CACHE_BYTES = 64 * 1024 * 1024;
/** Pack offsets stay below 2^40 (1 TiB), so `serial * 2^40 + offset` is a unique cache key. */
const PACK_KEY_SPAN = 2 ** 40;
const OID_PATTERN = /^[0-9a-f]{40}$/;

/** Opens the object database of `gitdir`. Packs are found on first use, and again whenever an object is missing. */
export function createObjectReader(gitdir: string, options: ObjectReaderOptions = {}): ObjectReader {
  const objectDirs = [join(gitdir, 'objects'), ...readAlternates(join(gitdir, 'objects'))];
  const bases = new ByteLru<number, GitObject>(options.baseCacheBytes ?? DEFAULT_BASE_CACHE_BYTES, (object) => object.data.length);
  const packs: PackFile[] = [];
  const packPaths = new Set<string>();
  /** REF_DELTA bases being looked up: a base that needs itself means the packs are corrupt. */
  const resolving = new Set<string>();
  let scanned = false;
  let closed = false;

  /** Opens the packs not seen before; returns how many there were. */
  function scanPacks(): number {
    const before = packs.length;
    for (const dir of objectDirs) {
      const packDir = join(dir, 'pack');
      let names: string[];
      try {
        names = readdirSync(packDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const name of names.sort()) {
        if (!name.startsWith('pack-') || !name.endsWith('.idx')) continue;
        const packPath = join(packDir, `${name.slice(0, -'.idx'.length)}.pack`);
        if (packPaths.has(packPath)) continue;
        let pack: PackFile;
        try {
          pack = openPackFile(packPath, { bases, keyBase: packPaths.size * PACK_KEY_SPAN, findExternal: findObject });
        } catch (error) {
          // A pack being written (no .pack yet) or removed by a concurrent gc.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw error;
        }
        packPaths.add(packPath);
        packs.push(pack);
      }
    }
    scanned = true;
    return packs.length - before;
  }

  function findIn(from: number, oid: Buffer, hex: string): GitObject | null {
    for (let i = from; i < packs.length; i++) {
      const found = packs[i]!.readObject(oid);
      if (found !== null) return found;
    }
    if (from > 0) return null;
    for (const dir of objectDirs) {
      const found = readLooseObject(dir, hex);
      if (found !== null) return found;
    }
    return null;
  }

  function findObject(oid: Buffer): GitObject | null {
    const hex = oid.toString('hex');
    if (resolving.has(hex)) throw objectCorrupt(join(gitdir, 'objects'), `the delta base ${hex} is built from itself`);
    resolving.add(hex);
    try {
      if (!scanned) scanPacks();
      const found = findIn(0, oid, hex);
      if (found !== null) return found;
      const known = packs.length;
      return scanPacks() > 0 ? findIn(known, oid, hex) : null;
    } finally {
      resolving.delete(hex);
    }
  }

  function readObject(oid: string): GitObject {
    if (closed) throw new PitwallError('OBJECT_READER_CLOSED', `Cannot read git object "${oid}": the object reader was closed`);
    if (!OID_PATTERN.test(oid)) {
      throw new PitwallError('OBJECT_ID_INVALID', `Cannot read git object "${oid}": an object id is 40 lowercase hex digits`);
    }
    const found = findObject(Buffer.from(oid, 'hex'));
    if (found === null) throw objectNotFound(oid, gitdir);
    return found;
  }

  return {
    async readObject(oid) {
      return readObject(oid);
    },
    async readBlob(oid) {
      const found = readObject(oid);
      if (found.type !== 'blob') {
        throw new PitwallError('OBJECT_TYPE_MISMATCH', `Cannot read git object "${oid}" as a blob: it is a ${found.type}`, {
          hint: 'Pass the oid of a file, not of a folder or commit',
        });
      }
      return found.data;
    },
    close() {
      closed = true;
      for (const pack of packs) pack.close();
      packs.length = 0;
      bases.clear();
    },
  };
}

/** Object folders named by `objects/info/alternates`, one level deep (git allows chains; none are followed). */
function readAlternates(objectsDir: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(objectsDir, 'info', 'alternates'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (isAbsolute(line) ? line : resolve(objectsDir, line)));
}

/** Reads a blob directly for speed; isomorphic-git still reads what the direct reader cannot find. */
export async function readBlobWithFallback(repo: ResultsRepo, reader: ObjectReader, oid: string): Promise<Buffer> {
  try {
    return await reader.readBlob(oid);
  } catch (error) {
    if (!isPitwallError(error) || error.code !== 'OBJECT_NOT_FOUND') throw error;
    const { blob } = await git.readBlob({ fs: repo.fs, gitdir: repo.gitdir, oid, cache: repo.cache });
    return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  }
}
