/** Loose objects: `objects/ab/cdef…`, each one zlib stream of `<type> <size>\0<content>`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { objectCorrupt, type GitObject, type ObjectType } from './git-object.ts';

const TYPES: ReadonlySet<string> = new Set<ObjectType>(['commit', 'tree', 'blob', 'tag']);
/** Longest header git writes: "commit " and a 20-digit size, then the NUL. */
const MAX_HEADER = 32;

/** The loose object `oid` (40 hex digits) under `objectsDir`, or null when there is none. */
export function readLooseObject(objectsDir: string, oid: string): GitObject | null {
  const path = join(objectsDir, oid.slice(0, 2), oid.slice(2));
  let compressed: Buffer;
  try {
    compressed = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(compressed);
  } catch (cause) {
    throw objectCorrupt(path, 'the file does not inflate', cause);
  }
  const nul = raw.subarray(0, MAX_HEADER).indexOf(0);
  const header = /^([a-z]+) ([0-9]+)$/.exec(raw.toString('latin1', 0, Math.max(nul, 0)));
  if (header === null) throw objectCorrupt(path, 'the object has no "<type> <size>" header');
  const type = header[1]!;
  const size = Number(header[2]);
  if (!TYPES.has(type)) throw objectCorrupt(path, `the object has the unknown type "${type}"`);
  const data = raw.subarray(nul + 1);
  if (data.length !== size) throw objectCorrupt(path, `the object holds ${data.length} bytes, its header says ${size}`);
  return { type: type as ObjectType, data };
}
