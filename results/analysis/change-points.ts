/**
 * Where a series changed level, by how much, and how sure we are.
 *
 * 0. A deterministic series (values that repeat exactly: sizes, counts) has
 *    no noise: every move of at least the floor is a change at its exact
 *    commit, confirmed once the new value repeats (deterministic.ts).
 * 1. Values are analysed as logarithms (changes are relative), or on their own
 *    scale when any value is ≤ 0 (then `scale` says "raw" on every change).
 * 2. They are put in noise units with σ from consecutive differences (from the
 *    non-zero ones where many values tie, noise.ts), and lone outliers are
 *    clipped to 3σ of their neighbourhood (outliers.ts).
 * 3. Candidates come from seeded binary segmentation over intervals at fixed
 *    positions (segmentation.ts).
 * 4. The optimal partition over the candidates is the first set. Each change
 *    is moved to the best split between its neighbours and kept while a test
 *    between its two adjacent segments gives p < `alpha` (Welch's; Student's
 *    for the newest few points; Mann-Whitney for a bimodal series), the shift
 *    is at least the floor, and it is a step of the local level beyond any
 *    local trend; the weakest failure is dropped, and rejected candidates come
 *    back when their neighbours change (confirm-changes.ts).
 *
 * A lone outlier cannot become a confirmed change: it is clipped, a segment
 * between two changes holds at least `minSegment` points, and only the newest
 * point may stand alone, as a tentative change.
 *
 * Non-finite values are refused (ANALYSIS_INVALID_INPUT) rather than dropped:
 * results records only hold finite numbers, so one here is a caller's bug, and
 * dropping it would shift every index after it.
 */
import { PitwallError } from '../errors.ts';
import type { Direction } from '../schema.ts';
import { measureBimodality } from './bimodal.ts';
import { findExactChanges, isDeterministic } from './deterministic.ts';
import { chooseScale, defaultFloor, estimateSigma, type Noise, type Scale } from './noise.ts';
import { clipOutliers } from './outliers.ts';
import { confirmCandidates, type JudgeContext } from './confirm-changes.ts';
import { findCandidates } from './segmentation.ts';
import { normalCritical, studentTCritical } from './distributions.ts';
import { MAD_TO_SIGMA, logRatioToPct, mad, median } from './stats.ts';

export type ChangeKind = 'regression' | 'improvement' | 'change';
export type ChangeStatus = 'tentative' | 'confirmed';
export type ChangeTest = 'exact' | 'welch' | 'student' | 'mann-whitney';

export interface ChangePoint {
  /** 0-based position of the first point after the change. */
  index: number;
  /** Median of the segment before the change (from the previous change or the start). */
  before: number;
  /** Median of the segment after it (to the next change or the end). */
  after: number;
  /** after / before − 1 in percent; on the raw scale, relative to |before|; null when before is 0. */
  changePct: number | null;
  /**
   * Confidence interval of changePct at level `ciLevel` (1 − alpha), from the
   * same test as `pValue`: it excludes 0 exactly when p < alpha. Null with
   * changePct.
   */
  ci: [number, number] | null;
  /** Level of `ci`: 1 − alpha (0.999 by default). */
  ciLevel: number;
  /**
   * Two-sided t-test between the two adjacent segments (outliers clipped):
   * Welch's, or Student's pooled test for a change among the newest 4 points,
   * whose own spread is too little known.
   */
  pValue: number;
  /** |shift| in units of the series noise σ; null for a deterministic series (σ = 0). */
  sizeInNoise: number | null;
  /**
   * How the change was judged: `exact` (a deterministic series: the values
   * differ and repeat, p = 0 and the interval is the change itself), `welch`
   * or `student` (t-test between the segments), `mann-whitney` (rank test, for
   * a bimodal series).
   */
  test: ChangeTest;
  kind: ChangeKind;
  /** Tentative while fewer than `confirmAfter` points follow the change. */
  status: ChangeStatus;
  /** Points from the change to the end of the series. */
  pointsAfter: number;
  scale: Scale;
}

