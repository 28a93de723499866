/**
 * Series that broke earlier versions of the detector, each scored on its own:
 * deterministic metrics (steps, staircases, partial returns), noise that ties
 * (a coarse timer, values that mostly repeat), bimodal noise whose mixture
 * shifts, steps inside a trend, and a spike next to a step.
 */
import { detectChangePoints, type ChangePoint } from '../../results/analysis/change-points.ts';
import { estimateNoise } from '../../results/analysis/noise.ts';
import { createRandom } from './prng.ts';
import { matchChanges, Tally } from './score.ts';
import { addSteps, addTrend, EXACT_KIND_COUNT, generateExactSeries, generateMixtureShift, generateNoise, quantize, zeroInflate } from './synthetic.ts';

function detect(values: Float64Array, unit: string | null): ChangePoint[] {
  const noise = estimateNoise(values, { unit });
  return detectChangePoints(values, { noise, direction: -1 });
}

export interface ExactResult {
  series: number;
  steps: number;
  /** Steps found at their exact commit, and of those, confirmed (every step here has ≥ 2 points after it). */
  exact: number;
  confirmed: number;
  /** Changes away from every step. */
  falseChanges: number;
  /** Constant series and the changes reported on them. */
  constant: number;
  constantChanges: number;
}

export function evaluateExact(reps: number): ExactResult {
  const r: ExactResult = { series: 0, steps: 0, exact: 0, confirmed: 0, falseChanges: 0, constant: 0, constantChanges: 0 };
  const patterns = ['steps', 'staircase', 'partial return'] as const;
  for (let kind = 0; kind < EXACT_KIND_COUNT; kind++) {
    for (const [p, pattern] of patterns.entries()) {
      for (let rep = 0; rep < reps; rep++) {
        const s = generateExactSeries(kind, pattern, 40 + ((rep * 37) % 160), createRandom(700_000 + kind * 10_000 + p * 1000 + rep));
        const found = detect(s.values, s.unit);
        r.series++;
        r.steps += s.steps.length;
        for (const at of s.steps) {
          const hit = found.find((c) => c.index === at);
          if (hit !== undefined) r.exact++;
          if (hit?.status === 'confirmed') r.confirmed++;
        }
        r.falseChanges += found.filter((c) => !s.steps.includes(c.index)).length;
      }
      const constant = generateExactSeries(kind, pattern, 200, createRandom(kind));
      constant.values.fill(constant.values[0] as number);
      r.constant++;
      r.constantChanges += detect(constant.values, constant.unit).length;
    }
  }
  return r;
}

export interface ShapeResult {
  name: string;
  /** Steps at margin 5, sizes in σ of the underlying noise. */
  tally: Tally;
  /** Change-free series: commits and confirmed changes. */
  commits: number;
  falseAlarms: number;
}

/** Steps of 4σ to 16σ in noise that ties, and the same noise with no step. */
export function evaluateTiedNoise(reps: number): ShapeResult[] {
  const shapes: [string, (noise: Float64Array, sigma: number, seed: number) => Float64Array][] = [
    // A timer of 1 σ resolution: about 40 % of consecutive values tie.
    ['quantized (grid of 1σ)', (values, sigma) => quantize(values, sigma)],
    // Two thirds of the commits hit a cache and measure exactly the level.
    ['zero-inflated (67 % exact)', (values) => values],
  ];
  return shapes.map(([name, shape], k) => {
    const out: ShapeResult = { name, tally: new Tally(), commits: 0, falseAlarms: 0 };
    for (let rep = 0; rep < reps; rep++) {
      const sigma = 0.01 * (1 + (rep % 3));
      const rng = createRandom(810_000 + 1000 * k + rep);
      let noise = generateNoise('gaussian', 240, sigma, rng);
      if (k === 1) noise = zeroInflate(noise, 2 / 3, rng);
      const size = sigma * (4 + 12 * rng.next());
      const s = addSteps(noise, size, 2, 40, rng);
      const values = shape(s.values, sigma, rep);
      const found = detect(values, 'ms').map((c) => c.index);
      out.tally.add(matchChanges(s.steps, found, 5), s.sizes.map((x) => Math.abs(Math.log1p(x)) / sigma));
      let flat: Float64Array = Float64Array.from(generateNoise('gaussian', 1000, sigma, rng), (e) => 100 * Math.exp(e));
      if (k === 1) flat = Float64Array.from(zeroInflate(generateNoise('gaussian', 1000, sigma, rng), 2 / 3, rng), (e) => 100 * Math.exp(e));
      flat = shape(flat, sigma, rep);
      out.commits += flat.length;
      out.falseAlarms += detect(flat, 'ms').filter((c) => c.status === 'confirmed').length;
    }
    return out;
  });
}

