import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { listRunFiles, readTextBlob, type ParsedRunFile } from '../../results/store/read-runs.ts';
import { defaultCacheDir, lockSeriesCache, readSeriesHistory } from '../../results/store/read-series-history.ts';
import type { CachedRun } from '../../results/store/series-cache.ts';
import { parseSeriesKey } from '../../results/analysis/series-key.ts';
import { createObjectReader, readBlobWithFallback, type ObjectReader } from '../../results/store/object-reader.ts';
import { parseRunPath, type RunPathFacts } from '../../results/store/recent-runs.ts';
import { scanRunFile } from '../../results/store/scan-run-file.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { BranchFile } from '../../results/store/tree-cache.ts';
import { compileGlob } from '../../results/metric-rules.ts';
import { formatRecordLine, type MeasurementRecord, type RunRecord } from '../../results/schema.ts';
import { UsageError } from '../../results/errors.ts';
import { RUNS_DIR } from '../../results/layout.ts';

const help = `Usage: pitwall export [options]

Prints measurements from the results branch, oldest run first: one metric or
the whole history, as CSV or as the JSON Lines records stored on the branch.

Options:
  --metric <glob>    Only metrics matching: * within a segment, ** across "/";
                     a name without * matches itself exactly, "//" included
  --suite <name>     Only this suite
  --machine <name>   Only this machine
  --since <date>     Only runs from this day (2026-01-31) or time (ISO 8601) on
  --until <date>     Only runs up to the end of this day, or up to this time
  --format <name>    csv (default) or jsonl
  --output <file>    Write to this file instead of stdout
  --branch <name>    Results branch (default: from pitwall.yaml, else "results")
  -h, --help         Show this help

CSV of one metric (or up to 64 series) is read from the series cache that
"pitwall build" keeps in .git/pitwall-cache, filled from new runs first;
wider exports and JSON Lines read the run files, parsing only wanted lines.

CSV columns (RFC 4180, CRLF line ends, a header line):
  time, commit, branch, machine, suite, metric, value, unit, direction,
  samples (";"-separated), run

Examples:
  pitwall export --metric "parse/**" --since 2026-01-01 > parse.csv
  pitwall export --format jsonl --machine bench-1 --output bench-1.jsonl
`;

const FORMATS = ['csv', 'jsonl'] as const;
type ExportFormat = (typeof FORMATS)[number];

export const CSV_COLUMNS = ['time', 'commit', 'branch', 'machine', 'suite', 'metric', 'value', 'unit', 'direction', 'samples', 'run'] as const;

/** Quotes a field when RFC 4180 requires it: a comma, a double quote or a line break inside. */
export function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** The fields of a measurement the CSV shows. */
export type ExportedMeasurement = Pick<MeasurementRecord, 'time' | 'commit' | 'branch' | 'machine' | 'suite' | 'metric' | 'value' | 'unit' | 'direction' | 'run'> & { samples?: ArrayLike<number> & { join(separator: string): string } | undefined };

export function formatCsvRow(m: ExportedMeasurement): string {
  const fields = [m.time, m.commit, m.branch ?? '', m.machine, m.suite, m.metric, String(m.value), m.unit ?? '', String(m.direction), (m.samples ?? []).join(';'), m.run];
  return `${fields.map(quoteCsvField).join(',')}\r\n`;
}

/** `2026-01-31` is the whole day (from its start, or to its end); anything else is an ISO time. */
function parseBound(option: string, text: string | undefined, end: boolean): number | undefined {
  if (text === undefined) return undefined;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dayOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new UsageError('INVALID_DATE', `pitwall export: ${option} must be a date or an ISO 8601 time, got "${text}"`, {
      hint: `Write for example ${option} 2026-01-31 or ${option} 2026-01-31T12:00:00Z`,
    });
  }
  return dayOnly && end ? ms + 86_400_000 - 1 : ms;
}

/** runs/<machine>/<YYYY-MM>/<DD>/…: the machine and the day are in the path, so most files need no reading. */
function keepPath(path: string, machine: string | undefined, since: number | undefined, until: number | undefined): boolean {
  const [, folderMachine, month, day] = path.slice(RUNS_DIR.length).split('/');
  if (machine !== undefined && folderMachine !== machine) return false;
  const dayStart = Date.parse(`${month}-${day}T00:00:00Z`);
  if (Number.isNaN(dayStart)) return true;
  return (since === undefined || dayStart + 86_400_000 > since) && (until === undefined || dayStart <= until);
}

/**
 * The selected files in the order of their runs' start times (then run ids),
 * in groups to read together: a run file's name starts with its start time
 * to the second, so only files of the same second need reading to be
 * ordered. Files named otherwise (by hand) are ordered after reading them all.
 */
