/**
 * Criterion.rs machine-readable outputs:
 * - `cargo criterion --message-format=json`: one JSON message per line; each
 *   "benchmark-complete" carries the estimates and the raw measurements
 *   (`measured_values[i]` over `iteration_count[i]` iterations, which become the
 *   per-iteration samples).
 * - `target/criterion/<id>/new/estimates.json`: the estimates of one benchmark in
 *   nanoseconds; the benchmark is named by its directory, as the file holds no name.
 */
import { z } from 'zod';
import type { ParsedOutput } from './adapter.ts';
import { parseFailed } from './adapter-error.ts';
import { parseJsonText, readJson, validateJson } from './json-input.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { submetricName } from './metric-names.ts';
import { splitLines } from './text-lines.ts';
import { NANOSECONDS, normalizeUnit, scaleValue } from './units.ts';

const FORMAT = 'criterion';

const MessageSchema = z.looseObject({ reason: z.string() });

const StatisticSchema = z.object({ estimate: z.number(), unit: z.string() });

const BenchmarkCompleteSchema = z.object({
  id: z.string(),
  iteration_count: z.array(z.number()),
  measured_values: z.array(z.number()),
  unit: z.string(),
  throughput: z.array(z.object({ per_iteration: z.number(), unit: z.string() })).optional(),
  typical: StatisticSchema,
});

/** Units of `throughput[].unit`: what one iteration processes. */
const THROUGHPUT_UNITS: Record<string, string> = { bytes: 'B/s', bytes_decimal: 'B/s', elements: 'ops/s' };

export function parseCriterionMessages(text: string, source: string): ParsedOutput {
  const set = createMeasurementSet(FORMAT, source);
  splitLines(text).forEach((line, index) => {
    const lineNumber = index + 1;
    // cargo prints its own progress on stderr; anything else here that is not JSON is not ours to read.
    if (!line.trimStart().startsWith('{')) return;
    const where = { line: lineNumber };
    const message = validateJson(FORMAT, MessageSchema, parseJsonText(FORMAT, line, source, lineNumber), source, where);
    if (message.reason !== 'benchmark-complete') return;
    const bench = validateJson(FORMAT, BenchmarkCompleteSchema, message, source, where);
    const scale = normalizeUnit(bench.typical.unit);
    const sampleScale = normalizeUnit(bench.unit);
    const unit = scale?.unit ?? bench.typical.unit;
    const samples = bench.measured_values.map((measured, i) => {
      const iterations = bench.iteration_count[i];
      if (iterations === undefined || iterations <= 0) {
        throw parseFailed(FORMAT, source, { ...where, path: `iteration_count[${i}]` }, 'a positive iteration count for each measured value', String(iterations ?? 'nothing'));
      }
      return sampleScale === undefined ? measured / iterations : scaleValue(measured / iterations, sampleScale);
    });
    const value = scale === undefined ? bench.typical.estimate : scaleValue(bench.typical.estimate, scale);
    // Custom Criterion measurements (cycles, instructions) keep their unit; lower is better for all of them.
    set.add(bench.id, { value, samples, unit, direction: scale?.direction ?? -1 }, where);
    const throughput = bench.throughput?.[0];
    const rateUnit = throughput === undefined ? undefined : THROUGHPUT_UNITS[throughput.unit];
    if (throughput !== undefined && rateUnit !== undefined && scale?.unit === 's' && value > 0) {
      set.add(submetricName(bench.id, 'thrpt'), { value: throughput.per_iteration / value, unit: rateUnit, direction: 1 }, where);
    }
  });
  return set.finish('"benchmark-complete" messages, one JSON object per line');
}

const EstimateSchema = z.object({ point_estimate: z.number() });

const EstimatesSchema = z.object({
  mean: EstimateSchema,
  median: EstimateSchema,
  median_abs_dev: EstimateSchema,
  slope: EstimateSchema.nullable().optional(),
  std_dev: EstimateSchema,
});

/** `target/criterion/parse/small/new/estimates.json` -> `parse/small`. */
function benchmarkIdFromPath(source: string): string | undefined {
  const parts = source.split(/[\\/]/);
  const run = parts.at(-2);
  if (parts.at(-1) !== 'estimates.json' || (run !== 'new' && run !== 'base')) return undefined;
  const root = parts.lastIndexOf('criterion', -3);
  const id = root === -1 ? parts.slice(-3, -2) : parts.slice(root + 1, -2);
  return id.length === 0 || id.some((p) => p === '') ? undefined : id.join('/');
}

export function parseCriterionEstimates(text: string, source: string): ParsedOutput {
  const estimates = readJson(FORMAT, EstimatesSchema, text, source);
  const id = benchmarkIdFromPath(source);
  if (id === undefined) {
    throw parseFailed(FORMAT, source, {}, 'a path like target/criterion/<benchmark>/new/estimates.json, which names the benchmark', JSON.stringify(source));
  }
  // Criterion's "typical" estimate: the slope of time over iterations when it was measured, else the mean.
  const estimate = estimates.slope?.point_estimate ?? estimates.mean.point_estimate;
  const set = createMeasurementSet(FORMAT, source);
  set.add(id, { value: scaleValue(estimate, NANOSECONDS), unit: 's', direction: -1 }, {});
  return set.finish('estimates');
}
