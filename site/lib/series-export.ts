/**
 * A series as files to download: CSV for spreadsheets, JSON Lines for
 * scripts. One row per commit, in commit order, with the commit's sha and
 * time so that a row stands on its own.
 */
import type { CommitsFile, SeriesEntry } from './data-files.ts';

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function escapeCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const CSV_HEADER = ['machine', 'suite', 'metric', 'unit', 'commit_index', 'commit', 'time', 'value', 'min', 'max', 'samples'];

export function formatSeriesCsv(entries: readonly SeriesEntry[], commits: CommitsFile): string {
  const lines = [CSV_HEADER.join(',')];
  for (const e of entries) {
    const fixed = [e.machine, e.suite, e.metric, e.unit ?? ''].map(escapeCsvField);
    e.points.c.forEach((c, k) => {
      lines.push([...fixed, String(commits.index[c] ?? c), commits.sha[c] ?? '', commits.time[c] ?? '', String(e.points.v[k]), String(e.points.lo[k]), String(e.points.hi[k]), String(e.points.n[k])].join(','));
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function formatSeriesJsonl(entries: readonly SeriesEntry[], commits: CommitsFile): string {
  let out = '';
  for (const e of entries) {
    e.points.c.forEach((c, k) => {
      out += `${JSON.stringify({ machine: e.machine, suite: e.suite, metric: e.metric, unit: e.unit, commitIndex: commits.index[c] ?? c, commit: commits.sha[c] ?? null, time: commits.time[c] ?? null, value: e.points.v[k], min: e.points.lo[k], max: e.points.hi[k], samples: e.points.n[k] })}\n`;
    });
  }
  return out;
}

/** A file name from the metric: letters, digits, dots and dashes only. */
export function exportFileName(entry: Pick<SeriesEntry, 'suite' | 'metric'>, extension: string): string {
  const stem = `${entry.suite}-${entry.metric}`.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
  return `${stem || 'series'}.${extension}`;
}
