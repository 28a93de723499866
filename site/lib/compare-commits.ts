/**
 * Two commits side by side from their data/commits shards: each series'
 * base and head value, judged by the same rule as `pitwall compare`
 * (results/analysis/compare.ts) with the series' threshold, and ordered by
 * severity. Runs on both sides give the warnings: a machine whose
 * fingerprint changed, runs that failed.
 */
import { compareMetrics, type MetricComparison, type MetricVerdict, type SidePoint } from '../../results/analysis/compare.ts';
import { thresholdsSpanned } from '../../results/analysis/summarize-comparison.ts';
import { seriesKey } from '../../results/analysis/series-key.ts';
import type { CommitEntry, SummaryFile } from './data-files.ts';

export interface CompareRow extends MetricComparison {
  /** Series ordinal in the summary. */
  ordinal: number;
  /** |Δ| in thresholds (Infinity when the base is 0 and the head is not). */
  spanned: number;
}

/** Order of verdicts on the page: what needs attention first. */
const VERDICT_RANK: Record<MetricVerdict, number> = { regression: 0, changed: 1, improvement: 2, missing: 3, new: 4, unchanged: 5 };

function sidePoints(summary: SummaryFile, entry: CommitEntry): SidePoint[] {
  const s = summary.series;
  const points: SidePoint[] = [];
  entry.v.forEach((value, ordinal) => {
    if (value === null) return;
    const unit = s.unit[ordinal] ?? -1;
    points.push({
      machine: summary.machines[s.machine[ordinal] as number] as string,
      suite: summary.suites[s.suite[ordinal] as number] as string,
      metric: s.metric[ordinal] as string,
      value,
      unit: unit < 0 ? null : (summary.units[unit] as string),
      direction: s.direction[ordinal] as -1 | 0 | 1,
    });
  });
  return points;
}

/** Rows for every series measured on either side, most severe first. */
export function compareCommitEntries(summary: SummaryFile, base: CommitEntry, head: CommitEntry): CompareRow[] {
  const s = summary.series;
  const ordinals = new Map<string, number>();
  const thresholds = new Map<string, number>();
  for (const entry of [base, head]) {
    for (let ordinal = 0; ordinal < entry.v.length; ordinal++) {
      if (entry.v[ordinal] === null) continue;
      const key = seriesKey(summary.machines[s.machine[ordinal] as number] as string, summary.suites[s.suite[ordinal] as number] as string, s.metric[ordinal] as string);
      ordinals.set(key, ordinal);
      thresholds.set(key, (s.thresholdPct[ordinal] as number) / 100);
    }
  }
  const rows: CompareRow[] = compareMetrics(sidePoints(summary, base), sidePoints(summary, head), { thresholds }).map((c) => ({
    ...c,
    ordinal: ordinals.get(c.key) ?? -1,
    spanned: thresholdsSpanned(c),
  }));
  rows.sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || b.spanned - a.spanned || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return rows;
}

export function countVerdicts(rows: readonly CompareRow[]): Record<MetricVerdict, number> {
  const counts: Record<MetricVerdict, number> = { regression: 0, improvement: 0, changed: 0, unchanged: 0, new: 0, missing: 0 };
  for (const row of rows) counts[row.verdict]++;
  return counts;
}

/** Reasons to distrust the comparison: different machines, failed runs. */
export function describeCompareWarnings(base: CommitEntry, head: CommitEntry): string[] {
  const warnings: string[] = [];
  const fingerprints = (entry: CommitEntry) => {
    const map = new Map<string, Set<string>>();
    for (const run of entry.runs) {
      const set = map.get(run.machine) ?? new Set<string>();
      set.add(run.fingerprintId);
      map.set(run.machine, set);
    }
    return map;
  };
  const before = fingerprints(base);
  const after = fingerprints(head);
  for (const [machine, ids] of after) {
    const old = before.get(machine);
    if (old === undefined) continue;
    if ([...ids].some((id) => !old.has(id))) {
      warnings.push(`Machine "${machine}" changed between the two commits (fingerprint ${[...old].join(', ')} → ${[...ids].join(', ')}): hardware, OS or Node differ, so part of a difference may come from the machine.`);
    }
  }
  for (const [side, entry] of [['base', base], ['head', head]] as const) {
    for (const run of entry.runs) {
      if (run.status !== 'ok') warnings.push(`The ${side} run of suite "${run.suite}" on "${run.machine}" ended with status "${run.status}"${run.exitCode === null ? '' : ` (exit code ${run.exitCode})`}: its metrics are missing.`);
    }
  }
  if (base.runs.length === 0 && base.v.every((v) => v === null)) warnings.push('Nothing was measured on the base commit.');
  if (head.runs.length === 0 && head.v.every((v) => v === null)) warnings.push('Nothing was measured on the head commit.');
  return warnings;
}
