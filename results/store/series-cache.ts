/**
 * A columnar cache of the results branch, by series, outside the branch (it is
 * derived): `<gitdir>/pitwall-cache/` unless the build names another folder.
 *
 *   manifest.json        format version, every cached run (blob id, path, run record),
 *                        units, and per series its file, committed length and CRC-32
 *   series/<hash>.bin    one file per series: its measurements as fixed binary rows,
 *                        appended in the order the runs were first read
 *
 * An update parses only the blobs the manifest lacks and appends their rows;
 * the manifest is replaced (write, fsync, rename) only after the rows are on
 * disk, so a process killed mid-write leaves rows past a series' committed
 * length, which the next update cuts off. A manifest that does not parse, has
 * another version or names a file that is shorter than it says, and a series
 * whose bytes fail their CRC, make the cache rebuilt from the branch, never
 * trusted (SERIES_CACHE_CORRUPT).
 *
 * Row layout (little-endian): run id u32, unit index i32 (-1 = none),
 * direction i32, sample count u32, index of the measurement in its run file
 * u32, 4 bytes zero, value f64, then the samples as f64.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Direction, RunRecord } from '../schema.ts';
import { PitwallError } from '../errors.ts';
import { seriesKey, parseSeriesKey } from '../analysis/series-key.ts';
import type { SeriesRow } from '../analysis/series.ts';
import type { BranchFile } from './tree-cache.ts';
import { readRunBlob, type SkippedRunFile } from './read-history.ts';

export const SERIES_CACHE_VERSION = 2;
const HEADER_BYTES = 32;
/** Rows held in memory before they are appended to the series files. */
const FLUSH_BYTES = 48 * 1024 * 1024;

export interface CachedRun {
  /** Stable within the cache: what series rows refer to. */
  id: number;
  path: string;
  oid: string;
  run: RunRecord;
  /** Its measurements repeat the run's time, commit, branch, machine, suite and id. */
  uniform: boolean;
}

interface SeriesFileEntry {
  file: string;
  bytes: number;
  crc: number;
}

interface Manifest {
  version: number;
  nextRunId: number;
  runs: CachedRun[];
  /** Files left out (too large, not valid results), by blob id and path, so they are told each build without being read again. */
  skipped: (SkippedRunFile & { oid: string })[];
  units: string[];
  series: Record<string, SeriesFileEntry>;
}

/** A row of one series with its run's id, in reading order. */
export interface CachedRow extends SeriesRow {
  run: string;
  /** Position of the measurement among its run file's measurements. */
  index: number;
}

export interface SeriesCacheStats {
  files: number;
  parsed: number;
  fromCache: number;
  /** Why the cache was started afresh, when it was. */
  rebuilt: string | null;
  /** Run files left out, with why (they stay out until their content changes). */
  skipped: SkippedRunFile[];
}

export interface SeriesCache {
  readonly dir: string;
  /** Runs on the branch now, in path order (the order the whole-history reader uses). */
  readonly runs: readonly CachedRun[];
  /** Series keys with at least one row, sorted. */
  readonly keys: readonly string[];
  /** The rows of one series, in reading order, without rows of runs no longer on the branch. */
  readRows(key: string): CachedRow[];
  readonly stats: SeriesCacheStats;
}

export function corruptCache(dir: string, what: string): PitwallError {
  return new PitwallError('SERIES_CACHE_CORRUPT', `The series cache "${dir}" is damaged: ${what}`, {
    hint: 'It is rebuilt from the results branch; delete the folder if this repeats',
  });
}

function emptyManifest(): Manifest {
  return { version: SERIES_CACHE_VERSION, nextRunId: 0, runs: [], skipped: [], units: [], series: {} };
}

/** Reads the manifest; null with the reason when it cannot be trusted. */
function loadManifest(dir: string): { manifest: Manifest; problem: string | null } {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return { manifest: emptyManifest(), problem: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { manifest: emptyManifest(), problem: 'manifest.json is not valid JSON' };
  }
  const m = parsed as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object' || m.version !== SERIES_CACHE_VERSION) {
    return { manifest: emptyManifest(), problem: `manifest.json has format ${String((m as { version?: unknown } | null)?.version)}, this pitwall reads ${SERIES_CACHE_VERSION}` };
  }
  if (!Array.isArray(m.runs) || !Array.isArray(m.skipped) || !Array.isArray(m.units) || typeof m.series !== 'object' || m.series === null || typeof m.nextRunId !== 'number') {
    return { manifest: emptyManifest(), problem: 'manifest.json lacks runs, units or series' };
  }
  for (const [key, entry] of Object.entries(m.series)) {
    const size = existsSync(join(dir, 'series', entry.file)) ? fstatSize(join(dir, 'series', entry.file)) : -1;
    if (size < entry.bytes) return { manifest: emptyManifest(), problem: `the file of series "${key.split('\u0000').join('/')}" is shorter than the manifest says` };
  }
  return { manifest: m as Manifest, problem: null };
}