export interface MixtureResult {
  series: number;
  /** Series where a confirmed change was reported within 10 commits of the mixture shift. */
  reported: number;
}

/** Bimodal noise (two states 4σ apart) whose share of slow runs moves from 20 % to 60 %: not a change of speed. */
export function evaluateMixtureShift(reps: number): MixtureResult {
  const r: MixtureResult = { series: 0, reported: 0 };
  for (let rep = 0; rep < reps; rep++) {
    const rng = createRandom(820_000 + rep);
    const values = generateMixtureShift(300, 0.01, 150, 0.2, 0.6, rng);
    r.series++;
    if (detect(values, 'ms').some((c) => c.status === 'confirmed' && Math.abs(c.index - 150) <= 10)) r.reported++;
  }
  return r;
}

/** Steps of 4σ to 16σ on a linear trend of 1σ per 20 commits, and the trend alone. */
export function evaluateTrendSteps(reps: number): ShapeResult {
  const out: ShapeResult = { name: 'trend + steps', tally: new Tally(), commits: 0, falseAlarms: 0 };
  for (let rep = 0; rep < reps; rep++) {
    const sigma = 0.01;
    const rng = createRandom(830_000 + rep);
    const slope = ((rep % 2 === 0 ? 1 : -1) * sigma) / 20;
    const noise = addTrend(generateNoise('gaussian', 240, sigma, rng), slope);
    const s = addSteps(noise, sigma * (4 + 12 * rng.next()), 2, 40, rng);
    const found = detect(s.values, 'ms').map((c) => c.index);
    out.tally.add(matchChanges(s.steps, found, 5), s.sizes.map((x) => Math.abs(Math.log1p(x)) / sigma));
    const flat = Float64Array.from(addTrend(generateNoise('gaussian', 240, sigma, rng), slope), (e) => 100 * Math.exp(e));
    out.commits += flat.length;
    out.falseAlarms += detect(flat, 'ms').filter((c) => c.status === 'confirmed').length;
  }
  return out;
}

export interface SpikeNearStepResult {
  trials: number;
  /** The step found within 1 commit of its place, found further away, or not found. */
  within1: number;
  moved: number;
  missed: number;
}

/** An 8σ step at 100 with a ±10σ spike 2 to 6 commits before or after it. */
export function evaluateSpikeNearStep(reps: number): SpikeNearStepResult {
  const r: SpikeNearStepResult = { trials: 0, within1: 0, moved: 0, missed: 0 };
  for (let rep = 0; rep < reps; rep++) {
    const rng = createRandom(840_000 + rep);
    const noise = generateNoise('gaussian', 200, 0.01, rng);
    const offset = (rng.next() < 0.5 ? -1 : 1) * (2 + rng.int(0, 5));
    noise[100 + offset] = (noise[100 + offset] as number) + (rng.next() < 0.5 ? -0.1 : 0.1);
    const values = Float64Array.from(noise, (e, i) => 100 * Math.exp(e) * (i >= 100 ? 1.08 : 1));
    const found = detect(values, 'ms').map((c) => c.index);
    r.trials++;
    const nearest = found.reduce((best, f) => (Math.abs(f - 100) < Math.abs(best - 100) ? f : best), Infinity);
    if (Math.abs(nearest - 100) <= 1) r.within1++;
    else if (Math.abs(nearest - 100) <= 10) r.moved++;
    else r.missed++;
  }
  return r;
}
