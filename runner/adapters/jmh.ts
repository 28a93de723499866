/**
 * JMH (Java) results as written by `-rf json -rff <file>`: an array with one
 * entry per benchmark and parameter set.
 *
 * The metric is `<class>/<method>(<param>=<value>, ...)`, its value the score
 * and its samples the per-iteration `rawData` of every fork. The score unit
 * decides the direction: `ops/s` and the like are throughput (higher is
 * better), `ns/op` and the like are time (lower is better). Secondary metrics
 * (profilers: `gc.alloc.rate.norm`, sample-mode percentiles) become submetrics.
 * When one benchmark ran in several modes, the mode is appended to tell them apart.
 */
import { z } from 'zod';
import type { Adapter } from './adapter.ts';
import { readJson } from './json-input.ts';
import { createMeasurementSet, type MeasurementSet } from './measurement-set.ts';
import { formatParams, qualifyCollisions, splitAtLast, submetricName } from './metric-names.ts';
import { normalizeUnit, scaleValue } from './units.ts';

const FORMAT = 'jmh';

const MetricSchema = z.object({
  // NaN (a run with no result) arrives as "NaN" or, bare in the file, as null.
  score: z.union([z.number(), z.literal('NaN'), z.null()]),
  scoreUnit: z.string(),
  rawData: z.array(z.array(z.number().nullable())).optional(),
});

const EntrySchema = z.object({
  benchmark: z.string(),
  mode: z.string(),
  params: z.record(z.string(), z.string()).optional(),
  primaryMetric: MetricSchema,
  secondaryMetrics: z.record(z.string(), MetricSchema).optional(),
});

const OutputSchema = z.array(EntrySchema);

type JmhMetric = z.infer<typeof MetricSchema>;

/** The GC profiler's "MB/sec" counts 1024 x 1024 bytes. */
const JMH_UNITS: Record<string, string> = { 'MB/sec': 'MiB/s' };

/** Allocation rate grows with throughput, so neither direction means better; gc.alloc.rate.norm (B/op) is the one to watch. */
const NEUTRAL = new Set(['gc.alloc.rate']);

function addMetric(set: MeasurementSet, metric: string, name: string, data: JmhMetric, path: string): void {
  if (typeof data.score !== 'number') {
    set.fail(0, `benchmark "${metric}" has no score (NaN)`);
    return;
  }
  const unit = JMH_UNITS[data.scoreUnit] ?? data.scoreUnit;
  const scale = normalizeUnit(unit);
  const samples = (data.rawData ?? []).flat().filter((s): s is number => s !== null);
  const convert = (v: number): number => (scale === undefined ? v : scaleValue(v, scale));
  const direction = NEUTRAL.has(name) ? 0 : scale?.direction;
  set.add(metric, { value: convert(data.score), samples: samples.map(convert), unit: scale?.unit ?? unit, direction }, { path });
}

export const jmh: Adapter = {
  title: 'JMH (Java) JSON results (-rf json)',
  example: 'java -jar target/benchmarks.jar -rf json -rff "$2"',
  detect(text) {
    return /^\s*\[/.test(text) && /"primaryMetric"\s*:/.test(text) && /"benchmark"\s*:/.test(text);
  },
  parse(text, source) {
    const entries = readJson(FORMAT, OutputSchema, text, source);
    const set = createMeasurementSet(FORMAT, source);
    const names = qualifyCollisions(
      entries,
      (e) => splitAtLast(e.benchmark) + formatParams(Object.entries(e.params ?? {})),
      (e) => e.mode,
    );
    entries.forEach((entry, index) => {
      const metric = names[index] as string;
      addMetric(set, metric, '', entry.primaryMetric, `[${index}].primaryMetric`);
      for (const [key, secondary] of Object.entries(entry.secondaryMetrics ?? {})) {
        const name = key.replace(/^[·:]/, '');
        addMetric(set, submetricName(metric, name), name, secondary, `[${index}].secondaryMetrics`);
      }
    });
    return set.finish('benchmark entries in the JSON array');
  },
};