function groupByNamedTime(files: readonly BranchFile[]): BranchFile[][] {
  const facts = files.map((f) => parseRunPath(f.path));
  if (facts.some((f) => f === null)) return [[...files]];
  const order = files.map((_, i) => i).sort((a, b) => ((facts[a] as RunPathFacts).stamp < (facts[b] as RunPathFacts).stamp ? -1 : (facts[a] as RunPathFacts).stamp > (facts[b] as RunPathFacts).stamp ? 1 : a - b));
  const groups: BranchFile[][] = [];
  let last: string | null = null;
  for (const i of order) {
    const stamp = (facts[i] as RunPathFacts).stamp;
    if (stamp !== last) groups.push([]);
    (groups.at(-1) as BranchFile[]).push(files[i] as BranchFile);
    last = stamp;
  }
  return groups;
}

/** Most series an export reads from the series cache at once; a wider export streams the run files. */
const MAX_CACHED_SERIES = 64;

interface CacheExportOptions {
  wanted: (metric: string) => boolean;
  keepRun: (run: RunRecord) => boolean;
  suite: string | undefined;
  machine: string | undefined;
  say: (text: string) => void;
}

/**
 * The wanted measurements from the series cache (brought up to date from new
 * blobs first), as blocks of one run each in export order: run time, run id,
 * then the measurements' order in their file. A run whose measurements do not
 * all repeat its own fields (a file edited by hand) is read from its file.
 * Null when more than MAX_CACHED_SERIES series match.
 */
async function exportFromCache(repo: ResultsRepo, mainBranch: string, options: CacheExportOptions): Promise<{ measurements: ExportedMeasurement[] }[] | null> {
  const cacheDir = defaultCacheDir(repo);
  const lock = await lockSeriesCache(cacheDir, 'pitwall export', (w) => options.say(`warning: ${w}`));
  try {
    const series = await readSeriesHistory(repo, { mainBranch, cacheDir });
    const keys = series.keys.filter((key) => {
      const { machine, suite, metric } = parseSeriesKey(key);
      return options.wanted(metric) && (options.suite === undefined || suite === options.suite) && (options.machine === undefined || machine === options.machine);
    });
    if (keys.length > MAX_CACHED_SERIES) return null;
    const runs = new Map(series.runFiles.map((f) => [f.run.run, f] as const));
    const blocks = new Map<string, { run: RunRecord; rows: (ExportedMeasurement & { index: number })[] }>();
    const irregular = new Map<string, CachedRun>();
    for (const key of keys) {
      const { metric } = parseSeriesKey(key);
      for (const row of series.readRows(key)) {
        const file = runs.get(row.run) as CachedRun;
        if (!options.keepRun(file.run)) continue;
        if (!file.uniform) {
          irregular.set(file.run.run, file);
          continue;
        }
        let block = blocks.get(row.run);
        if (block === undefined) blocks.set(row.run, (block = { run: file.run, rows: [] }));
        const { run } = file;
        block.rows.push({ time: run.time, commit: run.commit, branch: run.branch, machine: run.machine, suite: run.suite, metric, value: row.value, unit: row.unit, direction: row.direction, samples: row.samples as Float64Array | undefined, run: run.run, index: row.index });
      }
    }
    const out: { run: RunRecord; measurements: ExportedMeasurement[] }[] = [];
    for (const { run, rows } of blocks.values()) out.push({ run, measurements: rows.sort((a, b) => a.index - b.index) });
    for (const file of irregular.values()) {
      out.push({ run: file.run, measurements: scanRunFile(await readTextBlob(repo, file.oid), file.path, options.wanted).measurements });
    }
    out.sort((a, b) => (a.run.time < b.run.time ? -1 : a.run.time > b.run.time ? 1 : a.run.run < b.run.run ? -1 : 1));
    return out;
  } finally {
    await lock.release();
  }
}

/** Reads a group of files, 8 at a time, parsing only the wanted metrics' lines. */
async function readGroup(repo: ResultsRepo, reader: ObjectReader, files: readonly BranchFile[], wanted: (metric: string) => boolean): Promise<ParsedRunFile[]> {
  const out = new Array<ParsedRunFile>(files.length);
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] as BranchFile;
      out[index] = scanRunFile((await readBlobWithFallback(repo, reader, file.oid)).toString('utf8'), file.path, wanted);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, files.length) }, work));
  return out;
}

