/**
 * The result of `pitwall compare`, as every output format receives it: the
 * comparison itself plus how it was made (where the base came from, which
 * re-runs confirmed it) and where the dashboard shows it.
 */
import { MIN_HISTORY_POINTS, type ComparisonVerdict, type MetricComparison } from '../../results/analysis/compare.ts';
import { thresholdsSpanned } from '../../results/analysis/summarize-comparison.ts';
import type { CommitComparison } from './compare-commits.ts';
import type { DashboardLinks } from './dashboard-links.ts';
import { formatPct, formatPValue } from './format-value.ts';
import type { ResolvedSides } from './resolve-sides.ts';

export interface Confirmation {
  /** Extra runs of each suite on each side. */
  rounds: number;
  suites: string[];
  /** Regressions before the re-runs, and after, on the pooled samples. */
  suspected: number;
  confirmed: number;
}

export interface CompareReport {
  comparison: CommitComparison;
  baseFrom: ResolvedSides['baseFrom'];
  confirmation: Confirmation | null;
  links: DashboardLinks;
  /** pitwall's version, shown in the footer. */
  version: string;
}

export const VERDICT_TITLES: Record<ComparisonVerdict, string> = {
  regression: 'Regression',
  failed: 'Failed run',
  improvement: 'Improvement',
  unchanged: 'No significant change',
};

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "2 regressions, 1 improvement, 45 unchanged, 1 failed run": zero counts left out, unchanged always shown. */
export function describeCounts(report: CompareReport): string {
  const { counts } = report.comparison.summary;
  const parts: string[] = [];
  if (counts.regression > 0) parts.push(plural(counts.regression, 'regression'));
  if (counts.improvement > 0) parts.push(plural(counts.improvement, 'improvement'));
  if (counts.changed > 0) parts.push(`${counts.changed} changed`);
  parts.push(`${counts.unchanged} unchanged`);
  if (counts.new > 0) parts.push(`${counts.new} new`);
  if (counts.missing > 0) parts.push(`${counts.missing} missing`);
  if (counts.failedRuns > 0) parts.push(plural(counts.failedRuns, 'failed run'));
  return parts.join(', ');
}

export function displayName(c: Pick<MetricComparison, 'suite' | 'metric'>): string {
  return `${c.suite}/${c.metric}`;
}

/**
 * The one-line summary, plain text: the commit status description and the
 * terminal's first line. "Regression: 2 regressions (worst parse/small +12.3%), 45 unchanged".
 */
export function describeSummary(report: CompareReport): string {
  const { summary } = report.comparison;
  const worst = summary.worst === null ? '' : ` (worst ${displayName(summary.worst)} ${formatPct(summary.worst.deltaPct)})`;
  const counts = describeCounts(report).replace(/^(\d+ regressions?)/, `$1${worst}`);
  return `${VERDICT_TITLES[summary.verdict]}: ${counts}`;
}

/** Regressions first, the largest in thresholds first; then improvements; then the rest by name. */
export function orderForReading(metrics: readonly MetricComparison[]): MetricComparison[] {
  const rank: Record<MetricComparison['verdict'], number> = { regression: 0, improvement: 1, changed: 2, missing: 3, new: 4, unchanged: 5 };
  return [...metrics].sort((a, b) => rank[a.verdict] - rank[b.verdict] || thresholdsSpanned(b) - thresholdsSpanned(a) || displayName(a).localeCompare(displayName(b)));
}

/** More than one machine on either side: names then need the machine too. */
export function spansMachines(report: CompareReport): boolean {
  return new Set(report.comparison.metrics.map((m) => m.machine)).size > 1;
}

/**
 * How sure the verdict is: the threshold it was held against (the history's
 * between-commit noise, or the floor where the history is too short), and
 * with samples the test's interval and p, both at the same level.
 */
export function describeConfidence(c: MetricComparison): string {
  if (c.verdict === 'new' || c.verdict === 'missing') return '';
  const threshold = formatPct(c.threshold * 100).replace(/^\+/, '');
  const beyond = c.deltaPct === null ? c.significant : Math.abs(c.deltaPct) / 100 >= c.threshold * (1 - 1e-9);
  const gate =
    c.thresholdFrom === 'history'
      ? `${beyond ? 'beyond' : 'within'} the ${threshold} noise threshold`
      : `${beyond ? 'beyond' : 'within'} the ${threshold} floor; ${describeShortHistory(c.historyPoints)}`;
  if (c.method === 'threshold' || c.method === null || c.ci === null) return gate;
  const level = `${Math.round((c.ciLevel ?? 0.99) * 100)}% CI`;
  const p = c.pValue === null ? '' : `, ${formatPValue(c.pValue)}`;
  return `${level} ${formatPct(c.ci[0])} to ${formatPct(c.ci[1])}${p}; ${gate}`;
}

function describeShortHistory(points: number | null): string {
  if (points === null || points === 0) return 'no main-branch history to measure its noise';
  return `history too short to measure its noise (${points} commit${points === 1 ? '' : 's'}, ${MIN_HISTORY_POINTS} needed)`;
}
