/**
 * Real benchmark histories from ../shared/data/histories, as plain series in
 * commit order. Only the evaluation reads these; product code never does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RealSeries {
  name: string;
  /**
   * Benchmarks that run in the same job and share a machine event with this
   * one more often than not (django: its benchmark module; gab: its suite).
   */
  group: string;
  unit: string | null;
  /** Higher is better for throughput units, lower for everything else. */
  direction: -1 | 1;
  values: Float64Array;
  /** The commit of each point: series of one history line up by these. */
  commits: string[];
}

/** django-asv: one series per benchmark, ordered by the Django commit date. */
export function loadDjangoSeries(root: string): RealSeries[] {
  const file = join(root, 'django-asv', 'django_asv_ubuntu-latest_conda-py3.12.csv');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string): number => header.indexOf(name);
  const [bench, hash, date, value] = [col('benchmark'), col('commit_hash'), col('commit_date_ms'), col('value')];
  const rows = new Map<string, { date: number; value: number; commit: string }[]>();
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const cells = line.split(',');
    const v = Number(cells[value]);
    if (!Number.isFinite(v) || v <= 0) continue;
    const name = cells[bench] as string;
    let list = rows.get(name);
    if (list === undefined) rows.set(name, (list = []));
    list.push({ date: Number(cells[date]), value: v, commit: cells[hash] as string });
  }
  return [...rows].map(([name, list]) => {
    list.sort((a, b) => a.date - b.date);
    const group = name.split('.').slice(0, 2).join('.');
    return { name, group, unit: 's', direction: -1 as const, values: Float64Array.from(list, (r) => r.value), commits: list.map((r) => r.commit) };
  });
}

interface GabEntry {
  commit: { id: string };
  benches: { name: string; value: number; unit: string }[];
}

/** github-action-benchmark's data.js: one series per suite and bench name, in run order. */
export function loadGabSeries(root: string): RealSeries[] {
  const file = join(root, 'github-action-benchmark', 'data.js');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'))) as { entries: Record<string, GabEntry[]> };
  const out: RealSeries[] = [];
  for (const [suite, entries] of Object.entries(data.entries)) {
    const series = new Map<string, { unit: string; values: number[]; commits: string[] }>();
    for (const entry of entries) {
      for (const b of entry.benches) {
        if (!(b.value > 0)) continue;
        let s = series.get(b.name);
        if (s === undefined) series.set(b.name, (s = { unit: b.unit, values: [], commits: [] }));
        s.values.push(b.value);
        s.commits.push(entry.commit.id);
      }
    }
    for (const [name, s] of series) {
      const throughput = /\/s(ec)?$/.test(s.unit);
      out.push({ name: `${suite} / ${name}`, group: suite, unit: s.unit, direction: throughput ? 1 : -1, values: Float64Array.from(s.values), commits: s.commits });
    }
  }
  return out;
}
