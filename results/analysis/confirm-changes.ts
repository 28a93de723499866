/**
 * Confirmation of candidate change points: each must differ significantly from
 * the segment before it, move the median (or, for a bimodal series, both
 * levels) by at least the floor, and be a step of the local level (not a
 * drift, not a trend's slope). Candidates enter through the optimal partition
 * (which applies the penalty) and come back when their neighbours change.
 * y is the series in the analysis scale; zc is the same in noise units with
 * outliers clipped.
 */
import { prefixSquares, selectOptimalPartition } from './optimal-partition.ts';
import { bestSplit, prefixSums } from './segmentation.ts';
import { studentTTwoSided } from './distributions.ts';
import { measureModes } from './bimodal.ts';
import { mannWhitneyU, median, momentsFromPrefix, studentFromMoments, studentTTest, welchFromMoments } from './stats.ts';

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
  /** The test between the segments. */
  test: 'welch' | 'student' | 'mann-whitney';
  /** Degrees of freedom of the t-test's reference distribution; Infinity for the rank test (normal). */
  df: number;
  pass: boolean;
}

/**
 * The best split within REFINE of `at` between the neighbours s and e, and
 * whether it passes every test.
 */
function judge(y: Float64Array, zc: Float64Array, prefix: Float64Array, squares: Float64Array, s: number, at: number, e: number, ctx: JudgeContext): Verdict {
  const minRight = e === zc.length ? ctx.minTail : ctx.minSegment;
  const { index, gain } = bestSplit(prefix, s, e, ctx.minSegment, minRight, at - REFINE, at + REFINE);
  if (index < 0) return { index, gain: 0, pValue: 1, shift: 0, pooled: false, test: 'welch', df: Infinity, pass: false };
  // The newest few points say little about their own spread: judge them by the history's (Student's pooled test).
  const pooled = e === zc.length && e - index < WELCH_MIN_POINTS;
  const ranks = ctx.ranks && !pooled;
  const test = ranks ? 'mann-whitney' : pooled ? 'student' : 'welch';
  const a = momentsFromPrefix(prefix, squares, s, index);
  const b = momentsFromPrefix(prefix, squares, index, e);
  const t = ranks ? null : (pooled ? studentFromMoments : welchFromMoments)(a, b);
  const pValue = t === null ? mannWhitneyU(zc.subarray(s, index), zc.subarray(index, e)).pValue : t.pValue;
  const df = t === null ? Infinity : t.df;
  // The medians (linear time) only for a split the cheaper tests let through.
  if (!(pValue < ctx.alpha) || !isLocalStep(zc, s, index, e, ctx)) return { index, gain, pValue, shift: 0, pooled, test, df, pass: false };
  const shift = ranks ? modeShift(y.subarray(s, index), y.subarray(index, e)) : median(y.subarray(index, e)) - median(y.subarray(s, index));
  return { index, gain, pValue, shift, pooled, test, df, pass: Math.abs(shift) >= ctx.floorShift };
}

/**
 * The shift of a bimodal series: the smaller move of the two states' levels,
 * 0 when they move apart. Runs moving from one state to the other change the
 * median but neither level; a change of speed moves both.
 */
function modeShift(before: Float64Array, after: Float64Array): number {
  const a = measureModes(before);
  const b = measureModes(after);
  const low = b.low - a.low;
  const high = b.high - a.high;
  if (low * high <= 0) return 0;
  return Math.abs(low) < Math.abs(high) ? low : high;
}

/**
 * A change is a step of the local level, not a slow wander nor the slope of a
 * trend: around it, a line plus a step must fit better than a line alone
 * (p < localAlpha), and the step must carry at least half of the shift
 * between the local medians on either side (a drift cut in two shows a shift
 * of medians but almost no step), have its sign, and be at least the floor.
 * Sizes are measured on the points near the change, not on whole segments,
 * so that a trend neither inflates a drift into a step nor hides a real step.
 */
function isLocalStep(zc: Float64Array, s: number, index: number, e: number, ctx: JudgeContext): boolean {
  const from = Math.max(s, index - LOCAL_WINDOW);
  const to = Math.min(e, index + LOCAL_WINDOW);
  const local = fitStepOnTrend(zc, from, index, to);
  const shift = median(zc.subarray(index, to)) - median(zc.subarray(from, index));
  if (local.step * shift <= 0 || Math.abs(local.step) < 0.5 * Math.abs(shift)) return false;
  if (Math.abs(local.step) * ctx.sigma < ctx.floorShift) return false;
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
  /** Level of the test of a step beyond the local trend (isLocalStep). */
  localAlpha: number;
  /** Noise σ in the analysis scale (zc = y / sigma, centred). */
  sigma: number;
  /** Smallest |shift| of the medians, in the analysis scale. */
  floorShift: number;
  minSegment: number;
  /** Fewest points after a change at the end of the series. */
  minTail: number;
  /** A bimodal series: segments are compared by Mann-Whitney and the shift is that of the two states' levels. */
  ranks: boolean;
}

