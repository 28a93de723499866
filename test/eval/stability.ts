/**
 * Stability of the detector's verdicts, as a reviewer lives with them:
 * - replay: a real history replayed prefix by prefix (what the dashboard
 *   showed after each commit). A change confirmed at some prefix should stay
 *   confirmed, at the same commit ±1, in the later prefixes.
 * - σ sensitivity: the same series with σ scaled by ±5 % (the estimate moves
 *   that much between nearby prefixes or with one far spike). Confirmed
 *   changes should not flip.
 */
import { detectChangePoints, type ChangePoint } from '../../results/analysis/change-points.ts';
import { estimateNoise } from '../../results/analysis/noise.ts';
import type { RealSeries } from './histories.ts';

function confirmedAt(changes: readonly ChangePoint[]): number[] {
  return changes.filter((c) => c.status === 'confirmed').map((c) => c.index);
}

const near = (list: readonly number[], at: number, margin = 1): boolean => list.some((x) => Math.abs(x - at) <= margin);

export interface ReplayResult {
  series: number;
  prefixes: number;
  /** (confirmed change, later prefix) pairs looked at, and those where it was still confirmed ±1. */
  pairs: number;
  kept: number;
  /** Distinct changes ever confirmed, and those confirmed in every later prefix. */
  changes: number;
  alwaysKept: number;
}

/**
 * Replays each series from `start` points on, one prefix every `every`
 * points. Every change confirmed in a prefix is looked for in each later
 * prefix (a change first confirmed late is only held to the prefixes after).
 */
export function replayStability(list: readonly RealSeries[], start: number, every: number): ReplayResult {
  const r: ReplayResult = { series: 0, prefixes: 0, pairs: 0, kept: 0, changes: 0, alwaysKept: 0 };
  for (const s of list) {
    if (s.values.length < start + every) continue;
    r.series++;
    const found: number[][] = [];
    for (let end = start; end <= s.values.length; end += every) {
      const values = s.values.subarray(0, end);
      const noise = estimateNoise(values, { unit: s.unit });
      found.push(confirmedAt(detectChangePoints(values, { noise, direction: s.direction })));
    }
    r.prefixes += found.length;
    // One entry per distinct change: the first prefix that confirmed it.
    const firsts = new Map<number, number>();
    found.forEach((list, p) => {
      for (const at of list) if (![...firsts.keys()].some((k) => Math.abs(k - at) <= 1)) firsts.set(at, p);
    });
    for (const [at, first] of firsts) {
      let always = true;
      for (let q = first + 1; q < found.length; q++) {
        r.pairs++;
        if (near(found[q] as number[], at)) r.kept++;
        else always = false;
      }
      r.changes++;
      if (always) r.alwaysKept++;
    }
  }
  return r;
}

export interface SensitivityResult {
  series: number;
  /** Confirmed changes at the measured σ. */
  confirmed: number;
  /** Of those, the ones missing (±1) with σ × (1 − f) or σ × (1 + f). */
  lost: number;
  /** Confirmed changes that appear (±1) at a scaled σ but not at the measured one. */
  gained: number;
}

export function sigmaSensitivity(list: readonly RealSeries[], factor: number): SensitivityResult {
  const r: SensitivityResult = { series: 0, confirmed: 0, lost: 0, gained: 0 };
  for (const s of list) {
    r.series++;
    const noise = estimateNoise(s.values, { unit: s.unit });
    const at = (scale: number) => confirmedAt(detectChangePoints(s.values, { noise: { ...noise, sigma: noise.sigma * scale }, direction: s.direction }));
    const base = at(1);
    const scaled = [at(1 - factor), at(1 + factor)];
    r.confirmed += base.length;
    r.lost += base.filter((c) => scaled.some((list) => !near(list, c))).length;
    const extra = new Set<number>();
    for (const list of scaled) for (const c of list) if (!near(base, c)) extra.add(c);
    r.gained += extra.size;
  }
  return r;
}
