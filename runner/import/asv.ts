/**
 * An airspeed velocity results folder: every `<machine>/<commit8>-<env>.json`
 * (results format 2) is one run. Machine = the asv machine name, suite = the
 * environment ("conda-py3.12"), made path-safe: one series per Python and
 * dependency set, as asv itself keeps them apart. Commit time = the file's
 * `date` (asv records the commit's date), run time = when its first benchmark
 * started. Measurements come from the asv results adapter, samples included.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError, isPitwallError } from '../../results/errors.ts';
import { sanitizeMachineName } from '../../results/layout.ts';
import { parseAsvResults } from '../adapters/asv-results.ts';
import { splitAtLast } from '../adapters/metric-names.ts';
import type { BenchMeasurement } from '../bench/contract.ts';
import { readAsvLayout, readAsvUnits, ASV_BENCHMARKS, ASV_CONF } from './asv-layout.ts';
import type { ImportedMeasurement, ImportedRun, ImportFormat, ReadSourceOptions, SourceRead } from './imported-run.ts';
import { makeSourceFingerprint, type KnownMachineFacts } from './source-fingerprint.ts';
import { parseSourceJson, validateSourceJson } from './source-json.ts';
import { assignSuiteNames } from './suite-names.ts';

const TITLE = 'airspeed velocity';
const WHAT = 'asv results file';
export const ASV_SUBJECT = '(imported from asv)';

const HeaderSchema = z.object({
  commit_hash: z.string().regex(/^[0-9a-fA-F]{7,64}$/, 'a commit sha'),
  env_name: z.string().min(1),
  date: z.number(),
  params: z.record(z.string(), z.unknown()).optional(),
  result_columns: z.array(z.string()),
  results: z.record(z.string(), z.array(z.unknown())),
});
type Header = z.infer<typeof HeaderSchema>;

interface ResultFile {
  file: string;
  display: string;
  machine: string;
  header: Header;
  measurements: BenchMeasurement[];
  failures: string[];
}

function checkVersion(value: unknown, file: string): void {
  const version = (value as { version?: unknown } | null)?.version;
  if (version !== 2) {
    throw new UsageError('IMPORT_INVALID_SOURCE', `Cannot read ${WHAT} "${file}": it has results format version ${JSON.stringify(version)}, pitwall reads version 2`, {
      hint: 'Run "asv update" in the asv project to upgrade its results files',
    });
  }
}

/** The machine facts asv copies into every result file's params (cpu, num_cpu, ram in kB, arch, os). */
function readMachineFacts(params: Record<string, unknown> | undefined): KnownMachineFacts {
  const text = (key: string): string | undefined => (typeof params?.[key] === 'string' && params[key] !== '' ? params[key] : undefined);
  const facts: KnownMachineFacts = {};
  const cpu = text('cpu');
  const cores = Number(text('num_cpu'));
  const ramKb = Number(text('ram'));
  const arch = text('arch');
  const os = text('os');
  if (cpu !== undefined) facts.cpuModel = cpu;
  if (Number.isInteger(cores) && cores > 0) facts.cores = cores;
  if (Number.isFinite(ramKb) && ramKb > 0) facts.memoryBytes = ramKb * 1024;
  if (arch !== undefined) facts.arch = arch;
  if (os !== undefined) facts.os = os;
  return facts;
}

/** When the first benchmark of the file started (ms), or the commit date when asv did not record it. */
function readStartTime(header: Header): number {
  const at = header.result_columns.indexOf('started_at');
  let first = Number.POSITIVE_INFINITY;
  if (at !== -1) for (const row of Object.values(header.results)) if (typeof row[at] === 'number') first = Math.min(first, row[at]);
  return Number.isFinite(first) ? first : header.date;
}

/** Hash of what defines the measuring: the environment and every benchmark's code version. */
function hashBenchmarks(header: Header): string {
  const at = header.result_columns.indexOf('version');
  const versions = Object.entries(header.results).map(([name, row]) => `${name}=${at === -1 ? '' : String(row[at] ?? '')}`).sort();
  return createHash('sha256').update(JSON.stringify([header.env_name, versions])).digest('hex').slice(0, 16);
}