function fstatSize(file: string): number {
  const fd = openSync(file, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

function fileNameOf(key: string): string {
  return `${createHash('sha1').update(key).digest('hex').slice(0, 20)}.bin`;
}

function writeManifest(dir: string, manifest: Manifest): void {
  const file = join(dir, 'manifest.json');
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, JSON.stringify(manifest));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

export interface UpdateSeriesCacheOptions {
  /** Reads a blob; only called for blobs the cache lacks. */
  readBlob: (file: BranchFile) => Promise<Buffer>;
  onProgress?: (done: number, total: number) => void;
  /** Bytes of rows held before they are appended; default 48 MB. */
  flushBytes?: number;
  /** Called after each append of held rows (before the manifest is replaced). */
  onFlush?: () => void;
}

/**
 * Brings the cache in `dir` up to `files` (every run file on the branch, in
 * path order) and opens it for reading. Only blobs the cache lacks are read.
 */
export async function updateSeriesCache(dir: string, files: readonly BranchFile[], options: UpdateSeriesCacheOptions): Promise<SeriesCache> {
  mkdirSync(join(dir, 'series'), { recursive: true });
  let { manifest, problem } = loadManifest(dir);
  if (problem !== null) {
    rmSync(join(dir, 'series'), { recursive: true, force: true });
    mkdirSync(join(dir, 'series'), { recursive: true });
  }
  const known = new Map<string, CachedRun>();
  for (const run of manifest.runs) known.set(`${run.oid} ${run.path}`, run);
  const unitIndex = new Map(manifest.units.map((u, i) => [u, i] as const));
  const buffered = new Map<string, { bytes: Buffer; used: number }>();
  let bufferedBytes = 0;
  /** Series whose file was cut back to its committed length in this update. */
  const trimmed = new Set<string>();

  const flush = () => {
    for (const [key, pending] of buffered) {
      let entry = manifest.series[key];
      const isNew = entry === undefined;
      if (entry === undefined) manifest.series[key] = entry = { file: fileNameOf(key), bytes: 0, crc: 0 };
      const path = join(dir, 'series', entry.file);
      const fd = openSync(path, isNew && !trimmed.has(key) ? 'w' : 'r+');
      try {
        if (!trimmed.has(key)) {
          // Rows past the committed length were left by a killed update: drop them.
          ftruncateSync(fd, entry.bytes);
          trimmed.add(key);
        }
        const data = pending.bytes.subarray(0, pending.used);
        writeSync(fd, data, 0, data.length, entry.bytes);
        fsyncSync(fd);
        entry.bytes += data.length;
        entry.crc = crc32(data, entry.crc);
      } finally {
        closeSync(fd);
      }
    }
    buffered.clear();
    bufferedBytes = 0;
    options.onFlush?.();
  };

  const current: CachedRun[] = [];
  const knownSkipped = new Map(manifest.skipped.map((f) => [`${f.oid} ${f.path}`, f] as const));
  const skipped: (SkippedRunFile & { oid: string })[] = [];
  let parsed = 0;
  for (const [i, file] of files.entries()) {
    const hit = known.get(`${file.oid} ${file.path}`);
    const wasSkipped = knownSkipped.get(`${file.oid} ${file.path}`);
    if (hit !== undefined) {
      current.push(hit);
    } else if (wasSkipped !== undefined) {
      skipped.push(wasSkipped);
    } else {
      const read = readRunBlob(file.path, file.oid, await options.readBlob(file));
      if ('skipped' in read) {
        // One file another tool wrote must not stop every later build: it is left out, and told.
        skipped.push({ ...read.skipped, oid: file.oid });
        continue;
      }
      const loaded = read.loaded;
      const cached: CachedRun = { id: manifest.nextRunId++, path: file.path, oid: file.oid, run: loaded.run, uniform: loaded.uniform };
      current.push(cached);
      parsed++;
      for (let m = 0; m < loaded.metrics.length; m++) {
        const from = loaded.sampleStart[m] as number;
        const to = loaded.sampleStart[m + 1] as number;
        const size = HEADER_BYTES + 8 * (to - from);
        const unit = loaded.units[m] ?? null;
        let u = -1;
        if (unit !== null) {
          u = unitIndex.get(unit) ?? -1;
          if (u < 0) {
            u = manifest.units.length;
            manifest.units.push(unit);
            unitIndex.set(unit, u);
          }
        }
        const key = seriesKey(loaded.run.machine, loaded.run.suite, loaded.metrics[m] as string);
        let pending = buffered.get(key);
        if (pending === undefined) buffered.set(key, (pending = { bytes: Buffer.allocUnsafe(Math.max(4096, size)), used: 0 }));
        if (pending.used + size > pending.bytes.length) {
          const grown = Buffer.allocUnsafe(Math.max(pending.bytes.length * 2, pending.used + size));
          pending.bytes.copy(grown, 0, 0, pending.used);
          pending.bytes = grown;
        }
        const row = pending.bytes;
        const at = pending.used;
        row.writeUInt32LE(cached.id, at);
        row.writeInt32LE(u, at + 4);
        row.writeInt32LE(loaded.directions[m] as number, at + 8);
        row.writeUInt32LE(to - from, at + 12);
        row.writeUInt32LE(m, at + 16);
        row.writeUInt32LE(0, at + 20);
        row.writeDoubleLE(loaded.values[m] as number, at + 24);
        for (let k = from; k < to; k++) row.writeDoubleLE(loaded.samples[k] as number, at + HEADER_BYTES + 8 * (k - from));
        pending.used += size;
        bufferedBytes += size;
      }
      if (bufferedBytes >= (options.flushBytes ?? FLUSH_BYTES)) flush();
    }
    if (options.onProgress !== undefined && (i % 200 === 0 || i === files.length - 1)) options.onProgress(i + 1, files.length);
  }
  if (buffered.size > 0) flush();
  const dropped = manifest.runs.length + parsed - current.length;
  const skippedChanged = skipped.length !== manifest.skipped.length || skipped.some((f) => !knownSkipped.has(`${f.oid} ${f.path}`));
  manifest.runs = current;
  manifest.skipped = skipped;
  if (parsed > 0 || dropped > 0 || skippedChanged || problem !== null || !existsSync(join(dir, 'manifest.json'))) writeManifest(dir, manifest);
  const told = skipped.map(({ path, line, message }) => ({ path, line, message }));
  return openCache(dir, manifest, { files: files.length, parsed, fromCache: current.length - parsed, rebuilt: problem, skipped: told });
}

function openCache(dir: string, manifest: Manifest, stats: SeriesCacheStats): SeriesCache {
  const rank = new Map<number, { rank: number; run: CachedRun }>();
  manifest.runs.forEach((run, i) => rank.set(run.id, { rank: i, run }));
  const keys = Object.keys(manifest.series).filter((k) => (manifest.series[k] as SeriesFileEntry).bytes > 0).sort();
  return {
    dir,
    runs: manifest.runs,
    keys,
    stats,
    readRows(key) {
      const entry = manifest.series[key];
      if (entry === undefined) return [];
      const bytes = new Uint8Array(entry.bytes);
      const fd = openSync(join(dir, 'series', entry.file), 'r');
      try {
        let at = 0;
        while (at < bytes.length) {
          const n = readSync(fd, bytes, at, bytes.length - at, at);
          if (n === 0) throw corruptCache(dir, `the file of series "${key.split('\u0000').join('/')}" ends early`);
          at += n;
        }
      } finally {
        closeSync(fd);
      }
      if (crc32(bytes) !== entry.crc) throw corruptCache(dir, `the rows of series "${key.split('\u0000').join('/')}" fail their checksum`);
      return decodeRows(dir, key, bytes, manifest.units, rank);
    },
  };
}

function decodeRows(dir: string, key: string, bytes: Uint8Array, units: readonly string[], rank: ReadonlyMap<number, { rank: number; run: CachedRun }>): CachedRow[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floats = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3);
  const { machine, suite, metric } = parseSeriesKey(key);
  const rows: { row: CachedRow; rank: number }[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + HEADER_BYTES > bytes.length) throw corruptCache(dir, `a row of series "${key.split('\u0000').join('/')}" is cut short`);
    const runId = view.getUint32(at, true);
    const unit = view.getInt32(at + 4, true);
    const direction = view.getInt32(at + 8, true) as Direction;
    const count = view.getUint32(at + 12, true);
    const index = view.getUint32(at + 16, true);
    const value = view.getFloat64(at + 24, true);
    const start = (at + HEADER_BYTES) >> 3;
    at += HEADER_BYTES + 8 * count;
    if (at > bytes.length) throw corruptCache(dir, `a row of series "${key.split('\u0000').join('/')}" is cut short`);
    const owner = rank.get(runId);
    if (owner === undefined) continue; // the run's file is no longer on the branch
    rows.push({
      rank: owner.rank,
      row: { run: owner.run.run.run, index, machine, suite, metric, commit: owner.run.run.commit, value, samples: count > 0 ? floats.subarray(start, start + count) : undefined, unit: unit < 0 ? null : (units[unit] ?? null), direction },
    });
  }
  // Reading order is path order; rows were appended in the order runs arrived.
  rows.sort((a, b) => a.rank - b.rank);
  return rows.map((r) => r.row);
}