export interface DetectOptions {
  /** From estimateNoise; when absent it is measured here. Its floor gates small changes. */
  noise?: Noise;
  direction: Direction;
  /** Floor used when `noise` is absent (relative, 0.01 = 1 %). Default: 1 %. */
  floor?: number;
  unit?: string | null;
  /** Fewest points between two changes (default 3). The newest segment may be shorter. */
  minSegment?: number;
  /** Points after a change needed to call it confirmed (default 5). */
  confirmAfter?: number;
  /** Significance level of the test between adjacent segments (default 0.001). */
  alpha?: number;
  /** Gain a split must exceed, in squared noise units (default 12 + 2 ln n). */
  penalty?: number;
  /**
   * Samples of each point, aligned with the values. They only bound σ from
   * below (the median over points of their relative spread / √count), which
   * keeps a short history from looking quieter than its runs are. Segment
   * tests use one value per commit: samples of one commit share its machine
   * state and would overstate certainty.
   */
  samples?: ReadonlyArray<ArrayLike<number> | null | undefined>;
}

/** Default level of the test between adjacent segments; the change's interval is at 1 − this. */
export const DEFAULT_ALPHA = 0.001;

/** Outliers are clipped to this many σ from their neighbourhood's median. */
const CLIP_SIGMA = 3;

export function defaultPenalty(n: number): number {
  return 12 + 2 * Math.log(Math.max(n, 2));
}

function validate(values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new PitwallError('ANALYSIS_INVALID_INPUT', `Cannot detect changes: value ${i} is ${String(v)}, not a finite number`, {
        hint: 'Remove or repair the point before analysing the series; results records only hold finite numbers',
      });
    }
  }
}

/** Values in the analysis scale: logs, or values over |median| so that shifts are relative. */
function transform(values: ArrayLike<number>, scale: Scale): { y: Float64Array; divisor: number } {
  const y = new Float64Array(values.length);
  if (scale === 'log') {
    for (let i = 0; i < values.length; i++) y[i] = Math.log(values[i] as number);
    return { y, divisor: 1 };
  }
  const level = Math.abs(median(values));
  const divisor = level > 0 ? level : 1;
  for (let i = 0; i < values.length; i++) y[i] = (values[i] as number) / divisor;
  return { y, divisor };
}

/** σ for the segmentation: the MAD estimate, or for values that mostly repeat exactly, the mean |difference|. */
function workingSigma(y: Float64Array, given: number | undefined): number {
  const diffs = new Float64Array(Math.max(0, y.length - 1));
  for (let i = 1; i < y.length; i++) diffs[i - 1] = (y[i] as number) - (y[i - 1] as number);
  const robust = given ?? estimateSigma(diffs).sigma;
  return robust > 0 ? robust : fallbackSigma(diffs);
}

/** Median over points of the standard error of a point's own samples, relative to their median. */
function sigmaFromSamples(samples: ReadonlyArray<ArrayLike<number> | null | undefined>): number {
  const errors: number[] = [];
  for (const s of samples) {
    if (s === null || s === undefined || s.length < 2) continue;
    const center = median(s);
    if (center !== 0) errors.push((MAD_TO_SIGMA * mad(s, center)) / Math.abs(center) / Math.sqrt(s.length));
  }
  return errors.length === 0 ? 0 : median(errors);
}

function fallbackSigma(diffs: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < diffs.length; i++) sum += Math.abs(diffs[i] as number);
  // E|d| = σ·2/√π for d the difference of two N(0, σ²) points.
  return diffs.length === 0 ? 0 : ((sum / diffs.length) * Math.sqrt(Math.PI)) / 2;
}

function kindOf(shift: number, direction: Direction): ChangeKind {
  if (direction === 0) return 'change';
  return shift * direction < 0 ? 'regression' : 'improvement';
}

