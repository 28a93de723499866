/**
 * Google Benchmark JSON (`--benchmark_format=json` or `--benchmark_out=<file>`).
 *
 * real_time is the metric (in s) and cpu_time its `//cpu` submetric; user
 * counters become submetrics too (`bytes_per_second` in B/s, `items_per_second`
 * in ops/s, others as they are). With `--benchmark_repetitions`, the raw
 * repetitions become samples and the mean/median/stddev rows are skipped; those
 * aggregate rows are used only when the raw ones are absent
 * (`--benchmark_report_aggregates_only`), the mean preferred. Versions before
 * 1.5 wrote no `run_type`: their aggregate rows are the ones named
 * `<run>_mean`, `_median`, `_stddev` (or `_cv`) next to rows named `<run>`.
 */
import { z } from 'zod';
import type { Adapter } from './adapter.ts';
import { parseFailed } from './adapter-error.ts';
import { readJson } from './json-input.ts';
import { createMeasurementSet, type MeasurementSet } from './measurement-set.ts';
import { submetricName } from './metric-names.ts';
import { normalizeUnit, scaleValue } from './units.ts';

const FORMAT = 'google-benchmark';

const EntrySchema = z.looseObject({
  name: z.string(),
  run_name: z.string().optional(),
  run_type: z.enum(['iteration', 'aggregate']).optional(),
  aggregate_name: z.string().optional(),
  aggregate_unit: z.string().optional(),
  real_time: z.number().optional(),
  cpu_time: z.number().optional(),
  time_unit: z.string().optional(),
  error_occurred: z.boolean().optional(),
  error_message: z.string().optional(),
});

const OutputSchema = z.object({
  context: z.looseObject({}).optional(),
  benchmarks: z.array(EntrySchema),
});

type Entry = z.infer<typeof EntrySchema>;

/** Fields of an entry that are not user counters. */
const FIELDS = new Set([
  'name', 'family_index', 'per_family_instance_index', 'run_name', 'run_type', 'repetitions', 'repetition_index',
  'threads', 'iterations', 'real_time', 'cpu_time', 'time_unit', 'aggregate_name', 'aggregate_unit', 'label',
  'error_occurred', 'error_message', 'skipped', 'skip_message', 'big_o', 'real_coefficient', 'cpu_coefficient', 'rms',
]);

const COUNTER_UNITS: Record<string, { unit: string; direction: 1 }> = {
  bytes_per_second: { unit: 'B/s', direction: 1 },
  items_per_second: { unit: 'ops/s', direction: 1 },
};

const MEMORY_UNITS: Record<string, { unit: string; direction: -1 }> = {
  allocs_per_iter: { unit: 'allocs', direction: -1 },
  max_bytes_used: { unit: 'B', direction: -1 },
};

function readEntry(entry: Entry, index: number, set: MeasurementSet, source: string): void {
  const metric = entry.run_name ?? entry.name;
  const where = { path: `benchmarks[${index}]` };
  if (entry.real_time === undefined || entry.cpu_time === undefined || entry.time_unit === undefined) {
    throw parseFailed(FORMAT, source, where, '"real_time", "cpu_time" and "time_unit" in each result', JSON.stringify(entry.name));
  }
  const scale = normalizeUnit(entry.time_unit);
  if (scale === undefined || scale.unit !== 's') throw parseFailed(FORMAT, source, { path: `${where.path}.time_unit` }, 'ns, us, ms or s', JSON.stringify(entry.time_unit));
  const time = { unit: scale.unit, direction: scale.direction };
  set.addRepeat(metric, scaleValue(entry.real_time, scale), time, where);
  set.addRepeat(submetricName(metric, 'cpu'), scaleValue(entry.cpu_time, scale), time, where);
  for (const [key, value] of Object.entries(entry)) {
    if (FIELDS.has(key) || typeof value !== 'number') continue;
    set.addRepeat(submetricName(metric, key), value, COUNTER_UNITS[key] ?? MEMORY_UNITS[key] ?? {}, where);
  }
}

const OLD_AGGREGATE = /^(.+)_(mean|median|stddev|cv)$/;

/** Rows of an output without `run_type` that are aggregates of rows beside them, given the fields later versions write. */
function markOldAggregates(entries: Entry[]): Entry[] {
  if (entries.some((e) => e.run_type !== undefined)) return entries;
  const names = new Set(entries.map((e) => e.name));
  return entries.map((entry) => {
    const match = OLD_AGGREGATE.exec(entry.name);
    if (match === null || !names.has(match[1] as string)) return entry;
    const aggregate = match[2] as string;
    return { ...entry, run_type: 'aggregate', run_name: match[1] as string, aggregate_name: aggregate, ...(aggregate === 'cv' ? { aggregate_unit: 'percentage' } : {}) };
  });
}

export const googleBenchmark: Adapter = {
  title: 'Google Benchmark (C++) JSON output',
  example: './bench --benchmark_repetitions=5 --benchmark_out_format=json --benchmark_out="$2"',
  detect(text) {
    return /"benchmarks"\s*:/.test(text) && /"time_unit"\s*:/.test(text) && /"(?:run_type|real_time)"\s*:/.test(text);
  },
  parse(text, source) {
    const output = readJson(FORMAT, OutputSchema, text, source);
    output.benchmarks = markOldAggregates(output.benchmarks);
    const set = createMeasurementSet(FORMAT, source);
    const rawRuns = new Set(output.benchmarks.filter((e) => e.run_type !== 'aggregate' && e.error_occurred !== true).map((e) => e.run_name ?? e.name));
    const aggregatesOf = (run: string): Set<string> =>
      new Set(output.benchmarks.filter((e) => e.run_type === 'aggregate' && (e.run_name ?? e.name) === run).map((e) => e.aggregate_name ?? ''));
    output.benchmarks.forEach((entry, index) => {
      const run = entry.run_name ?? entry.name;
      if (entry.error_occurred === true) {
        set.fail(0, `benchmark "${run}" failed: ${entry.error_message ?? 'no message'}`);
        return;
      }
      if (entry.run_type !== 'aggregate') return readEntry(entry, index, set, source);
      if (rawRuns.has(run)) return;
      const preferred = aggregatesOf(run).has('mean') ? 'mean' : 'median';
      if (entry.aggregate_name === preferred && entry.aggregate_unit !== 'percentage') readEntry(entry, index, set, source);
    });
    return set.finish('entries in "benchmarks"');
  },
};
