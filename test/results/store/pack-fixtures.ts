/**
 * Git object databases built for the object reader's tests: native git for
 * everything git writes, and a small hand-made pack for what it never leaves
 * on disk (a REF_DELTA whose base lives outside the pack).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/** Every object's content by oid, as native `git cat-file --batch` prints it. */
export function catFileBatch(gitdir: string, oids: readonly string[]): Map<string, Buffer> {
  const out = execFileSync('git', ['--git-dir', gitdir, 'cat-file', '--batch'], { input: `${oids.join('\n')}\n`, maxBuffer: 1 << 30 });
  const objects = new Map<string, Buffer>();
  let at = 0;
  while (at < out.length) {
    const headerEnd = out.indexOf(10, at);
    const [oid, type, size] = out.toString('latin1', at, headerEnd).split(' ');
    if (type === 'missing') throw new Error(`git cat-file cannot find ${oid}`);
    objects.set(oid!, out.subarray(headerEnd + 1, headerEnd + 1 + Number(size)));
    at = headerEnd + 1 + Number(size) + 1;
  }
  return objects;
}

export interface PackedEntry {
  oid: string;
  type: string;
  offset: number;
  /** Delta chain length; 0 for a whole object. */
  depth: number;
}

/** The entries of every pack in `gitdir`, from `git verify-pack -v`. */
export function listPackEntries(gitdir: string): PackedEntry[] {
  const packDir = path.join(gitdir, 'objects', 'pack');
  const idxFiles = readdirSync(packDir).filter((name) => name.endsWith('.idx'));
  const entries: PackedEntry[] = [];
  for (const idx of idxFiles) {
    const text = execFileSync('git', ['verify-pack', '-v', path.join(packDir, idx)], { encoding: 'utf8', maxBuffer: 1 << 28 });
    for (const line of text.split('\n')) {
      const fields = line.split(/\s+/);
      if (!/^[0-9a-f]{40}$/.test(fields[0] ?? '')) continue;
      entries.push({ oid: fields[0]!, type: fields[1]!, offset: Number(fields[4]), depth: fields.length > 6 ? Number(fields[5]) : 0 });
    }
  }
  return entries;
}

/** The type number in the first byte of the pack entry at `offset` (7 is OBJ_REF_DELTA, 6 OBJ_OFS_DELTA). */
export function readEntryKind(packFile: string, offset: number): number {
  return (readFileSync(packFile)[offset]! >> 4) & 7;
}

function writeSize(size: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = size & 0x7f;
    size = Math.floor(size / 128);
    if (size > 0) byte |= 0x80;
    bytes.push(byte);
  } while (size > 0);
  return bytes;
}

/** A delta that copies all of `base` (at most 16 MiB) and appends `suffix`. */
export function makeAppendDelta(base: Buffer, suffix: Buffer): Buffer {
  const bytes = [...writeSize(base.length), ...writeSize(base.length + suffix.length)];
  if (base.length > 0) bytes.push(0x80 | 0x10 | 0x20 | 0x40, base.length & 0xff, (base.length >> 8) & 0xff, (base.length >> 16) & 0xff);
  for (let at = 0; at < suffix.length; at += 127) {
    const chunk = suffix.subarray(at, at + 127);
    bytes.push(chunk.length, ...chunk);
  }
  return Buffer.from(bytes);
}

/** The first byte holds the type and the 4 low bits of the size; 7 more bits follow per byte. */
function writeEntryHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 0x0f);
  for (let rest = Math.floor(size / 16); rest > 0; rest = Math.floor(rest / 128)) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

export function hashBlob(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * Writes `pack-<sha>.pack` and a version 2 `.idx` into `packDir` holding one
 * blob stored as an OBJ_REF_DELTA against `base`. Git itself resolves such a
 * base only inside the same pack, so `includeBase` adds it (for checking this
 * writer against native git); without it the base must be found elsewhere.
 * Returns the new blob's oid and content.
 */
export function writeRefDeltaPack(packDir: string, base: Buffer, suffix: Buffer, options: { includeBase?: boolean } = {}): { oid: string; content: Buffer } {
  const content = Buffer.concat([base, suffix]);
  const oid = hashBlob(content);
  const delta = makeAppendDelta(base, suffix);
  const entries = [{ oid, bytes: Buffer.concat([writeEntryHeader(7, delta.length), Buffer.from(hashBlob(base), 'hex'), deflateSync(delta)]) }];
  if (options.includeBase === true) entries.unshift({ oid: hashBlob(base), bytes: Buffer.concat([writeEntryHeader(3, base.length), deflateSync(base)]) });
  const packHeader = Buffer.alloc(12);
  packHeader.write('PACK', 0, 'latin1');
  packHeader.writeUInt32BE(2, 4);
  packHeader.writeUInt32BE(entries.length, 8);
  const offsets: number[] = [];
  let at = packHeader.length;
  for (const entry of entries) {
    offsets.push(at);
    at += entry.bytes.length;
  }
  const body = Buffer.concat([packHeader, ...entries.map((e) => e.bytes)]);
  const packSum = createHash('sha1').update(body).digest();

  const sorted = entries.map((entry, i) => ({ ...entry, offset: offsets[i]! })).sort((a, b) => (a.oid < b.oid ? -1 : 1));
  const fanout = Buffer.alloc(8 + 1024);
  fanout.writeUInt32BE(0xff744f63, 0);
  fanout.writeUInt32BE(2, 4);
  for (let byte = 0; byte < 256; byte++) {
    fanout.writeUInt32BE(sorted.filter((e) => Number.parseInt(e.oid.slice(0, 2), 16) <= byte).length, 8 + byte * 4);
  }
  const table = (write: (e: (typeof sorted)[number]) => Buffer): Buffer => Buffer.concat(sorted.map(write));
  const u32 = (value: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    return b;
  };
  const idxBody = Buffer.concat([
    fanout,
    table((e) => Buffer.from(e.oid, 'hex')),
    table((e) => u32(crc32(e.bytes))),
    table((e) => u32(e.offset)),
    packSum,
  ]);
  const name = `pack-${packSum.toString('hex')}`;
  writeFileSync(path.join(packDir, `${name}.pack`), Buffer.concat([body, packSum]));
  writeFileSync(path.join(packDir, `${name}.idx`), Buffer.concat([idxBody, createHash('sha1').update(idxBody).digest()]));
  return { oid, content };
}
