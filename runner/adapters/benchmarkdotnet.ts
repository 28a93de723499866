/**
 * BenchmarkDotNet (.NET) JSON export (`--exporters json`, or JsonExporter.Full
 * in code): `BenchmarkDotNet.Artifacts/results/*-report-full.json`.
 *
 * The metric is `<Namespace>.<Type>/<Method>(<params>)`, its value the mean
 * time per operation in s, its samples the per-operation times of the
 * Workload/Result iterations (or `Statistics.OriginalValues` when the
 * measurements were not exported). With [MemoryDiagnoser], the bytes allocated
 * per operation become the `//alloc` submetric. When one method ran in
 * several jobs (runtimes), the job is appended to tell them apart.
 */
import { z } from 'zod';
import type { Adapter } from './adapter.ts';
import { parseFailed } from './adapter-error.ts';
import { readJson } from './json-input.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { formatParams, joinMetric, qualifyCollisions, submetricName } from './metric-names.ts';
import { NANOSECONDS, scaleValue } from './units.ts';

const FORMAT = 'benchmarkdotnet';

const BenchmarkSchema = z.object({
  DisplayInfo: z.string().optional(),
  Namespace: z.string().nullable().optional(),
  Type: z.string().nullable().optional(),
  Method: z.string(),
  Parameters: z.string().nullable().optional(),
  Statistics: z.object({
    Mean: z.number(),
    OriginalValues: z.array(z.number()).optional(),
  }).nullable().optional(),
  Memory: z.object({ BytesAllocatedPerOperation: z.number().nullable().optional() }).nullable().optional(),
  Measurements: z.array(z.object({
    IterationMode: z.string(),
    IterationStage: z.string(),
    Operations: z.number(),
    Nanoseconds: z.number(),
  })).optional(),
});

const OutputSchema = z.object({ Benchmarks: z.array(BenchmarkSchema) });

type Benchmark = z.infer<typeof BenchmarkSchema>;

/** `N=10&Mode=Fast` (BenchmarkDotNet's own encoding) -> `(N=10, Mode=Fast)`. */
function readableParams(parameters: string | null | undefined): string {
  if (parameters === null || parameters === undefined || parameters === '') return '';
  return formatParams(parameters.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? pair : ([pair.slice(0, eq), pair.slice(eq + 1)] as const);
  }));
}

function baseName(b: Benchmark): string {
  const group = [b.Namespace, b.Type].filter((p) => p !== null && p !== undefined && p !== '').join('.');
  return joinMetric(group, b.Method) + readableParams(b.Parameters);
}

/** `Type.Method: .NET 8.0(Runtime=.NET 8.0) [N=10]` -> `.NET 8.0(Runtime=.NET 8.0)`: the parameters are in the name already. */
function jobOf(b: Benchmark): string {
  const info = b.DisplayInfo ?? '';
  const at = info.indexOf(': ');
  return at === -1 ? '' : info.slice(at + 2).replace(/\s*\[[^\]]*\]$/, '').trim();
}

export const benchmarkDotNet: Adapter = {
  title: 'BenchmarkDotNet (.NET) full JSON export (*-report-full.json)',
  example: 'dotnet run -c Release -- --exporters json --filter "*" && cp BenchmarkDotNet.Artifacts/results/*-report-full.json "$2"',
  detect(text) {
    return /"Benchmarks"\s*:/.test(text) && /"(?:Statistics|HostEnvironmentInfo)"\s*:/.test(text);
  },
  parse(text, source) {
    const output = readJson(FORMAT, OutputSchema, text, source);
    const set = createMeasurementSet(FORMAT, source);
    const names = qualifyCollisions(output.Benchmarks, baseName, jobOf);
    output.Benchmarks.forEach((b, index) => {
      const metric = names[index] as string;
      const path = `Benchmarks[${index}]`;
      if (b.Statistics === null || b.Statistics === undefined) {
        set.fail(0, `benchmark "${metric}" has no statistics (it failed or did not run)`);
        return;
      }
      const results = (b.Measurements ?? []).filter((m) => m.IterationMode === 'Workload' && m.IterationStage === 'Result');
      const bad = results.findIndex((m) => m.Operations <= 0);
      if (bad !== -1) throw parseFailed(FORMAT, source, { path: `${path}.Measurements` }, 'a positive "Operations" in every Workload/Result measurement', String(results[bad]?.Operations));
      const perOperation = results.length > 0 ? results.map((m) => m.Nanoseconds / m.Operations) : (b.Statistics.OriginalValues ?? []);
      set.add(metric, {
        value: scaleValue(b.Statistics.Mean, NANOSECONDS),
        samples: perOperation.map((ns) => scaleValue(ns, NANOSECONDS)),
        unit: 's',
        direction: -1,
      }, { path });
      const allocated = b.Memory?.BytesAllocatedPerOperation;
      if (typeof allocated === 'number') set.add(submetricName(metric, 'alloc'), { value: allocated, unit: 'B', direction: -1 }, { path });
    });
    return set.finish('entries in "Benchmarks"');
  },
};
