/**
 * Times change-point detection over 1,000 series × 5,000 points (noise, a few
 * steps, some outliers), the size of a large results branch, and prints the
 * figure. Target: ≤ 5 s on a 2-core machine. Run: node test/bench/analysis.bench.ts
 */
import { detectChangePoints } from '../../results/analysis/change-points.ts';
import { estimateNoise } from '../../results/analysis/noise.ts';
import { createRandom } from '../eval/prng.ts';
import { generateStepSeries, NOISE_SHAPES } from '../eval/synthetic.ts';

const SERIES = 1000;
const POINTS = 5000;
const TARGET_SECONDS = 5;

export interface AnalysisBenchResult {
  series: number;
  points: number;
  seconds: number;
  /** CPU time of the loop (one thread): the wall-clock figure on an idle machine, and steady on a busy one. */
  cpuSeconds: number;
  changePoints: number;
}

export function runAnalysisBench(series = SERIES, points = POINTS): AnalysisBenchResult {
  const rng = createRandom(2026);
  const inputs = Array.from({ length: series }, (_, i) =>
    generateStepSeries(NOISE_SHAPES[i % NOISE_SHAPES.length] ?? 'gaussian', points, 0.01 + 0.02 * rng.next(), 0.05, 4, 200, rng).values,
  );
  const start = performance.now();
  const cpu = process.cpuUsage();
  let changePoints = 0;
  for (const values of inputs) {
    const noise = estimateNoise(values, { unit: 'ms' });
    changePoints += detectChangePoints(values, { noise, direction: -1 }).length;
  }
  const used = process.cpuUsage(cpu);
  return { series, points, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, changePoints };
}

if (import.meta.main) {
  const r = runAnalysisBench();
  const verdict = r.seconds <= TARGET_SECONDS ? 'within' : 'OVER';
  process.stdout.write(
    `analysis: noise + change points over ${r.series} series × ${r.points} points: ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s) ` +
      `(${((r.seconds / r.series) * 1000).toFixed(2)} ms per series, ${r.changePoints} changes found, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ${verdict} the ${TARGET_SECONDS} s target)\n`,
  );
}
