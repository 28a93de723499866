/**
 * Candidate change points by seeded binary segmentation (Kovács et al., 2020)
 * with narrowest-over-threshold selection (Baranowski et al., 2019).
 *
 * The statistic over a segment [s, e) split at k is the gain in squared error
 * of fitting two means instead of one, in noise units:
 *   gain = (k − s)(e − k) / (e − s) × (mean[s, k) − mean[k, e))²
 * Seeded intervals at every scale (each √2 as long as the last, overlapping
 * by half, at positions that do not move as the history grows) make the
 * search O(n log n), deterministic and stable from one commit to the next, and let a short-lived
 * change (a regression fixed a few commits later) be found in a short interval
 * where a long one would average it away. Taking the narrowest interval over
 * the threshold first localises each change well.
 */

/** prefix[i] = z[0] + … + z[i − 1]. */
export function prefixSums(z: ArrayLike<number>): Float64Array {
  const prefix = new Float64Array(z.length + 1);
  for (let i = 0; i < z.length; i++) prefix[i + 1] = (prefix[i] as number) + (z[i] as number);
  return prefix;
}

/** Gain of splitting [s, e) at k (see the file comment). */
export function splitGain(prefix: Float64Array, s: number, k: number, e: number): number {
  const left = k - s;
  const right = e - k;
  const d = ((prefix[k] as number) - (prefix[s] as number)) / left - ((prefix[e] as number) - (prefix[k] as number)) / right;
  return ((left * right) / (e - s)) * d * d;
}

export interface Split {
  /** First index of the right part. */
  index: number;
  gain: number;
}

/**
 * Best split of [s, e) with at least minLeft points left and minRight right,
 * optionally only between `lo` and `hi`; index −1 and gain −1 when none fits.
 */
export function bestSplit(prefix: Float64Array, s: number, e: number, minLeft: number, minRight: number, lo = -Infinity, hi = Infinity): Split {
  let index = -1;
  let gain = -1;
  const total = (prefix[e] as number) - (prefix[s] as number);
  const m = e - s;
  for (let k = Math.max(s + minLeft, lo); k <= Math.min(e - minRight, hi); k++) {
    const left = k - s;
    // (left·right/m)·(meanLeft − meanRight)² with a single division.
    const u = ((prefix[k] as number) - (prefix[s] as number)) * m - total * left;
    const g = (u * u) / (m * left * (m - left));
    if (g > gain) {
      gain = g;
      index = k;
    }
  }
  return { index, gain };
}

/**
 * Seeded intervals [start, end) as a flat array. Lengths grow from minLength
 * by √2 up to n, the whole series last. Intervals of each length start at
 * fixed positions, every half length from 0, so that a longer history holds
 * every interval a shorter one had: the candidates of old commits do not
 * depend on how many commits came after them. One interval of each length
 * also ends at n, so that the newest commits are searched at every scale.
 */
export function seededIntervals(n: number, minLength: number): Int32Array {
  const out: number[] = [0, n];
  for (let exponent = 0; ; exponent++) {
    const length = Math.round(minLength * Math.SQRT2 ** exponent);
    if (length >= n) break;
    const spacing = Math.max(1, Math.floor(length / 2));
    for (let start = 0; start + length <= n; start += spacing) out.push(start, start + length);
    if ((n - length) % spacing !== 0) out.push(n - length, n);
  }
  return Int32Array.from(out);
}

export interface CandidateOptions {
  /** A split is a candidate when its gain exceeds this. */
  penalty: number;
  /** Fewest points on each side of a split, except that the newest segment may be shorter. */
  minSegment: number;
  /** Fewest points after a split that ends at the newest point. */
  minTail: number;
}

/** Candidate change indices (ascending), by narrowest-over-threshold over the seeded intervals. */
export function findCandidates(z: Float64Array, options: CandidateOptions): number[] {
  const n = z.length;
  const minLength = Math.min(options.minSegment + options.minTail, 2 * options.minSegment);
  if (n < minLength) return [];
  const prefix = prefixSums(z);
  const intervals = seededIntervals(n, minLength);
  const found: { start: number; end: number; index: number; gain: number }[] = [];
  for (let i = 0; i < intervals.length; i += 2) {
    const start = intervals[i] as number;
    const end = intervals[i + 1] as number;
    const split = bestSplit(prefix, start, end, options.minSegment, end === n ? options.minTail : options.minSegment);
    if (split.gain > options.penalty) found.push({ start, end, index: split.index, gain: split.gain });
  }
  found.sort((a, b) => a.end - a.start - (b.end - b.start) || b.gain - a.gain || a.index - b.index);
  const chosen: number[] = [];
  for (const f of found) {
    if (chosen.some((c) => c > f.start && c < f.end)) continue;
    chosen.push(f.index);
  }
  return chosen.sort((a, b) => a - b);
}