/** Change points of a series in commit order; see the file comment for the method. */
export function detectChangePoints(values: ArrayLike<number>, options: DetectOptions): ChangePoint[] {
  validate(values);
  const n = values.length;
  if (n < 2) return [];
  const scale = chooseScale(values);
  const { y } = transform(values, scale);
  const floor = options.noise?.floor ?? options.floor ?? defaultFloor(options.unit ?? null);
  // A hair under the floor so that a change of exactly the floor passes despite rounding.
  const floorShift = (scale === 'log' ? Math.log1p(floor) : floor) * (1 - 1e-9);
  const exact = options.noise !== undefined ? options.noise.basis === 'exact' : isDeterministic(values, options.samples);
  if (exact) return describeExactChanges(values, scale, findExactChanges(values, scale, floorShift, options.samples), options.direction, options.alpha ?? DEFAULT_ALPHA);
  let sigma = workingSigma(y, options.noise !== undefined && options.noise.scale === scale ? options.noise.sigma : undefined);
  if (options.samples !== undefined && scale === 'log') sigma = Math.max(sigma, options.noise?.errorFromSamples ?? sigmaFromSamples(options.samples));
  if (!(sigma > 0)) return [];
  const center = median(y);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = ((y[i] as number) - center) / sigma;
  const zc = clipOutliers(z, CLIP_SIGMA);
  const ctx: JudgeContext = {
    penalty: options.penalty ?? defaultPenalty(n),
    alpha: options.alpha ?? DEFAULT_ALPHA,
    localAlpha: 0.001,
    sigma,
    floorShift,
    minSegment: Math.max(2, options.minSegment ?? 3),
    minTail: 1,
    ranks: options.noise?.bimodal ?? measureBimodality(y).bimodal,
  };
  const candidates = findCandidates(zc, { penalty: ctx.penalty, minSegment: ctx.minSegment, minTail: ctx.minTail });
  const verdicts = confirmCandidates(y, zc, candidates, ctx);
  const confirmAfter = options.confirmAfter ?? 5;
  const bounds = [0, ...verdicts.map((v) => v.index), n];
  return verdicts.map((v, i) => {
    const s = bounds[i] as number;
    const e = bounds[i + 2] as number;
    const before = median(Array.prototype.slice.call(values, s, v.index) as number[]);
    const after = median(Array.prototype.slice.call(values, v.index, e) as number[]);
    // One method for the p-value and the interval: the test's p-value says how
    // many standard errors the shift is from 0 (q_p, the quantile of the test's
    // own reference distribution: Student's t with the test's degrees of
    // freedom, the normal for Mann-Whitney), so its standard error is
    // |shift| / q_p, and the interval at level 1 − alpha is shift ± q_alpha ×
    // that. It excludes 0 exactly when q_p > q_alpha, that is when p < alpha:
    // the change's verdict and its interval cannot disagree, whichever test
    // judged it. For a t-test on the means this is the usual t interval.
    const critical = (p: number): number => (Number.isFinite(v.df) && v.df > 0 ? studentTCritical(p, v.df) : normalCritical(p));
    const ratio = critical(ctx.alpha) / critical(Math.max(v.pValue, Number.MIN_VALUE));
    const halfWidth = Math.abs(v.shift) * ratio;
    let changePct: number | null;
    let ci: [number, number] | null;
    if (scale === 'log') {
      changePct = logRatioToPct(v.shift);
      ci = [logRatioToPct(v.shift - halfWidth), logRatioToPct(v.shift + halfWidth)];
    } else if (before !== 0) {
      const base = Math.abs(before);
      changePct = ((after - before) / base) * 100;
      const spread = Math.abs(changePct) * ratio;
      ci = [changePct - spread, changePct + spread];
    } else {
      changePct = null;
      ci = null;
    }
    return {
      index: v.index,
      before,
      after,
      changePct,
      ci,
      ciLevel: 1 - ctx.alpha,
      pValue: v.pValue,
      sizeInNoise: Math.abs(v.shift) / sigma,
      test: v.test,
      kind: kindOf(v.shift, options.direction),
      status: n - v.index >= confirmAfter ? 'confirmed' : 'tentative',
      pointsAfter: n - v.index,
      scale,
    };
  });
}

/** Change points of a deterministic series: exact values, p = 0, the interval is the change itself. */
function describeExactChanges(values: ArrayLike<number>, scale: Scale, found: readonly { index: number; confirmed: boolean }[], direction: Direction, alpha: number): ChangePoint[] {
  const n = values.length;
  const bounds = [0, ...found.map((f) => f.index), n];
  return found.map((f, i) => {
    const before = median(Array.prototype.slice.call(values, bounds[i] as number, f.index) as number[]);
    const after = median(Array.prototype.slice.call(values, f.index, bounds[i + 2] as number) as number[]);
    const changePct = before === 0 ? null : ((after - before) / Math.abs(before)) * 100;
    return {
      index: f.index,
      before,
      after,
      changePct,
      ci: changePct === null ? null : [changePct, changePct],
      ciLevel: 1 - alpha,
      pValue: 0,
      sizeInNoise: null,
      test: 'exact',
      kind: kindOf(after - before, direction),
      status: f.confirmed ? 'confirmed' : 'tentative',
      pointsAfter: n - f.index,
      scale,
    };
  });
}
