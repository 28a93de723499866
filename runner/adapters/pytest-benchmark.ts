/**
 * pytest-benchmark JSON (`pytest --benchmark-json=<file>`).
 *
 * The metric is the test's full pytest id (`tests/test_parse.py::test_small[10]`),
 * under its benchmark group when it has one; the value is the mean time per
 * round in s. The raw per-round times (`stats.data`, written when the run
 * used --benchmark-save-data or --benchmark-json with data) become samples,
 * but only when every entry is a number: a trimmed list is not a sample set.
 */
import { z } from 'zod';
import type { Adapter } from './adapter.ts';
import { readJson } from './json-input.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { joinMetric } from './metric-names.ts';

const FORMAT = 'pytest-benchmark';

const OutputSchema = z.object({
  benchmarks: z.array(z.object({
    group: z.string().nullable().optional(),
    name: z.string(),
    fullname: z.string(),
    stats: z.object({
      mean: z.number(),
      data: z.array(z.unknown()).optional(),
    }),
  })),
});

function allNumbers(values: readonly unknown[]): values is number[] {
  return values.every((v) => typeof v === 'number' && Number.isFinite(v));
}

export const pytestBenchmark: Adapter = {
  title: 'pytest-benchmark (Python) JSON (--benchmark-json)',
  example: 'pytest benchmarks/ --benchmark-only --benchmark-json="$2"',
  detect(text) {
    return /"benchmarks"\s*:/.test(text) && /"fullname"\s*:/.test(text) && /"stats"\s*:/.test(text);
  },
  parse(text, source) {
    const output = readJson(FORMAT, OutputSchema, text, source);
    const set = createMeasurementSet(FORMAT, source);
    output.benchmarks.forEach((b, index) => {
      const data = b.stats.data ?? [];
      set.add(joinMetric(b.group, b.fullname), {
        value: b.stats.mean,
        samples: allNumbers(data) ? data : undefined,
        unit: 's',
        direction: -1,
      }, { path: `benchmarks[${index}]` });
    });
    return set.finish('entries in "benchmarks"');
  },
};
