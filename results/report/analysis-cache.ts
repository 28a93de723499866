/**
 * Analyses cached per series between builds. Each analysis is a pure
 * function of the series' values and samples, its unit, direction and floor,
 * and the analysis code: the hash covers all of them (ANALYSIS_VERSION stands
 * for the code), so a cached result is reused only for the same input.
 */
import { createHash } from 'node:crypto';
import type { Direction } from '../schema.ts';
import type { SeriesAnalysis } from '../analysis/series.ts';
import { ANALYSIS_VERSION } from '../analysis/version.ts';

export interface AnalysisCache {
  get(key: string, hash: string): SeriesAnalysis | undefined;
  set(key: string, hash: string, analysis: SeriesAnalysis): void;
}

/** Hash of everything an analysis of the series reads. */
export function hashSeriesInput(points: readonly { value: number; samples?: ArrayLike<number> | undefined }[], unit: string | null, direction: Direction, floor: number | null): string {
  let length = points.length * 2;
  for (const p of points) length += p.samples?.length ?? 0;
  // Per point: the value, the number of samples, the samples.
  const numbers = new Float64Array(length);
  let at = 0;
  for (const p of points) {
    numbers[at++] = p.value;
    const samples = p.samples;
    const n = samples?.length ?? 0;
    numbers[at++] = n;
    for (let i = 0; i < n; i++) numbers[at++] = (samples as ArrayLike<number>)[i] as number;
  }
  return createHash('sha1')
    .update(JSON.stringify([ANALYSIS_VERSION, unit, direction, floor, points.length]))
    .update(new Uint8Array(numbers.buffer))
    .digest('hex');
}
