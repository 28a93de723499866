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
  let total = 0;
  let totalSquares = 0;
  for (let i = 0; i < n; i++) {
    total += r[i] as number;
    totalSquares += (r[i] as number) ** 2;
  }
  const least = Math.max(2, Math.ceil(n * MIN_SHARE));
  // Least squares of two groups = Σz² − S_left²/k − S_right²/(n − k): the best split maximises the last two terms.
  let left = 0;
  let leftSquares = 0;
  let best = -1;
  let bestScore = -Infinity;
  let bestLeft = 0;
  let bestLeftSquares = 0;
  for (let k = 1; k <= n - least; k++) {
    left += r[k - 1] as number;
    leftSquares += (r[k - 1] as number) ** 2;
    if (k < least) continue;
    const score = (left * left) / k + ((total - left) * (total - left)) / (n - k);
    if (score > bestScore) {
      bestScore = score;
      best = k;
      bestLeft = left;
      bestLeftSquares = leftSquares;
    }
  }
  if (best < 0) return { separation: 0, share: 0, at: -1 };
  const m1 = bestLeft / best;
  const m2 = (total - bestLeft) / (n - best);
  const v1 = Math.max(0, bestLeftSquares - bestLeft * m1) / Math.max(1, best - 1);
  const v2 = Math.max(0, totalSquares - bestLeftSquares - (total - bestLeft) * m2) / Math.max(1, n - best - 1);
  const spread = Math.sqrt(v1 + v2);
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
  const block = new Float64Array(BLOCK);
  for (let from = 0; from + BLOCK <= n; from += step) {
    for (let i = 0; i < BLOCK; i++) block[i] = y[from + i] as number;
    const split = splitInTwo(block);
    separations.push(split.separation);
    shares.push(split.share);
  }
  const separation = median(separations);
  const share = median(shares);
  return { bimodal: separation >= SEPARATION && share >= MIN_SHARE, separation, share };
}
