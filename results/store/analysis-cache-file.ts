/**
 * The per-series analysis cache as one file (`analysis.v8` in the series
 * cache folder), in node:v8's format, which keeps NaN, infinities and -0 as
 * they are (JSON would not). Read at the start of a build; written (temp file
 * and rename) at the end, keeping only the series the build saw. A file that
 * cannot be read or has another version is ignored: every series is analysed.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SeriesAnalysis } from '../analysis/series.ts';
import type { AnalysisCache } from '../report/analysis-cache.ts';

const FILE_VERSION = 1;

export interface AnalysisCacheFile extends AnalysisCache {
  /** Series whose cached analysis was used, and those analysed afresh. */
  readonly hits: number;
  readonly misses: number;
  save(): void;
}

export function openAnalysisCache(dir: string): AnalysisCacheFile {
  const file = join(dir, 'analysis.v8');
  let known = new Map<string, { hash: string; analysis: SeriesAnalysis }>();
  if (existsSync(file)) {
    try {
      const data = deserialize(readFileSync(file)) as { version: number; entries: [string, { hash: string; analysis: SeriesAnalysis }][] };
      if (data.version === FILE_VERSION && Array.isArray(data.entries)) known = new Map(data.entries);
    } catch {
      // An unreadable cache only costs analysing every series again.
    }
  }
  const seen = new Map<string, { hash: string; analysis: SeriesAnalysis }>();
  let hits = 0;
  let misses = 0;
  return {
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    get(key, hash) {
      const entry = known.get(key);
      if (entry === undefined || entry.hash !== hash) {
        misses++;
        return undefined;
      }
      hits++;
      seen.set(key, entry);
      return entry.analysis;
    },
    set(key, hash, analysis) {
      seen.set(key, { hash, analysis });
    },
    save() {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, serialize({ version: FILE_VERSION, entries: [...seen] }));
      renameSync(temp, file);
    },
  };
}
