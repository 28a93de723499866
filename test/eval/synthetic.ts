/**
 * Synthetic series with known steps, on the noise shapes seen in real
 * benchmark histories. Noise is multiplicative (added to log values) and
 * scaled so that its robust σ is about `sigma` whatever the shape.
 */
import type { Random } from './prng.ts';

export const NOISE_SHAPES = ['gaussian', 'student-t', 'bimodal', 'drift', 'outliers'] as const;
export type NoiseShape = (typeof NOISE_SHAPES)[number];

/** MAD of N(0,1) over MAD of Student t(3): puts t(3) noise on the same robust scale. */
const T3_TO_NORMAL = 0.6745 / 0.7649;

/** Log-scale noise of one shape, length n, robust σ about `sigma`. */
export function generateNoise(shape: NoiseShape, n: number, sigma: number, rng: Random): Float64Array {
  const out = new Float64Array(n);
  const phase = rng.next() * 2 * Math.PI;
  const period = 150 + rng.next() * 250;
  for (let i = 0; i < n; i++) {
    let e = sigma * rng.normal();
    if (shape === 'student-t') e = sigma * T3_TO_NORMAL * rng.studentT(3);
    // Two machine states: 30 % of runs land 3σ slower.
    else if (shape === 'bimodal' && rng.next() < 0.3) e += 3 * sigma;
    // A slow wander of ±2σ over a few hundred commits.
    else if (shape === 'drift') e += 2 * sigma * Math.sin(phase + (2 * Math.PI * i) / period);
    // 2 % of runs hit by something else on the machine: 5σ to 30σ slower.
    else if (shape === 'outliers' && rng.next() < 0.02) e += sigma * (5 + 25 * rng.next());
    out[i] = e;
  }
  return out;
}

export interface StepSeries {
  values: Float64Array;
  /** Index of the first point after each step. */
  steps: number[];
  /** Relative size of each step (0.05 = +5 %). */
  sizes: number[];
}

/**
 * A series of n points around 100 with `count` steps of ±`size`, at least
 * `gap` points apart and from both ends.
 */
export function generateStepSeries(
  shape: NoiseShape,
  n: number,
  sigma: number,
  size: number,
  count: number,
  gap: number,
  rng: Random,
): StepSeries {
  return addSteps(generateNoise(shape, n, sigma, rng), size, count, gap, rng);
}

/** Log-scale noise around 100 with `count` steps of ±`size`, at least `gap` points apart and from both ends. */
export function addSteps(noise: Float64Array, size: number, count: number, gap: number, rng: Random): StepSeries {
  const n = noise.length;
  const steps: number[] = [];
  for (let tries = 0; steps.length < count && tries < 1000; tries++) {
    const at = rng.int(gap, n - gap);
    if (steps.every((s) => Math.abs(s - at) >= gap)) steps.push(at);
  }
  steps.sort((a, b) => a - b);
  const sizes = steps.map(() => (rng.next() < 0.5 ? -1 : 1) * size);
  const values = new Float64Array(n);
  let level = Math.log(100);
  let next = 0;
  for (let i = 0; i < n; i++) {
    while (next < steps.length && steps[next] === i) level += Math.log1p(sizes[next++] as number);
    values[i] = Math.exp(level + (noise[i] as number));
  }
  return { values, steps, sizes };
}

/** Multiplies every value from `at` on by 1 + size, in place. */
export function injectStep(values: Float64Array, at: number, size: number): void {
  for (let i = at; i < values.length; i++) values[i] = (values[i] as number) * (1 + size);
}

/** A deterministic metric and where its level moves: lines of code, a binary size, an instruction count. */
export interface ExactSeries {
  name: string;
  unit: string | null;
  values: Float64Array;
  /** Index of each move of at least the floor. */
  steps: number[];
}

const EXACT_KINDS = [
  { name: 'lines of code', unit: null, floor: 0.01, base: 562, quantum: 1, move: [0.02, 0.2] },
  { name: 'binary size', unit: 'B', floor: 0.001, base: 1_843_200, quantum: 8, move: [0.002, 0.05] },
  { name: 'instructions', unit: 'instructions', floor: 0.002, base: 48_112_907, quantum: 1, move: [0.003, 0.05] },
  { name: 'allocations', unit: null, floor: 0.01, base: 1841, quantum: 1, move: [0.011, 0.3] },
] as const;

/**
 * A deterministic series of n points: levels that last 2 to 40 commits, each
 * move up or down by a size drawn from the kind's range, in whole quanta;
 * `pattern` makes staircases (same direction) or partial returns (a rise,
 * then part of it back).
 */
export function generateExactSeries(kind: number, pattern: 'steps' | 'staircase' | 'partial return', n: number, rng: Random): ExactSeries {
  const k = EXACT_KINDS[kind % EXACT_KINDS.length] as (typeof EXACT_KINDS)[number];
  const values = new Float64Array(n);
  const steps: number[] = [];
  let level = k.base;
  let at = 10 + rng.int(0, 20);
  let up = true;
  for (let i = 0; i < n; i++) {
    if (i === at && n - i >= 2) {
      const size = k.move[0] + (k.move[1] - k.move[0]) * rng.next();
      let sign = rng.next() < 0.5 ? -1 : 1;
      let scale = 1;
      if (pattern === 'staircase') sign = 1;
      else if (pattern === 'partial return') {
        sign = up ? 1 : -1;
        // The return takes back a third to two thirds of the rise, never less than the floor.
        scale = up ? 1 : 0.33 + 0.33 * rng.next();
        up = !up;
      }
      // Whole quanta, and at least the unit's floor: a smaller move is not a change by definition.
      const least = Math.ceil((level * k.floor * 1.000001) / k.quantum) * k.quantum;
      const moved = Math.max(least, Math.round((level * size * scale) / k.quantum) * k.quantum);
      level += sign * moved;
      steps.push(i);
      at = i + 2 + rng.int(0, 39);
    }
    values[i] = level;
  }
  return { name: k.name, unit: k.unit, values, steps };
}

export const EXACT_KIND_COUNT = EXACT_KINDS.length;

/** Values on a coarse grid (a timer's resolution): rounded to `quantum` × 100, so many consecutive values tie. */
export function quantize(values: Float64Array, quantum: number): Float64Array {
  return Float64Array.from(values, (v) => Math.round(v / (100 * quantum)) * 100 * quantum);
}

/** A linear trend of `perPoint` (log scale) added to noise. */
export function addTrend(noise: Float64Array, perPoint: number): Float64Array {
  return Float64Array.from(noise, (e, i) => e + perPoint * i);
}

/**
 * Bimodal noise whose mixture shifts: two machine states 4σ apart, the slow
 * one taking `from` of the runs before `at` and `to` after. The level of each
 * state never moves, so this is no change of the code's speed.
 */
export function generateMixtureShift(n: number, sigma: number, at: number, from: number, to: number, rng: Random): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 100 * Math.exp(sigma * rng.normal() + (rng.next() < (i < at ? from : to) ? 4 * sigma : 0)));
}

/** Zero-inflated noise: with probability `exactShare` a point has no noise at all (its level exactly, like a cache hit). */
export function zeroInflate(noise: Float64Array, exactShare: number, rng: Random): Float64Array {
  return Float64Array.from(noise, (e) => (rng.next() < exactShare ? 0 : e));
}
