/**
 * The statistics of culprit bisection: how many runs a step needs, and which
 * side of a change a measured commit is on.
 *
 * A change moved a series from level `before` to level `after` (medians of the
 * segments on each side). The series' noise σ is the relative spread of one
 * commit's value (the detector's estimate, from consecutive differences). A
 * commit measured with n runs has a mean log value whose standard error is
 * σ/√n. The commit is put on the side whose level is nearer; that is wrong
 * only when the error exceeds half the distance Δ = |ln(after/before)|. With
 *
 *   n = ⌈(2 · z · σ / Δ)²⌉,   z = 3.29 (two-sided, α = 0.001, the detector's level)
 *
 * half the distance is at least z standard errors, so a step is wrong with a
 * probability of at most α/2.
 *
 * σ also holds what repeats cannot remove: each commit's own offset from its
 * level (code layout, allocation patterns). So a commit fits a level when it
 * is within z·σ of it, whatever n (or within the series' significance
 * threshold, the smallest change the detector counts, when that is wider); a
 * value farther than that from both levels
 * fits neither (a level in between, two changes in the range, a changed
 * machine, or a disturbed run): the step is ambiguous.
 *
 * With three runs or more the commit's level is the median of the runs' log
 * values (one disturbed run does not move it); with fewer, their mean.
 */

/** Two-sided standard normal quantile at the detector's α = 0.001. */
export const BISECT_Z = 3.2905;

export type BisectSide = 'before' | 'after' | 'ambiguous';

export interface StepVerdict {
  side: BisectSide;
  /** The commit's level: exp of the median (3 runs or more) or mean of the runs' log values. */
  value: number;
  /** Distances of that value from each level, in units of σ (one commit's noise). */
  zBefore: number;
  zAfter: number;
  runs: number;
}

/** Runs a step needs to tell `before` from `after` at the detector's confidence (at least 1). */
export function runsToSeparate(before: number, after: number, sigma: number): number {
  const delta = Math.abs(Math.log(after / before));
  if (!(delta > 0)) return Number.POSITIVE_INFINITY;
  if (!(sigma > 0)) return 1;
  return Math.max(1, Math.ceil(((2 * BISECT_Z * sigma) / delta) ** 2));
}

/**
 * Which level the runs of one commit (one value each, all > 0) belong to.
 * `threshold` (relative) widens the band a level accepts to the smallest
 * change the detector counts for the series, when that exceeds z·σ.
 */
export function judgeStep(values: readonly number[], before: number, after: number, sigma: number, threshold = 0): StepVerdict {
  const logs = values.map((v) => Math.log(v)).sort((a, b) => a - b);
  const n = logs.length;
  const robust = n >= 3;
  const level = robust ? (n % 2 === 1 ? logs[n >> 1]! : (logs[n / 2 - 1]! + logs[n / 2]!) / 2) : logs.reduce((a, b) => a + b, 0) / n;
  // A commit's value from n runs varies by at most σ around its level (σ² = commit offset² + run noise²,
  // and repeats shrink only the run noise), so σ is the yardstick whatever n.
  const zBefore = Math.abs(level - Math.log(before)) / Math.max(sigma, 1e-12);
  const zAfter = Math.abs(level - Math.log(after)) / Math.max(sigma, 1e-12);
  const nearer: BisectSide = zBefore <= zAfter ? 'before' : 'after';
  const band = Math.max(BISECT_Z, Math.log1p(threshold) / Math.max(sigma, 1e-12));
  const side: BisectSide = Math.min(zBefore, zAfter) > band ? 'ambiguous' : nearer;
  return { side, value: Math.exp(level), zBefore, zAfter, runs: values.length };
}
