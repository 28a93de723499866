/**
 * Merges the measurements of a suite's repeated process runs into one
 * measurement per metric. Pure.
 */
import type { BenchMeasurement } from './contract.ts';

export interface MergedRepeats {
  /** In order of first appearance. */
  measurements: BenchMeasurement[];
  /** Inconsistencies between runs, each naming the metric and the runs. */
  problems: string[];
  samplesPerMetric: Record<string, number>;
}

interface Accumulator {
  first: BenchMeasurement;
  firstRun: number;
  runs: number[];
  samples: number[];
  explicitSamples: boolean;
}

/**
 * `runs[i]` holds what run i+1 reported. Samples are concatenated across runs;
 * the value is the median of all samples, except when a single run gave an
 * explicit value, which is kept as it is. With `requireEveryMetric`, a metric
 * absent from some runs is a problem (skip it for an incomplete set of runs).
 */
export function mergeRepeats(runs: readonly (readonly BenchMeasurement[])[], requireEveryMetric: boolean): MergedRepeats {
  const byMetric = new Map<string, Accumulator>();
  const problems: string[] = [];
  runs.forEach((measurements, index) => {
    const run = index + 1;
    for (const m of measurements) {
      const reported = m.samples ?? (m.value === undefined ? [] : [m.value]);
      if (reported.length === 0 || reported.some((s) => !Number.isFinite(s)) || (m.value !== undefined && !Number.isFinite(m.value))) {
        problems.push(`metric "${m.metric}" has no finite value on run ${run}; report finite numbers only`);
        continue;
      }
      const acc = byMetric.get(m.metric);
      if (acc === undefined) {
        byMetric.set(m.metric, { first: m, firstRun: run, runs: [run], samples: [...reported], explicitSamples: m.samples !== undefined });
        continue;
      }
      compareSetting(acc, m, run, 'unit', problems);
      compareSetting(acc, m, run, 'direction', problems);
      acc.runs.push(run);
      acc.samples.push(...reported);
      acc.explicitSamples ||= m.samples !== undefined;
    }
  });

  const measurements: BenchMeasurement[] = [];
  const samplesPerMetric: Record<string, number> = {};
  for (const [metric, acc] of byMetric) {
    if (requireEveryMetric && acc.runs.length < runs.length) {
      const missing = runs.map((_, i) => i + 1).filter((run) => !acc.runs.includes(run));
      problems.push(`metric "${metric}" is missing from ${listRuns(missing)} of ${runs.length} (reported on ${listRuns(acc.runs)}); report every metric on every run`);
    }
    const single = runs.length === 1 && acc.first.value !== undefined;
    const merged: BenchMeasurement = { metric, value: single && acc.first.value !== undefined ? acc.first.value : median(acc.samples) };
    if (acc.explicitSamples || acc.samples.length > 1) merged.samples = acc.samples;
    if (acc.first.unit !== undefined) merged.unit = acc.first.unit;
    if (acc.first.direction !== undefined) merged.direction = acc.first.direction;
    measurements.push(merged);
    samplesPerMetric[metric] = acc.samples.length;
  }
  return { measurements, problems, samplesPerMetric };
}

/** Median of a non-empty list; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

function compareSetting(acc: Accumulator, m: BenchMeasurement, run: number, key: 'unit' | 'direction', problems: string[]): void {
  const before = acc.first[key];
  const now = m[key];
  if (before === now) return;
  const show = (v: string | number | undefined): string => (v === undefined ? 'none' : JSON.stringify(v));
  problems.push(`metric "${m.metric}" has ${key} ${show(before)} on run ${acc.firstRun} but ${show(now)} on run ${run}; report the same ${key} on every run`);
}

function listRuns(runs: readonly number[]): string {
  return runs.length === 1 ? `run ${runs[0]}` : `runs ${runs.join(', ')}`;
}
