/**
 * How noisy a series is, measured from commit-to-commit differences so that a
 * past step (one large difference) barely moves the estimate.
 */
import { measureBimodality } from './bimodal.ts';
import { isDeterministic } from './deterministic.ts';
import { logValues, MAD_TO_SIGMA, mad, median, quartiles } from './stats.ts';

/** Values that are all > 0 are analysed as logarithms (relative changes); others on their own scale. */
export type Scale = 'log' | 'raw';

/**
 * What σ rests on:
 * - `differences`: the MAD of all consecutive differences;
 * - `non-zero differences`: many values repeat exactly (quantized or
 *   zero-inflated noise), which collapses the MAD, so σ comes from the
 *   differences that are not 0;
 * - `exact`: the series is deterministic (runs of identical values, or points
 *   whose samples are identical): σ is 0 and any change of at least the floor
 *   is real;
 * - `too few changes`: too few non-zero differences to tell noise from steps;
 *   σ is a rough stand-in (the mean absolute difference) and verdicts are weak.
 */
export type NoiseBasis = 'differences' | 'non-zero differences' | 'exact' | 'too few changes';

export interface Noise {
  /**
   * Relative noise of one point: 1.4826 × MAD of consecutive log differences / √2
   * (0.01 = 1 %). On the raw scale, of the raw differences divided by |median|.
   * See `basis` for series whose values repeat exactly.
   */
  sigma: number;
  basis: NoiseBasis;
  /** The values alternate between two levels (bimodal.ts): changes are then judged on ranks. */
  bimodal: boolean;
  /**
   * Smallest relative change between two single points treated as real:
   * max(fence, floor). Compare a commit with its parent against this.
   */
  threshold: number;
  /** Q3 + 3 × IQR of |consecutive relative changes| (the rustc-perf fence); 0 with fewer than 4 differences. */
  fence: number;
  /** Smallest relative change that matters for this metric, whatever the statistics say. */
  floor: number;
  /** Number of points. */
  n: number;
  scale: Scale;
  /** Median over points of the relative spread (1.4826 × MAD / |median|) of a point's own samples. */
  spreadFromSamples?: number;
  /** Median over points of that spread / √(samples): how precisely a point's samples fix its level. */
  errorFromSamples?: number;
}

export interface NoiseOptions {
  unit: string | null;
  /** Overrides the unit's default floor (config `metrics[].threshold`). */
  floor?: number | null;
  /** Samples of each point, aligned with the values; points without samples are skipped. */
  samples?: ReadonlyArray<ArrayLike<number> | null | undefined>;
}

const TIME_UNITS = new Set(['s', 'sec', 'secs', 'second', 'seconds', 'ms', 'us', 'µs', 'μs', 'ns', 'ps', 'min']);
const MEMORY_UNITS = new Set(['b', 'byte', 'bytes', 'kb', 'kib', 'mb', 'mib', 'gb', 'gib']);

/**
 * Default floor by unit: counted instructions 0.2 %, times 1 %, bytes 0.1 %,
 * anything else 1 %. A suffix like "/iter" or "/op" keeps the unit's kind.
 */
export function defaultFloor(unit: string | null): number {
  if (unit === null) return 0.01;
  const base = unit.trim().toLowerCase().replace(/\/(iter|op|call|run)$/, '');
  if (base === 'instructions' || base === 'instr' || base === 'instructions:u') return 0.002;
  if (TIME_UNITS.has(base)) return 0.01;
  if (MEMORY_UNITS.has(base)) return 0.001;
  return 0.01;
}

/** Relative consecutive differences: log differences on the log scale, raw differences over |median| otherwise. */
export function relativeDifferences(values: ArrayLike<number>, scale: Scale): Float64Array {
  const n = values.length;
  const out = new Float64Array(Math.max(0, n - 1));
  if (scale === 'log') {
    for (let i = 1; i < n; i++) out[i - 1] = Math.log((values[i] as number) / (values[i - 1] as number));
    return out;
  }
  const level = Math.abs(median(values));
  const divisor = level > 0 ? level : 1;
  for (let i = 1; i < n; i++) out[i - 1] = ((values[i] as number) - (values[i - 1] as number)) / divisor;
  return out;
}

export function chooseScale(values: ArrayLike<number>): Scale {
  for (let i = 0; i < values.length; i++) if (!((values[i] as number) > 0)) return 'raw';
  return 'log';
}

