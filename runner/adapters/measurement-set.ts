/**
 * Collects what an adapter reads, in output order: one measurement per metric,
 * repeats of one metric folded into samples (`go test -count`, Google Benchmark
 * repetitions), benchmark failures beside them. A metric reported twice where the
 * format has no repeats is an error, not a silent overwrite.
 */
import type { Direction } from '../../results/schema.ts';
import type { BenchFailure, ParsedOutput } from './adapter.ts';
import type { BenchMeasurement } from '../bench/contract.ts';
import { describeLocation, noResults, parseFailed, type OutputLocation } from './adapter-error.ts';

export interface MeasurementFields {
  value?: number | undefined;
  samples?: readonly number[] | undefined;
  unit?: string | undefined;
  direction?: Direction | undefined;
}

/** A BenchMeasurement with only the fields that have a value (the contract has no nulls). */
export function makeMeasurement(metric: string, fields: MeasurementFields): BenchMeasurement {
  const m: BenchMeasurement = { metric };
  if (fields.value !== undefined) m.value = fields.value;
  if (fields.samples !== undefined && fields.samples.length > 0) m.samples = [...fields.samples];
  if (fields.unit !== undefined) m.unit = fields.unit;
  if (fields.direction !== undefined) m.direction = fields.direction;
  return m;
}

interface Entry {
  where: OutputLocation;
  measurement: BenchMeasurement | undefined;
  repeats: number[] | undefined;
  unit: string | undefined;
  direction: Direction | undefined;
}

export interface MeasurementSet {
  /** Adds a measurement that must be the only one for its metric. */
  add(metric: string, fields: MeasurementFields, where: OutputLocation): void;
  /** Adds one repeat of a metric; several repeats become its samples. */
  addRepeat(metric: string, value: number, fields: Omit<MeasurementFields, 'value' | 'samples'>, where: OutputLocation): void;
  /** Records a benchmark the harness reported as failed. */
  fail(line: number, message: string): void;
  has(metric: string): boolean;
  /** The result; throws ADAPTER_NO_RESULTS when there is neither a measurement nor a failure. */
  finish(expected: string): ParsedOutput;
}

export function createMeasurementSet(format: string, source: string): MeasurementSet {
  const entries = new Map<string, Entry>();
  const failures: BenchFailure[] = [];

  const duplicate = (metric: string, where: OutputLocation, first: OutputLocation): never => {
    throw parseFailed(format, source, where, 'each benchmark once', `a second result for "${metric}" (the first is at ${describeLocation(source, first)})`);
  };

  return {
    add(metric, fields, where) {
      const existing = entries.get(metric);
      if (existing !== undefined) duplicate(metric, where, existing.where);
      entries.set(metric, { where, measurement: makeMeasurement(metric, fields), repeats: undefined, unit: undefined, direction: undefined });
    },
    addRepeat(metric, value, fields, where) {
      const existing = entries.get(metric);
      if (existing === undefined) {
        entries.set(metric, { where, measurement: undefined, repeats: [value], unit: fields.unit, direction: fields.direction });
        return;
      }
      if (existing.repeats === undefined) duplicate(metric, where, existing.where);
      existing.repeats?.push(value);
    },
    fail(line, message) {
      failures.push({ source, line, message });
    },
    has(metric) {
      return entries.has(metric);
    },
    finish(expected) {
      const measurements: BenchMeasurement[] = [];
      for (const [metric, entry] of entries) {
        if (entry.measurement !== undefined) {
          measurements.push(entry.measurement);
        } else if (entry.repeats !== undefined) {
          const single = entry.repeats.length === 1;
          measurements.push(makeMeasurement(metric, {
            value: single ? entry.repeats[0] : undefined,
            samples: single ? undefined : entry.repeats,
            unit: entry.unit,
            direction: entry.direction,
          }));
        }
      }
      if (measurements.length === 0 && failures.length === 0) throw noResults(format, source, expected);
      return { measurements, failures };
    },
  };
}
