/**
 * Deterministic series: metrics that repeat exactly while the code does not
 * change (lines of code, binary sizes, instruction or allocation counts,
 * counters). They have no noise to estimate, so the statistical detector has
 * nothing to scale by; here every move of at least the floor is a change at
 * the exact commit where the value first left its level.
 *
 * A series is deterministic when the points whose runs carry several samples
 * all have identical samples, or, without such samples, when it is made of
 * runs of identical values that rarely go back to a value seen before (noise
 * on a coarse grid keeps revisiting the same few values; a deterministic
 * metric moves to new levels and comes back only on a revert).
 */
import type { Scale } from './noise.ts';

/** A maximal stretch of identical values. */
export interface ValueRun {
  start: number;
  /** One past the last index. */
  end: number;
  value: number;
}

/** The series as runs of identical values, in order. */
export function toValueRuns(values: ArrayLike<number>): ValueRun[] {
  const runs: ValueRun[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const last = runs.at(-1);
    if (last !== undefined && last.value === v) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, value: v });
  }
  return runs;
}

type Samples = ReadonlyArray<ArrayLike<number> | null | undefined>;

/** true / false when the points' own samples settle it, null when too few points carry several samples. */
function samplesSay(samples: Samples | undefined, n: number): boolean | null {
  if (samples === undefined) return null;
  let repeated = 0;
  for (const s of samples) {
    if (s === null || s === undefined || s.length < 2) continue;
    const first = s[0] as number;
    for (let i = 1; i < s.length; i++) if (s[i] !== first) return false;
    repeated++;
  }
  return repeated > 0 && repeated * 2 >= n ? true : null;
}

/** Share of exactly repeated consecutive values from which runs count as deterministic. */
const MIN_REPEAT_SHARE = 0.5;
/** Returns to a value already seen, as a share of the runs after the first, allowed (reverts). */
const MAX_REVISIT_SHARE = 0.2;

export function isDeterministic(values: ArrayLike<number>, samples?: Samples): boolean {
  const n = values.length;
  const bySamples = samplesSay(samples, n);
  if (bySamples !== null) return bySamples;
  if (n < 3) return false;
  let repeats = 0;
  for (let i = 1; i < n; i++) if (values[i] === values[i - 1]) repeats++;
  if (repeats / (n - 1) < MIN_REPEAT_SHARE) return false;
  const runs = toValueRuns(values);
  const seen = new Set<number>();
  let revisits = 0;
  for (const r of runs) {
    if (seen.has(r.value)) revisits++;
    seen.add(r.value);
  }
  return revisits <= Math.max(1, Math.floor(MAX_REVISIT_SHARE * (runs.length - 1)));
}

export interface ExactChange {
  /** First index of the new level. */
  index: number;
  /** Confirmed once the new level repeats (or the point's samples are identical); tentative for a lone newest point. */
  confirmed: boolean;
}

/** Relative move from `from` to `to` in the analysis scale (log ratio, or difference over |from|). */
function relativeMove(from: number, to: number, scale: Scale): number {
  if (scale === 'log') return Math.log(to / from);
  if (from === 0) return to === 0 ? 0 : Infinity;
  return (to - from) / Math.abs(from);
}

function identicalSamples(samples: Samples | undefined, at: number): boolean {
  const s = samples?.[at];
  if (s === null || s === undefined || s.length < 2) return false;
  for (let i = 1; i < s.length; i++) if (s[i] !== s[0]) return false;
  return true;
}

/**
 * Changes of a deterministic series. Each run of identical values is held
 * against the current level (the value that started it): a move below
 * `floorShift` (in the analysis scale) stays in the level, so that sub-floor
 * steps add up until they matter; a move of at least it starts a new level
 * at the first point that left the old one. A lone point that leaves the
 * level and is followed by something else is a glitch, not a level, unless
 * its own samples are identical (then it was measured, not glimpsed).
 */
export function findExactChanges(values: ArrayLike<number>, scale: Scale, floorShift: number, samples?: Samples): ExactChange[] {
  const runs = toValueRuns(values);
  const changes: ExactChange[] = [];
  if (runs.length < 2) return changes;
  let level = (runs[0] as ValueRun).value;
  let lastInLevel = (runs[0] as ValueRun).end - 1;
  for (let k = 1; k < runs.length; k++) {
    const r = runs[k] as ValueRun;
    if (Math.abs(relativeMove(level, r.value, scale)) < floorShift) {
      lastInLevel = r.end - 1;
      continue;
    }
    const repeated = r.end - r.start >= 2 || identicalSamples(samples, r.start);
    if (!repeated && k < runs.length - 1) continue;
    changes.push({ index: lastInLevel + 1, confirmed: repeated });
    level = r.value;
    lastInLevel = r.end - 1;
  }
  return changes;
}
