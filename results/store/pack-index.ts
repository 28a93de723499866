/**
 * Git pack index files (`objects/pack/pack-*.idx`), versions 1 and 2: which
 * objects a pack holds and where each entry starts. See git's
 * Documentation/gitformat-pack.txt. SHA-1 repositories only.
 */

const OID_BYTES = 20;
const FANOUT_BYTES = 256 * 4;
const V2_MAGIC = 0xff744f63; // "\377tOc"

/** Thrown for an index that is not a valid version 1 or 2 pack index. */
export class PackIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackIndexError';
  }
}

export interface PackIndex {
  /** Number of objects in the pack. */
  readonly count: number;
  /** The pack's trailing checksum, as the index records it. */
  readonly packChecksum: Buffer;
  /** The offset of the object's entry in the pack, or -1 when the pack lacks it. */
  findOffset(oid: Buffer): number;
  /** Every entry offset, ascending: an entry ends where the next one starts. */
  listOffsets(): Float64Array;
}

/** Parses an index file's bytes. The buffer is kept: lookups search it in place. */
export function parsePackIndex(data: Buffer): PackIndex {
  if (data.length >= 8 && data.readUInt32BE(0) === V2_MAGIC) {
    const version = data.readUInt32BE(4);
    if (version !== 2) throw new PackIndexError(`version ${version} is not supported (only 1 and 2)`);
    return parseV2(data);
  }
  return parseV1(data);
}

function readFanout(data: Buffer, at: number): Uint32Array {
  if (data.length < at + FANOUT_BYTES) throw new PackIndexError('the file ends inside the fan-out table');
  const fanout = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    fanout[i] = data.readUInt32BE(at + i * 4);
    if (i > 0 && fanout[i]! < fanout[i - 1]!) throw new PackIndexError('the fan-out table is not sorted');
  }
  return fanout;
}

/**
 * Binary search for `oid` among the sorted oids at `oidsAt + i * stride`,
 * within the fan-out range of its first byte. Returns the position or -1.
 */
function search(data: Buffer, fanout: Uint32Array, oidsAt: number, stride: number, oid: Buffer): number {
  const first = oid[0]!;
  let low = first === 0 ? 0 : fanout[first - 1]!;
  let high = fanout[first]!;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const at = oidsAt + mid * stride;
    // Compares the stored oid (source) with the wanted one (target).
    const order = data.compare(oid, 0, OID_BYTES, at, at + OID_BYTES);
    if (order === 0) return mid;
    if (order > 0) high = mid;
    else low = mid + 1;
  }
  return -1;
}

function parseV2(data: Buffer): PackIndex {
  const fanout = readFanout(data, 8);
  const count = fanout[255]!;
  const oidsAt = 8 + FANOUT_BYTES;
  const offsetsAt = oidsAt + count * (OID_BYTES + 4); // past the oids and their CRC32s
  const largeAt = offsetsAt + count * 4;
  if (data.length < largeAt + 2 * OID_BYTES) throw new PackIndexError(`the file is too short for ${count} objects`);
  const largeCount = (data.length - largeAt - 2 * OID_BYTES) / 8;
  if (!Number.isInteger(largeCount)) throw new PackIndexError('the large-offset table has a partial entry');
  return {
    count,
    packChecksum: data.subarray(data.length - 2 * OID_BYTES, data.length - OID_BYTES),
    findOffset(oid) {
      const position = search(data, fanout, oidsAt, OID_BYTES, oid);
      return position === -1 ? -1 : offsetAt(position);
    },
    listOffsets() {
      const offsets = new Float64Array(count);
      for (let i = 0; i < count; i++) offsets[i] = offsetAt(i);
      return offsets.sort();
    },
  };

  function offsetAt(position: number): number {
    const small = data.readUInt32BE(offsetsAt + position * 4);
    // The high bit marks an index into the 8-byte table for offsets past 2 GiB.
    if ((small & 0x80000000) === 0) return small;
    const large = small & 0x7fffffff;
    if (large >= largeCount) throw new PackIndexError(`large offset ${large} is past the end of its table`);
    const offset = data.readBigUInt64BE(largeAt + large * 8);
    if (offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new PackIndexError(`offset ${offset} is too large`);
    return Number(offset);
  }
}

function parseV1(data: Buffer): PackIndex {
  const fanout = readFanout(data, 0);
  const count = fanout[255]!;
  const entriesAt = FANOUT_BYTES;
  const stride = 4 + OID_BYTES;
  if (data.length !== entriesAt + count * stride + 2 * OID_BYTES) throw new PackIndexError(`the file does not have the length of a version 1 index of ${count} objects`);
  return {
    count,
    packChecksum: data.subarray(data.length - 2 * OID_BYTES, data.length - OID_BYTES),
    findOffset(oid) {
      const position = search(data, fanout, entriesAt + 4, stride, oid);
      return position === -1 ? -1 : data.readUInt32BE(entriesAt + position * stride);
    },
    listOffsets() {
      const offsets = new Float64Array(count);
      for (let i = 0; i < count; i++) offsets[i] = data.readUInt32BE(entriesAt + i * stride);
      return offsets.sort();
    },
  };
}
