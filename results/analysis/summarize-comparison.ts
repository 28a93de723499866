/**
 * One verdict for a whole comparison, for a PR check's title and exit code.
 */
import type { MetricComparison, MetricVerdict } from './compare.ts';

export type ComparisonVerdict = 'regression' | 'improvement' | 'unchanged' | 'failed';

/**
 * critical: a run failed, or a regression of at least 3 × its threshold.
 * major: any other regression (every regression is at least its threshold).
 * none: no regression.
 */
export type Severity = 'critical' | 'major' | 'none';

export interface ComparisonSummary {
  verdict: ComparisonVerdict;
  severity: Severity;
  counts: Record<MetricVerdict, number> & { failedRuns: number };
  /** The regression spanning the most thresholds, or null. */
  worst: MetricComparison | null;
  warnings: string[];
}

/** A regression of this many thresholds is critical. */
export const CRITICAL_THRESHOLDS = 3;

/** |Δ| in thresholds: 2 means twice the series threshold. */
export function thresholdsSpanned(c: MetricComparison): number {
  if (c.deltaPct === null) return c.delta === null || c.delta === 0 ? 0 : Infinity;
  return Math.abs(c.deltaPct) / 100 / c.threshold;
}

export function summarizeComparison(
  list: readonly MetricComparison[],
  context: { failedRuns?: number; warnings?: readonly string[] } = {},
): ComparisonSummary {
  const failedRuns = context.failedRuns ?? 0;
  const counts = { regression: 0, improvement: 0, unchanged: 0, changed: 0, new: 0, missing: 0, failedRuns };
  let worst: MetricComparison | null = null;
  for (const c of list) {
    counts[c.verdict]++;
    if (c.verdict === 'regression' && (worst === null || thresholdsSpanned(c) > thresholdsSpanned(worst))) worst = c;
  }
  let severity: Severity = 'none';
  if (failedRuns > 0 || (worst !== null && thresholdsSpanned(worst) >= CRITICAL_THRESHOLDS)) severity = 'critical';
  else if (worst !== null) severity = 'major';
  let verdict: ComparisonVerdict = 'unchanged';
  if (failedRuns > 0) verdict = 'failed';
  else if (counts.regression > 0) verdict = 'regression';
  else if (counts.improvement > 0) verdict = 'improvement';
  return { verdict, severity, counts, worst, warnings: [...(context.warnings ?? [])] };
}
