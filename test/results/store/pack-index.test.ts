import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PackIndexError, parsePackIndex } from '../../../results/store/pack-index.ts';

const oid = (first: number, fill: number): Buffer => Buffer.alloc(20, fill).fill(first, 0, 1);

/** A version 2 index of `entries` (sorted by oid), with raw 4-byte offset words and a large-offset table. */
function makeV2(entries: { oid: Buffer; word: number }[], large: bigint[], version = 2): Buffer {
  const head = Buffer.alloc(8 + 1024);
  head.writeUInt32BE(0xff744f63, 0);
  head.writeUInt32BE(version, 4);
  for (let byte = 0; byte < 256; byte++) head.writeUInt32BE(entries.filter((e) => e.oid[0]! <= byte).length, 8 + byte * 4);
  const words = Buffer.alloc(entries.length * 4);
  entries.forEach((e, i) => words.writeUInt32BE(e.word >>> 0, i * 4));
  const largeTable = Buffer.alloc(large.length * 8);
  large.forEach((value, i) => largeTable.writeBigUInt64BE(value, i * 8));
  return Buffer.concat([head, ...entries.map((e) => e.oid), Buffer.alloc(entries.length * 4), words, largeTable, Buffer.alloc(40, 7)]);
}

describe('parsePackIndex', () => {
  const a = oid(0x01, 0x11);
  const b = oid(0x80, 0x22);
  const c = oid(0x80, 0x33);
  const d = oid(0xff, 0x44);

  it('reads 4-byte offsets and offsets past 4 GiB from the large-offset table', () => {
    const index = parsePackIndex(makeV2([
      { oid: a, word: 12 },
      { oid: b, word: 0x80000001 },
      { oid: c, word: 0x7fffffff },
      { oid: d, word: 0x80000000 },
    ], [5_000_000_000n, 2n ** 40n + 7n]));
    assert.equal(index.count, 4);
    assert.equal(index.findOffset(a), 12);
    assert.equal(index.findOffset(b), 2 ** 40 + 7);
    assert.equal(index.findOffset(c), 0x7fffffff);
    assert.equal(index.findOffset(d), 5_000_000_000);
    assert.equal(index.findOffset(oid(0x80, 0x23)), -1);
    assert.equal(index.findOffset(oid(0x02, 0)), -1);
    assert.deepEqual([...index.listOffsets()], [12, 0x7fffffff, 5_000_000_000, 2 ** 40 + 7]);
    assert.ok(index.packChecksum.equals(Buffer.alloc(20, 7)));
  });

  it('rejects a large offset outside its table, an unknown version and a short file', () => {
    const outside = parsePackIndex(makeV2([{ oid: a, word: 0x80000002 }], [1n]));
    assert.throws(() => outside.findOffset(a), PackIndexError);
    assert.throws(() => parsePackIndex(makeV2([{ oid: a, word: 12 }], [], 3)), PackIndexError);
    assert.throws(() => parsePackIndex(makeV2([{ oid: a, word: 12 }, { oid: d, word: 99 }], []).subarray(0, 1100)), PackIndexError);
    assert.throws(() => parsePackIndex(Buffer.alloc(100)), PackIndexError);
  });

  it('reads a version 1 index', () => {
    const fanout = Buffer.alloc(1024);
    for (let byte = 0; byte < 256; byte++) fanout.writeUInt32BE((byte >= 0x01 ? 1 : 0) + (byte >= 0x80 ? 1 : 0), byte * 4);
    const entry = (offset: number, id: Buffer): Buffer => {
      const word = Buffer.alloc(4);
      word.writeUInt32BE(offset);
      return Buffer.concat([word, id]);
    };
    const index = parsePackIndex(Buffer.concat([fanout, entry(300, a), entry(12, b), Buffer.alloc(40)]));
    assert.equal(index.findOffset(a), 300);
    assert.equal(index.findOffset(b), 12);
    assert.equal(index.findOffset(c), -1);
    assert.deepEqual([...index.listOffsets()], [12, 300]);
  });
});
