/**
 * The best set of changes among candidate positions: the partition that
 * minimises the squared error of a constant per segment plus `penalty` per
 * change, found exactly by dynamic programming over the candidates, O(K²) for
 * K candidates. Choosing globally rather than dropping candidates one by one
 * keeps the answer from depending on the order of removal.
 */

export interface PartitionOptions {
  penalty: number;
  /** Fewest points in a segment, except the newest. */
  minSegment: number;
  /** Fewest points in the newest segment. */
  minTail: number;
}

/** prefix[i] = z[0]² + … + z[i − 1]². */
export function prefixSquares(z: ArrayLike<number>): Float64Array {
  const prefix = new Float64Array(z.length + 1);
  for (let i = 0; i < z.length; i++) prefix[i + 1] = (prefix[i] as number) + (z[i] as number) ** 2;
  return prefix;
}

/** Squared error of [a, b) around its mean. */
function segmentCost(sum: Float64Array, squares: Float64Array, a: number, b: number): number {
  const s = (sum[b] as number) - (sum[a] as number);
  return (squares[b] as number) - (squares[a] as number) - (s * s) / (b - a);
}

/**
 * Chosen change indices (ascending) among `candidates` (ascending, each the
 * first index of a new segment) for a series of length n.
 */
export function selectOptimalPartition(
  sum: Float64Array,
  squares: Float64Array,
  candidates: readonly number[],
  options: PartitionOptions,
): number[] {
  const n = sum.length - 1;
  const positions = [0, ...candidates, n];
  const k = positions.length;
  const best = new Float64Array(k).fill(Infinity);
  const from = new Int32Array(k).fill(-1);
  best[0] = 0;
  for (let j = 1; j < k; j++) {
    const end = positions[j] as number;
    const minLength = j === k - 1 ? options.minTail : options.minSegment;
    const charge = j === k - 1 ? 0 : options.penalty;
    for (let i = 0; i < j; i++) {
      const start = positions[i] as number;
      if (end - start < minLength || best[i] === Infinity) continue;
      // The first segment needs minSegment points too, even when it is also the last.
      if (i === 0 && end - start < Math.min(options.minSegment, n)) continue;
      const cost = (best[i] as number) + segmentCost(sum, squares, start, end) + charge;
      if (cost < (best[j] as number)) {
        best[j] = cost;
        from[j] = i;
      }
    }
  }
  const chosen: number[] = [];
  for (let j = from[k - 1] as number; j > 0; j = from[j] as number) chosen.push(positions[j] as number);
  return chosen.reverse();
}