/** σ of one point estimated from differences: robust to steps and to a slow drift. */
export function sigmaFromDifferences(diffs: ArrayLike<number>): number {
  if (diffs.length === 0) return 0;
  return (MAD_TO_SIGMA * mad(diffs)) / Math.SQRT2;
}

/** From this share of exactly-zero differences on, the MAD is pulled towards 0 and the non-zero ones decide. */
const TIED_SHARE = 0.2;
/** Fewer non-zero differences than this cannot tell noise from a few steps. */
const MIN_MOVES = 5;

/**
 * σ of one point that survives ties. Where many consecutive values are
 * exactly equal (a coarse timer, a cache that mostly hits, a counter that
 * rarely moves), the difference series is a mixture of "no change" and
 * noise: the MAD of all differences then understates the noise, down to 0
 * once half of them are 0, and every ordinary move looks like a huge change.
 * The non-zero differences alone measure the moves (1.4826 × their median
 * |d| / √2, a conservative σ: the zeros that noise produced are left out).
 * With fewer than MIN_MOVES of them there is no telling: the mean |d| stands
 * in and the basis says so.
 */
export function estimateSigma(diffs: ArrayLike<number>): { sigma: number; basis: NoiseBasis } {
  const n = diffs.length;
  if (n === 0) return { sigma: 0, basis: 'too few changes' };
  const moves: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = diffs[i] as number;
    if (d !== 0) moves.push(Math.abs(d));
  }
  const all = sigmaFromDifferences(diffs);
  if (moves.length === n || (n - moves.length) / n < TIED_SHARE) return { sigma: all, basis: 'differences' };
  if (moves.length < MIN_MOVES) {
    let sum = 0;
    for (const m of moves) sum += m;
    // E|d| = σ·2/√π for d the difference of two N(0, σ²) points.
    return { sigma: ((sum / n) * Math.sqrt(Math.PI)) / 2, basis: 'too few changes' };
  }
  return { sigma: Math.max(all, (MAD_TO_SIGMA * median(moves)) / Math.SQRT2), basis: 'non-zero differences' };
}

/**
 * Per point with samples: the relative spread of its samples (1.4826 × MAD / |median|)
 * and the standard error of their median-based level (spread / √n). Medians over points.
 */
function spreadOf(samples: ReadonlyArray<ArrayLike<number> | null | undefined>): { spread: number; error: number } | undefined {
  const spreads: number[] = [];
  const errors: number[] = [];
  for (const s of samples) {
    if (s === null || s === undefined || s.length < 2) continue;
    const center = median(s);
    if (center === 0) continue;
    const spread = (MAD_TO_SIGMA * mad(s, center)) / Math.abs(center);
    spreads.push(spread);
    errors.push(spread / Math.sqrt(s.length));
  }
  return spreads.length === 0 ? undefined : { spread: median(spreads), error: median(errors) };
}

/** Noise of a series of finite values in commit order. */
export function estimateNoise(values: ArrayLike<number>, options: NoiseOptions): Noise {
  const floor = options.floor ?? defaultFloor(options.unit);
  const scale = chooseScale(values);
  const diffs = relativeDifferences(values, scale);
  const exact = isDeterministic(values, options.samples);
  const { sigma, basis } = exact ? { sigma: 0, basis: 'exact' as const } : estimateSigma(diffs);
  let fence = 0;
  if (diffs.length >= 4) {
    const changes = new Float64Array(diffs.length);
    for (let i = 0; i < diffs.length; i++) changes[i] = Math.abs(scale === 'log' ? Math.expm1(diffs[i] as number) : (diffs[i] as number));
    const { q3, iqr } = quartiles(changes);
    fence = exact ? 0 : q3 + 3 * iqr;
  }
  const bimodal = !exact && measureBimodality(scale === 'log' ? logValues(values) : values).bimodal;
  const noise: Noise = { sigma, basis, bimodal, threshold: Math.max(fence, floor), fence, floor, n: values.length, scale };
  if (options.samples !== undefined) {
    const fromSamples = spreadOf(options.samples);
    if (fromSamples !== undefined) {
      noise.spreadFromSamples = fromSamples.spread;
      noise.errorFromSamples = fromSamples.error;
    }
  }
  return noise;
}
