/**
 * Descriptive statistics and two-sample tests over numeric arrays. Every function takes any
 * array-like of finite numbers and never mutates it; functions that need an
 * order sort a copy. Empty input gives NaN only where the statistic has no
 * value (the callers in this folder check lengths first).
 */

import { normalTwoSided, studentTCritical, studentTTwoSided } from './distributions.ts';

/** MAD × this estimates σ of a normal distribution. */
export const MAD_TO_SIGMA = 1.482602218505602;

type Numbers = ArrayLike<number>;

/** A sorted copy as a Float64Array (typed-array sort is numeric). */
export function sortNumbers(values: Numbers): Float64Array {
  return Float64Array.from(values).sort();
}

/** Quantile of already sorted values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: Numbers, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(n - 1, lo + 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Moves the k-th smallest value to a[k], smaller ones before it and larger
 * ones after (quickselect, median-of-three pivots): O(n) against O(n log n)
 * for a sort, which matters because medians are taken per segment.
 */
export function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Order a[lo], a[mid], a[hi] and use the middle one as the pivot.
    if ((a[mid] as number) < (a[lo] as number)) swap(a, mid, lo);
    if ((a[hi] as number) < (a[lo] as number)) swap(a, hi, lo);
    if ((a[hi] as number) < (a[mid] as number)) swap(a, hi, mid);
    const pivot = a[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/** Quantile (R type 7) by selection on a copy; the input is left as it is. */
export function quantile(values: Numbers, p: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const a = Float64Array.from(values);
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const below = selectInPlace(a, lo);
  if (h === lo) return below;
  let above = Infinity;
  for (let i = lo + 1; i < n; i++) if ((a[i] as number) < above) above = a[i] as number;
  return below + (h - lo) * (above - below);
}

export function median(values: Numbers): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation from the median, unscaled (multiply by MAD_TO_SIGMA for σ). */
export function mad(values: Numbers, center: number = median(values)): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs((values[i] as number) - center);
  return median(deviations);
}

/** Interquartile range with its quartiles. */
export function quartiles(values: Numbers): { q1: number; q3: number; iqr: number } {
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  return { q1, q3, iqr: q3 - q1 };
}

export function mean(values: Numbers): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** Sample variance (n − 1 denominator); 0 for fewer than two values. */
export function variance(values: Numbers, center: number = mean(values)): number {
  const n = values.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - center;
    sum += d * d;
  }
  return sum / (n - 1);
}

/** Natural logarithms of values that must all be > 0. */
export function logValues(values: Numbers): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.log(values[i] as number);
  return out;
}

export interface TTestResult {
  /** mean(b) − mean(a). */
  diff: number;
  /** Standard error of `diff`. */
  se: number;
  t: number;
  df: number;
  /** Two-sided. */
  pValue: number;
}

/** The t statistic and two-sided p of a difference; with no spread the answer is exact (p 0 or 1). */
function finishTTest(diff: number, se: number, df: number): TTestResult {
  if (se === 0) return { diff, se, t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df, pValue: diff === 0 ? 1 : 0 };
  const t = diff / se;
  return { diff, se, t, df, pValue: studentTTwoSided(t, df) };
}

/**
 * Welch's unequal-variance t-test of b against a. A side with a single value
 * borrows the other side's variance (Student's test with that side's degrees of
 * freedom), so one new point can still be judged against a history. With no
 * variance at all the answer is exact: p = 0 when the means differ, 1 when not.
 */
export function welchTTest(a: Numbers, b: Numbers): TTestResult {
  const ma = mean(a);
  const mb = mean(b);
  return welchFromMoments({ n: a.length, mean: ma, variance: variance(a, ma) }, { n: b.length, mean: mb, variance: variance(b, mb) });
}

/** Count, mean and sample variance of one side of a test. */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/** Moments of z[from, to) from prefix sums of z and of z² (O(1), for tests repeated over many splits). */
export function momentsFromPrefix(sum: Float64Array, squares: Float64Array, from: number, to: number): Moments {
  const n = to - from;
  const total = (sum[to] as number) - (sum[from] as number);
  const m = total / n;
  const ss = (squares[to] as number) - (squares[from] as number) - total * m;
  return { n, mean: m, variance: n < 2 ? 0 : Math.max(0, ss) / (n - 1) };
}

/** Welch's test (see welchTTest) from each side's moments. */
export function welchFromMoments(a: Moments, b: Moments): TTestResult {
  const na = a.n;
  const nb = b.n;
  const diff = b.mean - a.mean;
  let va = a.variance;
  let vb = b.variance;
  let df: number;
  if (na < 2 && nb < 2) return { diff, se: 0, t: 0, df: 0, pValue: 1 };
  if (na < 2 || nb < 2) {
    const v = na < 2 ? vb : va;
    va = v;
    vb = v;
    df = Math.max(na, nb) - 1;
  } else {
    const ka = va / na;
    const kb = vb / nb;
    df = ka + kb === 0 ? na + nb - 2 : (ka + kb) ** 2 / ((ka * ka) / (na - 1) + (kb * kb) / (nb - 1));
  }
  const se = Math.sqrt(va / na + vb / nb);
  return finishTTest(diff, se, df);
}

