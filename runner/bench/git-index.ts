/**
 * Writes a git index (the "dircache", version 2) for files pitwall has just
 * written, so that a checkout is a git repository whose `git status` is clean
 * and `git ls-files` lists the commit's files, without running git.
 *
 * Format: "DIRC", version, entry count; per entry the stat data, mode, object
 * id, flags and NUL-padded path, sorted by path bytes; a SHA-1 of it all last.
 * With the real stat data git trusts the entries as they are and rehashes no
 * file.
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';

export interface IndexEntry {
  /** Path from the top of the working tree, "/"-separated. */
  path: string;
  /** Object id (40 hex digits): a blob, or a commit for a submodule. */
  oid: string;
  /** Mode as in a tree: "100644", "100755", "120000" or "160000". */
  mode: string;
  /** lstat of the written file; null for a submodule, whose folder stays empty. */
  stats: BigIntStats | null;
}

const HEADER_BYTES = 12;
/** The fixed part of an entry: ten 32-bit stat fields, 20 bytes of id, 16 bits of flags. */
const ENTRY_FIXED_BYTES = 62;
const MAX_NAME_LENGTH = 0xfff;
const UINT32 = 0xffffffffn;
const NS_PER_S = 1_000_000_000n;

export function formatGitIndex(entries: readonly IndexEntry[]): Buffer {
  const rows = entries.map((entry) => ({ entry, name: Buffer.from(entry.path, 'utf8') })).sort((a, b) => Buffer.compare(a.name, b.name));
  let size = HEADER_BYTES;
  for (const { name } of rows) size += paddedLength(name.length);
  const out = Buffer.alloc(size + 20);
  out.write('DIRC', 0, 'latin1');
  out.writeUInt32BE(2, 4);
  out.writeUInt32BE(rows.length, 8);
  let at = HEADER_BYTES;
  for (const { entry, name } of rows) {
    const s = entry.stats;
    const fields = s === null
      ? [0n, 0n, 0n, 0n, 0n, 0n]
      : [s.ctimeNs / NS_PER_S, s.ctimeNs % NS_PER_S, s.mtimeNs / NS_PER_S, s.mtimeNs % NS_PER_S, s.dev, s.ino];
    fields.forEach((value, i) => out.writeUInt32BE(Number(value & UINT32), at + 4 * i));
    out.writeUInt32BE(indexMode(entry.mode), at + 24);
    out.writeUInt32BE(s === null ? 0 : Number(s.uid & UINT32), at + 28);
    out.writeUInt32BE(s === null ? 0 : Number(s.gid & UINT32), at + 32);
    out.writeUInt32BE(s === null ? 0 : Number(s.size & UINT32), at + 36);
    out.write(entry.oid, at + 40, 'hex');
    out.writeUInt16BE(Math.min(name.length, MAX_NAME_LENGTH), at + 60);
    name.copy(out, at + 62);
    at += paddedLength(name.length);
  }
  createHash('sha1').update(out.subarray(0, size)).digest().copy(out, size);
  return out;
}

/** An entry is padded with 1 to 8 NUL bytes to a multiple of 8. */
function paddedLength(nameLength: number): number {
  return Math.floor((ENTRY_FIXED_BYTES + nameLength + 8) / 8) * 8;
}

/** Object type in the high bits, permissions (0755/0644, none for links) below. */
function indexMode(mode: string): number {
  switch (mode) {
    case '100755': return 0o100755;
    case '120000': return 0o120000;
    case '160000': return 0o160000;
    default: return 0o100644;
  }
}
