/**
 * Confirmation of candidate change points: each must clear the penalty, differ
 * significantly from the segment before it, move the median by at least the
 * floor, and be abrupt (a step, not a drift). y is the series in the analysis
 * scale; zc is the same in noise units with outliers clipped.
 */
import { prefixSquares, selectOptimalPartition } from './optimal-partition.ts';
import { bestSplit, prefixSums } from './segmentation.ts';
import { studentTTwoSided } from './distributions.ts';
import { median, studentTTest, welchTTest } from './stats.ts';

/** A change with fewer points than this after it, at the end, is tested with pooled variance. */
const WELCH_MIN_POINTS = 5;

/** How far a change may move from its candidate position to the best split. */
const REFINE = 3;

/** Points on each side of a change fitted to tell a step from a drift. */
const LOCAL_WINDOW = 25;

export interface Verdict {
  /** First index after the change; −1 when the segment is too short to hold one. */
  index: number;
  gain: number;
  pValue: number;
  shift: number;
  /** Whether the test pooled the variance (a change among the newest few points). */
  pooled: boolean;
  pass: boolean;
}

/**
 * The best split within REFINE of `at` between the neighbours s and e, and
 * whether it passes every test.
 */
function judge(y: Float64Array, zc: Float64Array, prefix: Float64Array, s: number, at: number, e: number, ctx: JudgeContext): Verdict {
  const minRight = e === zc.length ? ctx.minTail : ctx.minSegment;
  const { index, gain } = bestSplit(prefix, s, e, ctx.minSegment, minRight, at - REFINE, at + REFINE);
  if (index < 0) return { index, gain: 0, pValue: 1, shift: 0, pooled: false, pass: false };
  // The newest few points say little about their own spread: judge them by the history's (Student's pooled test).
  const pooled = e === zc.length && e - index < WELCH_MIN_POINTS;
  const test = pooled ? studentTTest : welchTTest;
  const pValue = test(zc.subarray(s, index), zc.subarray(index, e)).pValue;
  const shift = median(y.subarray(index, e)) - median(y.subarray(s, index));
  const pass = gain > ctx.penalty && pValue < ctx.alpha && Math.abs(shift) >= ctx.floorShift && isAbrupt(zc, s, index, e, shift, ctx);
  return { index, gain, pValue, shift, pooled, pass };
}

/**
 * A change is a step, not a slow wander: around it, a line plus a step must
 * fit better than a line alone, with the step at least half the shift between
 * the two segments and significant. Without this, a drift cut into segments
 * passes every other test.
 */
function isAbrupt(zc: Float64Array, s: number, index: number, e: number, shift: number, ctx: JudgeContext): boolean {
  const from = Math.max(s, index - LOCAL_WINDOW);
  const to = Math.min(e, index + LOCAL_WINDOW);
  const local = fitStepOnTrend(zc, from, index, to);
  if (local.step * shift <= 0 || Math.abs(local.step) < 0.5 * Math.abs(shift / ctx.sigma)) return false;
  return local.pValue < ctx.localAlpha;
}

/**
 * Least squares of z[from, to) on intercept + slope + a step at `index`;
 * returns the step and the two-sided p-value of its t statistic. With fewer
 * than four points there is no room for a slope: Student's test stands in.
 */
export function fitStepOnTrend(z: Float64Array, from: number, index: number, to: number): { step: number; pValue: number } {
  const m = to - from;
  if (m < 4) {
    const w = studentTTest(z.subarray(from, index), z.subarray(index, to));
    return { step: w.diff, pValue: w.pValue };
  }
  const meanT = (from + to - 1) / 2;
  const meanS = (to - index) / m;
  let meanZ = 0;
  for (let i = from; i < to; i++) meanZ += z[i] as number;
  meanZ /= m;
  let stt = 0;
  let sts = 0;
  let sss = 0;
  let stz = 0;
  let ssz = 0;
  let szz = 0;
  for (let i = from; i < to; i++) {
    const t = i - meanT;
    const st = (i >= index ? 1 : 0) - meanS;
    const d = (z[i] as number) - meanZ;
    stt += t * t;
    sts += t * st;
    sss += st * st;
    stz += t * d;
    ssz += st * d;
    szz += d * d;
  }
  const det = stt * sss - sts * sts;
  if (!(det > 0)) return { step: 0, pValue: 1 };
  const slope = (sss * stz - sts * ssz) / det;
  const step = (stt * ssz - sts * stz) / det;
  const rss = Math.max(0, szz - slope * stz - step * ssz);
  const se = Math.sqrt(((rss / (m - 3)) * stt) / det);
  if (!(se > 1e-12 * Math.abs(step)) ) return { step, pValue: step === 0 ? 1 : 0 };
  return { step, pValue: studentTTwoSided(step / se, m - 3) };
}

export interface JudgeContext {
  /** Gain a split must exceed, in squared noise units. */
  penalty: number;
  /** Level of the t-test between the two adjacent segments. */
  alpha: number;
  /** Level of the test of a step beyond the local trend (isAbrupt). */
  localAlpha: number;
  /** Noise σ in the analysis scale (zc = y / sigma, centred). */
  sigma: number;
  /** Smallest |shift| of the medians, in the analysis scale. */
  floorShift: number;
  minSegment: number;
  /** Fewest points after a change at the end of the series. */
  minTail: number;
}

/**
 * The changes that pass: the optimal partition over the candidates, each
 * change moved to the best split near it and judged against its neighbours;
 * the weakest failure (lowest gain) leaves the pool and the partition is
 * chosen again, until every chosen change passes.
 */
export function confirmCandidates(y: Float64Array, zc: Float64Array, candidates: number[], ctx: JudgeContext): Verdict[] {
  const sum = prefixSums(zc);
  const squares = prefixSquares(zc);
  const n = zc.length;
  const memo = new Map<string, Verdict>();
  let pool = candidates.slice();
  for (let round = 0; ; round++) {
    const chosen = selectOptimalPartition(sum, squares, pool, ctx);
    const bounds = [0, ...chosen, n];
    const verdicts = chosen.map((at, i) => {
      // A verdict depends only on the change and its two neighbours: reuse it while they stay.
      const key = `${bounds[i]},${at},${bounds[i + 2]}`;
      let v = memo.get(key);
      if (v === undefined) memo.set(key, (v = judge(y, zc, sum, bounds[i] as number, at, bounds[i + 2] as number, ctx)));
      return v;
    });
    let worst = -1;
    for (let i = 0; i < verdicts.length; i++) {
      const v = verdicts[i] as Verdict;
      if (!v.pass && (worst < 0 || v.gain < (verdicts[worst] as Verdict).gain)) worst = i;
    }
    if (worst >= 0) {
      const drop = chosen[worst] as number;
      pool = pool.filter((c) => c !== drop);
      continue;
    }
    const moved = verdicts.map((v) => v.index);
    // Moving a change can move its neighbours' best splits; a few rounds settle it.
    if (round >= 50 || moved.every((m, i) => m === chosen[i])) return verdicts;
    const keep = new Set(chosen);
    pool = [...new Set([...pool.filter((c) => !keep.has(c)), ...moved])].sort((a, b) => a - b);
  }
}
