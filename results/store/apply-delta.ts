/**
 * Git's delta format (used by OBJ_OFS_DELTA and OBJ_REF_DELTA pack entries):
 * two size varints (base, result), then opcodes that either copy a range of
 * the base or insert literal bytes that follow the opcode.
 */

const SHORT_RUN = 24;

/** Thrown for a delta that does not fit its base or its own declared sizes. */
export class DeltaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeltaError';
  }
}

/** Reads a little-endian base-128 size at `at`; returns it and the position after it. */
function readSize(delta: Buffer, at: number): [size: number, next: number] {
  let size = 0;
  let scale = 1;
  let byte: number;
  do {
    if (at >= delta.length) throw new DeltaError('the delta ends inside its header');
    byte = delta[at++]!;
    size += (byte & 0x7f) * scale;
    scale *= 128;
  } while ((byte & 0x80) !== 0);
  return [size, at];
}

/**
 * Deltas between similar text files are mostly short runs: a view per run
 * costs more than the bytes, so short runs are copied by hand.
 */
function copyBytes(from: Buffer, start: number, length: number, to: Buffer, at: number): void {
  if (length < SHORT_RUN) {
    for (let i = 0; i < length; i++) to[at + i] = from[start + i]!;
  } else {
    from.copy(to, at, start, start + length);
  }
}

/** The object that `delta` makes from `base`. Throws DeltaError when they do not match. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let [baseSize, at] = readSize(delta, 0);
  if (baseSize !== base.length) throw new DeltaError(`the delta expects a base of ${baseSize} bytes, the base has ${base.length}`);
  let resultSize: number;
  [resultSize, at] = readSize(delta, at);
  const result = Buffer.allocUnsafe(resultSize);
  let out = 0;
  while (at < delta.length) {
    const op = delta[at++]!;
    if ((op & 0x80) !== 0) {
      // Copy: bits 0-3 say which offset bytes follow, bits 4-6 which size bytes.
      let offset = 0;
      let size = 0;
      if (op & 0x01) offset = delta[at++]!;
      if (op & 0x02) offset |= delta[at++]! << 8;
      if (op & 0x04) offset |= delta[at++]! << 16;
      if (op & 0x08) offset = (offset | (delta[at++]! << 24)) >>> 0;
      if (op & 0x10) size = delta[at++]!;
      if (op & 0x20) size |= delta[at++]! << 8;
      if (op & 0x40) size |= delta[at++]! << 16;
      if (size === 0) size = 0x10000;
      if (at > delta.length || offset + size > base.length || out + size > resultSize) {
        throw new DeltaError(`a copy of ${size} bytes from offset ${offset} does not fit`);
      }
      copyBytes(base, offset, size, result, out);
      out += size;
    } else if (op !== 0) {
      if (at + op > delta.length || out + op > resultSize) throw new DeltaError(`an insert of ${op} bytes does not fit`);
      copyBytes(delta, at, op, result, out);
      at += op;
      out += op;
    } else {
      throw new DeltaError('the delta holds the reserved opcode 0');
    }
  }
  if (out !== resultSize) throw new DeltaError(`the delta made ${out} bytes, its header says ${resultSize}`);
  return result;
}