/** Student's pooled test (see studentTTest) from each side's moments. */
export function studentFromMoments(a: Moments, b: Moments): TTestResult {
  const diff = b.mean - a.mean;
  const df = a.n + b.n - 2;
  if (a.n === 0 || b.n === 0 || df < 1) return { diff, se: 0, t: 0, df: Math.max(0, df), pValue: 1 };
  const pooled = (a.variance * (a.n - 1) + b.variance * (b.n - 1)) / df;
  const se = Math.sqrt(pooled * (1 / a.n + 1 / b.n));
  return finishTTest(diff, se, df);
}

/**
 * Student's two-sample t-test with pooled variance. Where one side has only a
 * few points (the newest commits after a change) their own variance says
 * almost nothing and Welch's degrees of freedom collapse; assuming the spread
 * did not change lets the longer side's variance judge them.
 */
export function studentTTest(a: Numbers, b: Numbers): TTestResult {
  const ma = mean(a);
  const mb = mean(b);
  return studentFromMoments({ n: a.length, mean: ma, variance: variance(a, ma) }, { n: b.length, mean: mb, variance: variance(b, mb) });
}

export interface UTestResult {
  /** U statistic of b: how many (a, b) pairs have b above a, ties counting one half. */
  u: number;
  z: number;
  /** Two-sided, normal approximation with tie and continuity corrections. */
  pValue: number;
}

/** Mann-Whitney U test of b against a (Wilcoxon rank-sum), O((na + nb) log(na + nb)): both sides sorted, then merged. */
export function mannWhitneyU(a: Numbers, b: Numbers): UTestResult {
  const na = a.length;
  const nb = b.length;
  const n = na + nb;
  if (na === 0 || nb === 0) return { u: 0, z: 0, pValue: 1 };
  const sa = sortNumbers(a);
  const sb = sortNumbers(b);
  let rankSumB = 0;
  let tieTerm = 0;
  let i = 0;
  let j = 0;
  let rank = 0;
  while (i < na || j < nb) {
    // The next value and how many of each side hold it: one block of ties.
    const v = j >= nb || (i < na && (sa[i] as number) <= (sb[j] as number)) ? (sa[i] as number) : (sb[j] as number);
    let inA = 0;
    let inB = 0;
    while (i < na && sa[i] === v) {
      i++;
      inA++;
    }
    while (j < nb && sb[j] === v) {
      j++;
      inB++;
    }
    const ties = inA + inB;
    rankSumB += inB * (rank + (ties + 1) / 2);
    rank += ties;
    tieTerm += ties * ties * ties - ties;
  }
  const u = rankSumB - (nb * (nb + 1)) / 2;
  const mu = (na * nb) / 2;
  const sigma2 = ((na * nb) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(sigma2 > 0)) return { u, z: 0, pValue: 1 };
  const delta = u - mu;
  const z = (Math.sign(delta) * Math.max(0, Math.abs(delta) - 0.5)) / Math.sqrt(sigma2);
  return { u, z, pValue: normalTwoSided(z) };
}

export interface ShiftInterval {
  /** Estimated b − a (difference of medians or of means). */
  shift: number;
  lo: number;
  hi: number;
}

/**
 * Confidence interval for the shift b − a without resampling: the standard
 * error and degrees of freedom of Welch's test (or Student's, `pooled`) around
 * the difference of medians (default) or of means. On log values the shift is
 * a log ratio.
 */
export function estimateShift(
  a: Numbers,
  b: Numbers,
  options: { level?: number; center?: 'median' | 'mean'; pooled?: boolean } = {},
): ShiftInterval {
  const level = options.level ?? 0.95;
  const test = options.pooled === true ? studentTTest(a, b) : welchTTest(a, b);
  const shift = options.center === 'mean' ? test.diff : median(b) - median(a);
  if (test.se === 0 || test.df <= 0) return { shift, lo: shift, hi: shift };
  const half = studentTCritical(1 - level, test.df) * test.se;
  return { shift, lo: shift - half, hi: shift + half };
}

/** Percent change of a log ratio: 0.0488 -> 5. */
export function logRatioToPct(logRatio: number): number {
  return Math.expm1(logRatio) * 100;
}

/**
 * Percent change of head over base (values > 0) with a confidence interval,
 * from a Welch interval on the log values: a ratio of medians or of means.
 */
export function estimateRatioPct(
  base: Numbers,
  head: Numbers,
  options: { level?: number; center?: 'median' | 'mean' } = {},
): { pct: number; lo: number; hi: number } {
  const s = estimateShift(logValues(base), logValues(head), options);
  return { pct: logRatioToPct(s.shift), lo: logRatioToPct(s.lo), hi: logRatioToPct(s.hi) };
}
