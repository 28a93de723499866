/**
 * github-action-benchmark's history: the `data.js` it keeps on gh-pages
 * (`window.BENCHMARK_DATA = {…}`), or the same object as `data.json`.
 *
 *   { lastUpdate, repoUrl, entries: { <suite>: [ { commit: { id, message, timestamp,
 *     author: { name, email, username }, committer, url }, date, tool,
 *     benches: [ { name, value, unit, range?, extra? } ] } ] } }
 *
 * Each entry is one run of its suite: run time = `date`, commit = `commit.id`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../../results/errors.ts';
import type { CommitInfo } from '../../results/schema.ts';
import { formatJsonPath } from '../adapters/json-input.ts';
import { readGabBench } from './gab-bench.ts';
import type { ImportedMeasurement, ImportedRun, ImportFormat, InvalidValue, ReadSourceOptions, SkippedRun, SourceRead } from './imported-run.ts';
import { makeSourceFingerprint } from './source-fingerprint.ts';
import { parseSourceJson, validateSourceJson } from './source-json.ts';
import { assignSuiteNames } from './suite-names.ts';

const TITLE = 'github-action-benchmark';
const WHAT = 'github-action-benchmark data';
const PREFIX = /^\uFEFF?\s*window\.BENCHMARK_DATA\s*=\s*/;

const PersonSchema = z.object({ name: z.string().optional(), email: z.string().optional(), username: z.string().optional() });

const EntrySchema = z.object({
  commit: z.object({
    id: z.string().regex(/^[0-9a-fA-F]{7,64}$/, 'a commit sha'),
    message: z.string().optional(),
    timestamp: z.string().optional(),
    author: PersonSchema.optional(),
    committer: PersonSchema.optional(),
  }),
  date: z.number(),
  tool: z.string(),
  benches: z.array(z.object({ name: z.string(), value: z.unknown(), unit: z.string().optional(), range: z.unknown().optional(), extra: z.unknown().optional() })),
});
type Entry = z.infer<typeof EntrySchema>;

const DataSchema = z.object({ entries: z.record(z.string(), z.array(EntrySchema)) });

/** Blanks the script prefix (and a closing `;`) with spaces so JSON positions stay those of the file. */
function toJsonText(text: string): string {
  const prefix = PREFIX.exec(text);
  let json = prefix === null ? text : ' '.repeat(prefix[0].length) + text.slice(prefix[0].length);
  const end = /;\s*$/.exec(json);
  if (end !== null && prefix !== null) json = json.slice(0, end.index) + ' '.repeat(end[0].length);
  return json;
}

function toIsoTime(ms: number, file: string, path: string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError('IMPORT_INVALID_SOURCE', `Cannot read ${WHAT} "${file}" at ${path}: expected a time in milliseconds, found ${ms}`, {
      hint: 'Check that the file comes from github-action-benchmark, unchanged',
    });
  }
  return date.toISOString();
}

function readCommitInfo(commit: Entry['commit'], runTime: string): CommitInfo {
  const subject = (commit.message ?? '').split('\n')[0]?.trim() || '(no commit message)';
  const person = commit.author ?? commit.committer;
  const name = person?.name ?? person?.username;
  const author = name === undefined ? 'unknown' : person?.email === undefined ? name : `${name} <${person.email}>`;
  const stamp = commit.timestamp === undefined ? Number.NaN : Date.parse(commit.timestamp);
  // Recorded in UTC: readers order commits by comparing these strings.
  return { subject, author, time: Number.isNaN(stamp) ? runTime : new Date(stamp).toISOString(), parents: [] };
}

function benches(n: number): string {
  return `${n} bench${n === 1 ? '' : 'es'}`;
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

async function read(file: string, options: ReadSourceOptions): Promise<SourceRead> {
  const data = validateSourceJson(DataSchema, parseSourceJson(toJsonText(await readFile(file, 'utf8')), file, WHAT), file, WHAT);
  const sourceNames = Object.keys(data.entries);
  const names = assignSuiteNames(sourceNames, options.suitePrefix);
  const machine = options.machine ?? 'imported';
  const fingerprint = makeSourceFingerprint(machine);
  const out: SourceRead = { runs: [], skipped: [], invalidValues: [], suites: [], notes: [] };
  const counts = { range: 0, extra: 0, trimmed: 0 };
  let rangeExample: unknown;
  let trimmedExample = '';

  for (const sourceSuite of sourceNames) {
    const suite = names.get(sourceSuite) as string;
    out.suites.push({ suite, sourceSuite });
    (data.entries[sourceSuite] ?? []).forEach((entry, index) => {
      const path = formatJsonPath(['entries', sourceSuite, index]);
      const time = toIsoTime(entry.date, file, `${path}.date`);
      const commit = entry.commit.id.toLowerCase();
      const origin = `${path} (${commit.slice(0, 7)}, ${time.replace(/\.\d+Z$/, 'Z')})`;
      const measurements: ImportedMeasurement[] = [];
      const seen = new Set<string>();
      for (const bench of entry.benches) {
        if (bench.range !== undefined) {
          counts.range++;
          rangeExample ??= bench.range;
        }
        if (bench.extra !== undefined) counts.extra++;
        const reading = readGabBench(bench, entry.tool);
        const invalid = (message: string): InvalidValue => ({ suite, origin, benchmark: bench.name, message });
        if (!reading.ok) {
          out.invalidValues.push(invalid(reading.message));
        } else if (seen.has(bench.name)) {
          out.invalidValues.push(invalid('a second benchmark with this name in the same entry'));
        } else {
          seen.add(bench.name);
          measurements.push(reading.measurement);
          if (reading.trimmedUnit) {
            counts.trimmed++;
            trimmedExample ||= String(bench.unit);
          }
        }
      }
      if (measurements.length === 0) {
        const skip: SkippedRun = { suite, origin, reason: 'no-benchmarks', message: entry.benches.length === 0 ? 'the entry has no benches' : 'none of its benches has a valid value' };
        out.skipped.push(skip);
        return;
      }
      const command = `${TITLE} "${sourceSuite}" (tool ${entry.tool})`;
      const run: ImportedRun = {
        suite,
        sourceSuite,
        machine,
        commit,
        time,
        commitInfo: readCommitInfo(entry.commit, time),
        fingerprint,
        suiteConfig: { command, repeat: 1, warmup: 0, timeoutSeconds: 0, hash: hashText(command) },
        measurements,
        origin,
      };
      out.runs.push(run);
    });
  }
  if (counts.range > 0) {
    out.notes.push(`Left out the "range" of ${benches(counts.range)} (e.g. ${JSON.stringify(rangeExample)}): the results schema has no field for a spread given as text`);
  }
  if (counts.extra > 0) out.notes.push(`Left out the "extra" text of ${benches(counts.extra)}: the results schema has no field for it`);
  if (counts.trimmed > 0) {
    out.notes.push(`Read the unit ${JSON.stringify(trimmedExample)} of ${benches(counts.trimmed)} as its first word: github-action-benchmark glued further Go metrics onto it`);
  }
  return out;
}

export const gab: ImportFormat = {
  title: TITLE,
  expected: 'a github-action-benchmark data.js ("window.BENCHMARK_DATA = {…}") or data.json file',
  kind: 'file',
  detect(probe) {
    if (probe.isDirectory) return false;
    return PREFIX.test(probe.head) || (/^\uFEFF?\s*\{/.test(probe.head) && /"entries"\s*:/.test(probe.head) && /"benches"\s*:|"commit"\s*:/.test(probe.head));
  },
  read,
};