/** The chosen changes and their neighbours: segment bounds [0, ...chosen, n]. */
function neighbours(chosen: readonly number[], at: number, n: number): [number, number] {
  let s = 0;
  let e = n;
  for (const c of chosen) {
    if (c < at) s = c;
    else if (c > at) {
      e = c;
      break;
    }
  }
  return [s, e];
}

/**
 * The changes that pass. The optimal partition over the candidates gives the
 * first set; then, until nothing moves:
 * - each change is moved to the best split near it and judged against its two
 *   neighbours; the weakest failure (lowest gain) is dropped;
 * - once all pass, every candidate not in the set, and the best split of every
 *   segment, is judged again against its current neighbours if they differ
 *   from the ones it last failed against; the strongest that passes joins.
 * So a candidate rejected next to a long, mixed segment comes back when a
 * change elsewhere splits that segment, and a strong change is not lost
 * because a weak neighbour fell first. Every (position, neighbours) pair is
 * judged once, which bounds the work.
 */
export function confirmCandidates(y: Float64Array, zc: Float64Array, candidates: number[], ctx: JudgeContext): Verdict[] {
  const sum = prefixSums(zc);
  const squares = prefixSquares(zc);
  const n = zc.length;
  const memo = new Map<string, Verdict>();
  const verdictOf = (s: number, at: number, e: number): Verdict => {
    const key = `${s},${at},${e}`;
    let v = memo.get(key);
    if (v === undefined) memo.set(key, (v = judge(y, zc, sum, squares, s, at, e, ctx)));
    return v;
  };
  let chosen = selectOptimalPartition(sum, squares, candidates, ctx);
  const others = new Set(candidates);
  const limit = 4 * candidates.length + 64;
  for (let round = 0; round < limit; round++) {
    const bounds = [0, ...chosen, n];
    const verdicts = chosen.map((at, i) => verdictOf(bounds[i] as number, at, bounds[i + 2] as number));
    let worst = -1;
    for (let i = 0; i < verdicts.length; i++) {
      const v = verdicts[i] as Verdict;
      if (!v.pass && (worst < 0 || v.gain < (verdicts[worst] as Verdict).gain)) worst = i;
    }
    if (worst >= 0) {
      others.add(chosen[worst] as number);
      chosen = chosen.filter((_, i) => i !== worst);
      continue;
    }
    const moved = verdicts.map((v) => v.index);
    if (moved.some((m, i) => m !== chosen[i])) {
      // Moving a change can move its neighbours' best splits; the next round judges them again.
      chosen = [...new Set(moved)].sort((a, b) => a - b);
      continue;
    }
    const added = strongestReturn(chosen, others, n, ctx, sum, verdictOf);
    if (added === null) return verdicts;
    chosen = [...chosen, added].sort((a, b) => a - b);
  }
  const bounds = [0, ...chosen, n];
  return chosen.map((at, i) => verdictOf(bounds[i] as number, at, bounds[i + 2] as number)).filter((v) => v.pass);
}

/** The strongest position, among the other candidates and each segment's best split, that passes against its current neighbours. */
function strongestReturn(
  chosen: readonly number[],
  others: ReadonlySet<number>,
  n: number,
  ctx: JudgeContext,
  sum: Float64Array,
  verdictOf: (s: number, at: number, e: number) => Verdict,
): number | null {
  const positions = new Set<number>();
  for (const c of others) positions.add(c);
  const bounds = [0, ...chosen, n];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = bounds[i] as number;
    const e = bounds[i + 1] as number;
    const split = bestSplit(sum, s, e, ctx.minSegment, e === n ? ctx.minTail : ctx.minSegment);
    if (split.index >= 0 && split.gain > ctx.penalty) positions.add(split.index);
  }
  let best: Verdict | null = null;
  for (const at of positions) {
    if (chosen.includes(at)) continue;
    const [s, e] = neighbours(chosen, at, n);
    const v = verdictOf(s, at, e);
    if (!v.pass || chosen.includes(v.index)) continue;
    if (best === null || v.gain > best.gain) best = v;
  }
  return best?.index ?? null;
}