async function openOutput(file: string): Promise<NodeJS.WritableStream> {
  const stream = createWriteStream(file);
  try {
    await once(stream, 'open');
  } catch (cause) {
    throw new UsageError('EXPORT_OUTPUT_FAILED', `Cannot write the export to "${file}": ${(cause as Error).message}`, {
      hint: 'Check that the folder exists and is writable',
      cause,
    });
  }
  return stream;
}

/**
 * Writes with backpressure. A reader that goes away (`pitwall export | head`)
 * closes the pipe: that ends the export quietly, as it does for any Unix tool.
 */
function createSink(stream: NodeJS.WritableStream): { write(text: string): Promise<boolean>; close(): void } {
  let closed = false;
  let failure: Error | undefined;
  const isClosedPipe = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'EPIPE';
  const onError = (error: Error): void => {
    if (isClosedPipe(error)) closed = true;
    else failure ??= error;
  };
  stream.on('error', onError);
  return {
    async write(text) {
      if (failure !== undefined) throw failure;
      if (closed) return false;
      try {
        if (!stream.write(text)) await once(stream, 'drain');
      } catch (error) {
        if (!isClosedPipe(error)) throw error;
        closed = true;
      }
      return !closed;
    },
    close() {
      stream.off('error', onError);
      if (failure !== undefined) throw failure;
    },
  };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('export', ctx.argv, {
    metric: { type: 'string' },
    suite: { type: 'string' },
    machine: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string', default: 'csv' },
    output: { type: 'string' },
    branch: { type: 'string' },
  });
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError('UNKNOWN_FORMAT', `pitwall export: unknown format "${values.format}"`, { hint: `Use one of: ${FORMATS.join(', ')}` });
  }
  const format = values.format as ExportFormat;
  const metric = values.metric === undefined ? undefined : compileGlob(values.metric);
  const since = parseBound('--since', values.since, false);
  const until = parseBound('--until', values.until, true);
  const say = (text: string) => progress(ctx.stderr, text);

  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true });
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: values.branch ?? config.branch });
  const stream = values.output === undefined ? ctx.stdout : await openOutput(values.output);
  const files = (await listRunFiles(repo)).filter((f) => keepPath(f.path, values.machine, since, until));
  const keepRun = (r: RunRecord) => {
    const time = Date.parse(r.time);
    return (values.suite === undefined || r.suite === values.suite) && (values.machine === undefined || r.machine === values.machine)
      && (since === undefined || time >= since) && (until === undefined || time <= until);
  };
  const wanted = metric === undefined ? () => true : (name: string) => metric.test(name);

  // Runs are read in time order a second's worth at a time and written as they are read,
  // so memory holds one group of runs, not the history.
  async function* fromFiles(): AsyncGenerator<{ measurements: readonly ExportedMeasurement[] }> {
    let read = 0;
    let lastReport = performance.now();
    const reader = createObjectReader(repo.gitdir);
    try {
      for (const group of groupByNamedTime(files)) {
        const runs = (await readGroup(repo, reader, group, wanted))
          .filter(({ run: r }) => keepRun(r))
          .sort((a, b) => (a.run.time < b.run.time ? -1 : a.run.time > b.run.time ? 1 : a.run.run < b.run.run ? -1 : 1));
        read += group.length;
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          say(`read ${read}/${files.length} run files`);
        }
        yield* runs;
      }
    } finally {
      reader.close();
    }
  }
  // CSV of a few series comes from the series cache (`pitwall build` keeps it), reading no run files.
  const cached = format === 'csv' && metric !== undefined ? await exportFromCache(repo, config.mainBranch, { wanted, keepRun, suite: values.suite, machine: values.machine, say }) : null;

  const sink = createSink(stream);
  let rows = 0;
  let runsWritten = 0;
  let open = format === 'csv' ? await sink.write(`${CSV_COLUMNS.join(',')}\r\n`) : true;
  for await (const { measurements } of cached ?? fromFiles()) {
    if (!open) break;
    let chunk = '';
    for (const m of measurements) {
      chunk += format === 'csv' ? formatCsvRow(m) : `${formatRecordLine(m as MeasurementRecord)}\n`;
      rows++;
    }
    if (chunk === '') continue;
    runsWritten++;
    open = await sink.write(chunk);
  }
  sink.close();
  if (values.output !== undefined) {
    stream.end();
    await once(stream, 'finish');
  }
  say(rows === 0
    ? `no measurements match on branch "${repo.branch}" (${files.length} run files looked at)`
    : `exported ${rows} measurement${rows === 1 ? '' : 's'} of ${runsWritten} run${runsWritten === 1 ? '' : 's'}${values.output === undefined ? '' : ` to ${values.output}`}`);
  return 0;
}

export const command: Command = { help, run };
