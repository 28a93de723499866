/**
 * The report as JSON for tools: stable field names, series ids instead of the
 * internal keys, and links. `version` changes when a field changes meaning.
 */
import { seriesId } from '../dashboard-links.ts';
import type { CompareReport } from '../report.ts';

/**
 * 2: `ci` is at level `ciLevel` (1 − alpha, 99 %) from the same t-test as `pValue`; `deltaPct` with samples is
 * the ratio of geometric means; `thresholdFrom` and `historyPoints` say what the threshold rests on; `method`
 * is welch or threshold; `severity` is critical, major or none.
 */
export const REPORT_JSON_VERSION = 2;

export function formatJson(report: CompareReport): string {
  const { comparison, links } = report;
  const { summary } = comparison;
  const runs = (list: typeof comparison.baseRuns) => list.map((r) => ({ run: r.run, machine: r.machine, suite: r.suite, status: r.status, error: r.error, time: r.time }));
  const data = {
    version: REPORT_JSON_VERSION,
    base: comparison.base,
    head: comparison.head,
    baseFrom: report.baseFrom,
    verdict: summary.verdict,
    severity: summary.severity,
    counts: summary.counts,
    worst: summary.worst === null ? null : seriesId(summary.worst),
    warnings: summary.warnings,
    confirmation: report.confirmation,
    metrics: comparison.metrics.map(({ key: _key, ...c }) => ({ id: seriesId(c), ...c, url: links.metric(c, comparison.head) })),
    runs: { base: runs(comparison.baseRuns), head: runs(comparison.headRuns) },
    links: { compare: links.compare(comparison.base, comparison.head), base: links.commit(comparison.base), head: links.commit(comparison.head) },
    pitwall: report.version,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
