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
  const noise = generateNoise(shape, n, sigma, rng);
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
