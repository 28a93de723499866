/**
 * Bimodal noise: runs that land in one of two machine states (a fast and a
 * slow one: another core, a cold cache, a second machine type behind one
 * name), so that the values alternate between two levels. For such a series
 * the median jumps from one level to the other whenever the share of slow runs
 * crosses one half, and a change of that share looks like a change of speed.
 *
 * Recognised on the residuals from a running median (which follows steps and
 * drifts, so they do not count as modes): the best split of the sorted
 * residuals into two groups (least squares, 1-D two-means) must leave two
 * well separated groups, Ashman's D = √2·|μ1 − μ2| / √(s1² + s2²) of at least
 * SEPARATION, and the smaller must hold at least MIN_SHARE of the points.
 * Gaussian noise gives D ≈ 2.6 for that split, heavy-tailed noise less;
 * two states 4σ apart give about 4.
 */
import { median } from './stats.ts';

const SEPARATION = 3.2;
const MIN_SHARE = 0.15;
/** Points per block the modes are looked for in. */
const BLOCK = 60;
const MIN_BLOCKS = 5;

export interface Bimodality {
  bimodal: boolean;
  /** Ashman's D of the best two-group split of the residuals. */
  separation: number;
  /** Share of points in the smaller group. */
  share: number;
}

/**
 * The levels of the two states in `values`: the medians of the two groups of
 * their best two-group split (each at least MIN_SHARE of the points).
 */
export function measureModes(values: ArrayLike<number>): { low: number; high: number } {
  const sorted = Float64Array.from(values);
  const { at } = splitInTwo(sorted);
  if (at < 0) {
    const m = median(sorted);
    return { low: m, high: m };
  }
  return { low: median(sorted.subarray(0, at)), high: median(sorted.subarray(at)) };
}

/** Ashman's D and the smaller share of the best two-group split of `values` (sorted in place), and where it splits. */
function splitInTwo(values: Float64Array): { separation: number; share: number; at: number } {
  const r = values.sort();
  const n = r.length;
  const sum = new Float64Array(n + 1);
  const squares = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    sum[i + 1] = (sum[i] as number) + (r[i] as number);
    squares[i + 1] = (squares[i] as number) + (r[i] as number) ** 2;
  }
  const cost = (a: number, b: number) => (squares[b] as number) - (squares[a] as number) - ((sum[b] as number) - (sum[a] as number)) ** 2 / (b - a);
  let best = -1;
  let bestCost = Infinity;
  const least = Math.max(2, Math.ceil(n * MIN_SHARE));
  for (let k = least; k <= n - least; k++) {
    const c = cost(0, k) + cost(k, n);
    if (c < bestCost) {
      bestCost = c;
      best = k;
    }
  }
  if (best < 0) return { separation: 0, share: 0, at: -1 };
  const m1 = (sum[best] as number) / best;
  const m2 = ((sum[n] as number) - (sum[best] as number)) / (n - best);
  const spread = Math.sqrt(cost(0, best) / Math.max(1, best - 1) + cost(best, n) / Math.max(1, n - best - 1));
  const separation = spread > 0 ? (Math.SQRT2 * Math.abs(m2 - m1)) / spread : m1 === m2 ? 0 : Infinity;
  return { separation, share: Math.min(best, n - best) / n, at: best };
}

/**
 * Whether values (in the analysis scale) alternate between two levels; see the
 * file comment. Measured per block of BLOCK points (overlapping by half) and
 * summarised by the median over blocks, so that a step, which splits the one
 * or two blocks it falls in, does not count, while a mixture that holds over
 * the history does, whichever state has the majority in each block.
 */
export function measureBimodality(y: ArrayLike<number>): Bimodality {
  const n = y.length;
  // Fewer blocks than this cannot outvote the one or two a step splits.
  if (n < (MIN_BLOCKS + 1) * (BLOCK / 2)) return { bimodal: false, separation: 0, share: 0 };
  const separations: number[] = [];
  const shares: number[] = [];
  const step = BLOCK / 2;
  for (let from = 0; from + BLOCK <= n; from += step) {
    const block = new Float64Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) block[i] = y[from + i] as number;
    const split = splitInTwo(block);
    separations.push(split.separation);
    shares.push(split.share);
  }
  const separation = median(separations);
  const share = median(shares);
  return { bimodal: separation >= SEPARATION && share >= MIN_SHARE, separation, share };
}
