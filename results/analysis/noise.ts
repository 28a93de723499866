/**
 * How noisy a series is, measured from commit-to-commit differences so that a
 * past step (one large difference) barely moves the estimate.
 */
import { MAD_TO_SIGMA, mad, median, quartiles } from './stats.ts';

/** Values that are all > 0 are analysed as logarithms (relative changes); others on their own scale. */
export type Scale = 'log' | 'raw';

export interface Noise {
  /**
   * Relative noise of one point: 1.4826 × MAD of consecutive log differences / √2
   * (0.01 = 1 %). On the raw scale, of the raw differences divided by |median|.
   */
  sigma: number;
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
  const sigma = sigmaFromDifferences(diffs);
  let fence = 0;
  if (diffs.length >= 4) {
    const changes = new Float64Array(diffs.length);
    for (let i = 0; i < diffs.length; i++) changes[i] = Math.abs(scale === 'log' ? Math.expm1(diffs[i] as number) : (diffs[i] as number));
    const { q3, iqr } = quartiles(changes);
    fence = q3 + 3 * iqr;
  }
  const noise: Noise = { sigma, threshold: Math.max(fence, floor), fence, floor, n: values.length, scale };
  if (options.samples !== undefined) {
    const fromSamples = spreadOf(options.samples);
    if (fromSamples !== undefined) {
      noise.spreadFromSamples = fromSamples.spread;
      noise.errorFromSamples = fromSamples.error;
    }
  }
  return noise;
}
