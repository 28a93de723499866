import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyDelta, DeltaError } from '../../../results/store/apply-delta.ts';

/** Little-endian base-128, as delta headers store sizes. */
function size(value: number): number[] {
  const bytes: number[] = [];
  do {
    bytes.push((value & 0x7f) | (value >= 128 ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  return bytes;
}

describe('applyDelta', () => {
  const base = Buffer.alloc(200_000);
  for (let i = 0; i < base.length; i++) base[i] = (i * 7) % 251;

  it('copies ranges of the base and inserts literal bytes, in order', () => {
    const delta = Buffer.from([
      ...size(base.length), ...size(3 + 40 + 2 + 70_000),
      0x90, 3, // copy 3 bytes from offset 0
      0x91, 100, 40, // copy 40 bytes from offset 100
      2, 0x41, 0x42, // insert "AB"
      0x80 | 0x01 | 0x02 | 0x04 | 0x10 | 0x20 | 0x40, 0x0d, 0x15, 0x01, 0x70, 0x11, 0x01, // copy 70,000 bytes from offset 70,925
    ]);
    const expected = Buffer.concat([base.subarray(0, 3), base.subarray(100, 140), Buffer.from('AB'), base.subarray(70_925, 140_925)]);
    assert.ok(applyDelta(base, delta).equals(expected));
  });

  it('reads a copy size of zero as 65,536 bytes', () => {
    const delta = Buffer.from([...size(base.length), ...size(0x10000), 0x81, 5]);
    assert.ok(applyDelta(base, delta).equals(base.subarray(5, 5 + 0x10000)));
  });

  it('rejects a wrong base size, a copy past the base, the reserved opcode and a short result', () => {
    const cases = [
      Buffer.from([...size(base.length - 1), ...size(1), 0x90, 1]),
      Buffer.from([...size(base.length), ...size(10), 0x80 | 0x04 | 0x10, 0x04, 10]),
      Buffer.from([...size(base.length), ...size(1), 0]),
      Buffer.from([...size(base.length), ...size(5), 1, 0x41]),
      Buffer.from([...size(base.length), ...size(1), 5, 0x41]),
      Buffer.from([0x80]),
    ];
    for (const delta of cases) assert.throws(() => applyDelta(base, delta), DeltaError);
  });
});
