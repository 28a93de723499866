/**
 * An airspeed velocity results file, format version 2:
 * `.asv/results/<machine>/<commit>-<environment>.json`. Each benchmark's row
 * follows `result_columns`; `result` holds one value per parameter combination
 * (the cartesian product of `params`, the last parameter varying fastest) and
 * `samples`, when asv ran with --record-samples, the raw repeats of each.
 *
 * The metric is `<module.Class>/<benchmark>(<param values>)`. The unit follows
 * asv's naming convention: `time_*` in s, `mem_*` and `peakmem_*` in B,
 * `track_*` as reported; asv counts every kind as lower is better.
 */
import { z } from 'zod';
import type { ParsedOutput } from './adapter.ts';
import { parseFailed } from './adapter-error.ts';
import { formatJsonPath, readJson } from './json-input.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { formatParams, splitAtLast } from './metric-names.ts';

const FORMAT = 'asv';

const ResultsFileSchema = z.object({
  version: z.literal(2),
  result_columns: z.array(z.string()),
  results: z.record(z.string(), z.array(z.unknown())),
});

/** The unit asv implies by the benchmark's name prefix. */
export function asvUnit(name: string): string | undefined {
  const leaf = name.slice(name.lastIndexOf('.') + 1);
  if (leaf.startsWith('time_')) return 's';
  if (leaf.startsWith('mem_') || leaf.startsWith('peakmem_')) return 'B';
  return undefined;
}

/** Every combination of the parameter values, in asv's order (last parameter fastest). */
function combine(params: readonly (readonly string[])[]): string[][] {
  return params.reduce<string[][]>((combos, values) => combos.flatMap((combo) => values.map((v) => [...combo, v])), [[]]);
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNumberOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

export function parseAsvResults(text: string, source: string): ParsedOutput {
  const file = readJson(FORMAT, ResultsFileSchema, text, source);
  const column = (name: string): number => file.result_columns.indexOf(name);
  const [resultAt, paramsAt, samplesAt] = [column('result'), column('params'), column('samples')];
  if (resultAt === -1) throw parseFailed(FORMAT, source, { path: 'result_columns' }, 'a "result" column', JSON.stringify(file.result_columns));
  const set = createMeasurementSet(FORMAT, source);
  for (const [name, row] of Object.entries(file.results)) {
    const at = (index: number): string => formatJsonPath(['results', name, index]);
    // asv drops trailing empty columns, so a short row is fine.
    const rawParams = paramsAt === -1 ? [] : (row[paramsAt] ?? []);
    if (!Array.isArray(rawParams) || !rawParams.every(isStringList)) throw parseFailed(FORMAT, source, { path: at(paramsAt) }, 'lists of parameter values', JSON.stringify(rawParams));
    const combos = combine(rawParams);
    const results = row[resultAt];
    if (results === null || results === undefined) {
      set.fail(0, `benchmark "${name}" has no result (it failed or was skipped)`);
      continue;
    }
    if (!Array.isArray(results) || !results.every(isNumberOrNull) || results.length !== combos.length) {
      throw parseFailed(FORMAT, source, { path: at(resultAt) }, `${combos.length} numbers or nulls, one per parameter combination`, JSON.stringify(results).slice(0, 60));
    }
    const rawSamples = samplesAt === -1 ? undefined : row[samplesAt];
    const unit = asvUnit(name);
    results.forEach((value, i) => {
      const metric = splitAtLast(name) + formatParams(combos[i] ?? []);
      if (value === null) {
        set.fail(0, `benchmark "${metric}" has no result (it failed or was skipped)`);
        return;
      }
      const samples = Array.isArray(rawSamples) ? rawSamples[i] : undefined;
      set.add(metric, {
        value,
        samples: Array.isArray(samples) && samples.every((s) => typeof s === 'number' && Number.isFinite(s)) ? samples : undefined,
        unit,
        direction: -1,
      }, { path: at(resultAt) });
    });
  }
  return set.finish('benchmarks in "results"');
}
