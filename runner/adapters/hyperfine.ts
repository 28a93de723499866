/**
 * hyperfine JSON (`hyperfine --export-json <file> ...`).
 *
 * The metric is the command (or its --command-name), the value the mean wall
 * time in s, the samples every timed run (`times`). Mean user and system CPU
 * times become the `//user` and `//system` submetrics. Commands that share a
 * name (a --parameter-scan with a fixed --command-name) get their parameters
 * appended. Runs that exited non-zero (kept with --ignore-failure) are reported
 * as failures.
 */
import { z } from 'zod';
import type { Adapter } from './adapter.ts';
import { readJson } from './json-input.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { qualifyCollisions, submetricName } from './metric-names.ts';

const FORMAT = 'hyperfine';
const SECONDS = { unit: 's', direction: -1 } as const;

const OutputSchema = z.object({
  results: z.array(z.object({
    command: z.string(),
    mean: z.number(),
    user: z.number().optional(),
    system: z.number().optional(),
    times: z.array(z.number()).optional(),
    exit_codes: z.array(z.number().nullable()).optional(),
    parameters: z.record(z.string(), z.string()).optional(),
  })),
});

export const hyperfine: Adapter = {
  title: 'hyperfine (command-line benchmarks) JSON export (--export-json)',
  example: 'hyperfine --warmup 1 --export-json "$2" "./target/release/tool input.txt"',
  detect(text) {
    return /"results"\s*:/.test(text) && /"command"\s*:/.test(text) && /"mean"\s*:/.test(text);
  },
  parse(text, source) {
    const output = readJson(FORMAT, OutputSchema, text, source);
    const set = createMeasurementSet(FORMAT, source);
    const names = qualifyCollisions(
      output.results,
      (r) => r.command,
      (r) => Object.entries(r.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(', '),
    );
    output.results.forEach((result, index) => {
      const metric = names[index] as string;
      const where = { path: `results[${index}]` };
      set.add(metric, { value: result.mean, samples: result.times, ...SECONDS }, where);
      if (result.user !== undefined) set.add(submetricName(metric, 'user'), { value: result.user, ...SECONDS }, where);
      if (result.system !== undefined) set.add(submetricName(metric, 'system'), { value: result.system, ...SECONDS }, where);
      const failed = (result.exit_codes ?? []).filter((code) => code !== 0);
      if (failed.length > 0) {
        set.fail(0, `command "${metric}" failed in ${failed.length} of ${result.exit_codes?.length ?? 0} runs (exit codes: ${[...new Set(failed)].join(', ')})`);
      }
    });
    return set.finish('entries in "results"');
  },
};