function toImported(m: BenchMeasurement, units: Map<string, string>): ImportedMeasurement {
  const samples = m.samples;
  const sorted = samples === undefined ? [] : [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const out: ImportedMeasurement = {
    metric: m.metric,
    value: m.value ?? median,
    unit: m.unit ?? units.get(m.metric.split('(')[0] ?? '') ?? null,
    direction: m.direction ?? -1,
  };
  if (samples !== undefined) out.samples = samples;
  return out;
}

async function readResultFile(file: string, display: string, machine: string): Promise<ResultFile> {
  const text = await readFile(file, 'utf8');
  const json = parseSourceJson(text, display, WHAT);
  checkVersion(json, display);
  const header = validateSourceJson(HeaderSchema, json, display, WHAT);
  try {
    const parsed = parseAsvResults(text, display);
    return { file, display, machine, header, measurements: parsed.measurements, failures: parsed.failures.map((f) => f.message) };
  } catch (error) {
    if (isPitwallError(error) && error.code === 'ADAPTER_NO_RESULTS') return { file, display, machine, header, measurements: [], failures: [] };
    throw error;
  }
}

async function read(dir: string, options: ReadSourceOptions): Promise<SourceRead> {
  const layout = await readAsvLayout(dir);
  const benchmarkUnits = await readAsvUnits(layout.benchmarksFile);
  const units = new Map([...benchmarkUnits].map(([name, unit]) => [splitAtLast(name), unit]));
  const files: ResultFile[] = [];
  for (const folder of layout.machines) {
    const machine = options.machine ?? sanitizeMachineName(folder.name);
    for (const file of folder.files) files.push(await readResultFile(file, file, machine));
  }
  const envs = [...new Set(files.map((f) => f.header.env_name))];
  const names = assignSuiteNames(envs, options.suitePrefix);
  const out: SourceRead = { runs: [], skipped: [], invalidValues: [], suites: envs.map((env) => ({ suite: names.get(env) as string, sourceSuite: env })), notes: [] };
  for (const f of files) {
    const suite = names.get(f.header.env_name) as string;
    for (const message of f.failures) out.invalidValues.push({ suite, origin: f.display, benchmark: null, message });
    if (f.measurements.length === 0) {
      out.skipped.push({ suite, origin: f.display, reason: 'no-benchmarks', message: 'the file holds no benchmark result' });
      continue;
    }
    const commitTime = new Date(f.header.date).toISOString();
    const run: ImportedRun = {
      suite,
      sourceSuite: f.header.env_name,
      machine: f.machine,
      commit: f.header.commit_hash.toLowerCase(),
      time: new Date(readStartTime(f.header)).toISOString(),
      commitInfo: { subject: ASV_SUBJECT, author: 'unknown', time: commitTime, parents: [] },
      fingerprint: makeSourceFingerprint(f.machine, readMachineFacts(f.header.params)),
      suiteConfig: { command: `asv "${f.header.env_name}"`, repeat: 1, warmup: 0, timeoutSeconds: 0, hash: hashBenchmarks(f.header) },
      measurements: f.measurements.map((m) => toImported(m, units)),
      origin: f.display,
    };
    out.runs.push(run);
  }
  if (layout.machines.length === 0) {
    out.notes.push(`Found no result files in "${layout.resultsDir}": asv keeps them in one folder per machine`);
  }
  return out;
}

export const asv: ImportFormat = {
  title: TITLE,
  expected: `an airspeed velocity project folder (with ${ASV_CONF}) or its results folder (with ${ASV_BENCHMARKS} and one folder per machine)`,
  kind: 'directory',
  detect(probe) {
    return probe.isDirectory && (probe.names.includes(ASV_CONF) || probe.names.includes(ASV_BENCHMARKS));
  },
  read,
};
