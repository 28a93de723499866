/**
 * Two commits compared from the stored runs: each side's runs pooled, every
 * metric tested against its series threshold, one verdict, and the warnings a
 * reader needs before trusting the numbers.
 */
import { compareMetrics, compareRunContexts, summarizeComparison, type ComparisonSummary, type MetricComparison } from '../../results/analysis/compare.ts';
import { seriesKey } from '../../results/analysis/series-key.ts';
import type { MetricRule } from '../../results/metric-rules.ts';
import type { RunRecord } from '../../results/schema.ts';
import type { History } from '../../results/store/read-history.ts';
import { collectSide, type SideFilter } from './collect-side.ts';
import { estimateSeriesSettings } from './series-settings.ts';

export interface CommitComparison {
  base: string;
  head: string;
  baseRuns: RunRecord[];
  headRuns: RunRecord[];
  /** Every metric of either side, by series key. */
  metrics: MetricComparison[];
  summary: ComparisonSummary;
  /** Fewest main-branch points behind a compared series' threshold (0 without history). */
  fewestHistoryPoints: number;
}

export interface CompareCommitsOptions extends SideFilter {
  base: string;
  head: string;
  rules: readonly MetricRule[];
  /** Significance level of the tests on samples. */
  alpha?: number;
}

/** Names shown in a warning before "and N more". */
const LISTED = 5;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).map((n) => `"${n}"`).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/** New and missing metrics of suites that ran on both sides; a suite that ran on one side only is warned about as a whole. */
function describeMetricSetChanges(metrics: readonly MetricComparison[], baseRuns: readonly RunRecord[], headRuns: readonly RunRecord[]): string[] {
  const ranOn = (runs: readonly RunRecord[]) => new Set(runs.map((r) => `${r.machine}\u0000${r.suite}`));
  const onBase = ranOn(baseRuns);
  const onHead = ranOn(headRuns);
  const both = (c: MetricComparison) => onBase.has(`${c.machine}\u0000${c.suite}`) && onHead.has(`${c.machine}\u0000${c.suite}`);
  const name = (c: MetricComparison) => `${c.suite}/${c.metric}`;
  const missing = metrics.filter((c) => c.verdict === 'missing' && both(c)).map(name);
  const added = metrics.filter((c) => c.verdict === 'new' && both(c)).map(name);
  const warnings: string[] = [];
  if (missing.length > 0) warnings.push(`${missing.length} metric${missing.length === 1 ? '' : 's'} measured on base ${missing.length === 1 ? 'is' : 'are'} missing on head: ${listNames(missing)}`);
  if (added.length > 0) warnings.push(`${added.length} metric${added.length === 1 ? ' is' : 's are'} new on head, with nothing to compare with: ${listNames(added)}`);
  return warnings;
}

export function compareCommits(history: History, options: CompareCommitsOptions): CommitComparison {
  const filter: SideFilter = { excluded: options.excluded, machines: options.machines };
  const base = collectSide(history, options.base, filter);
  const head = collectSide(history, options.head, filter);
  const keys = new Set([...base.points, ...head.points].map((p) => seriesKey(p.machine, p.suite, p.metric)));
  const settings = estimateSeriesSettings(history, { keys, rules: options.rules, until: options.base, excluded: options.excluded });
  const metrics = compareMetrics(base.points, head.points, {
    thresholds: settings.thresholds,
    historyPoints: settings.historyPoints,
    floors: settings.floors,
    directions: settings.directions,
    ...(options.alpha === undefined ? {} : { alpha: options.alpha }),
  });
  const warnings = [...compareRunContexts(base.runs, head.runs), ...describeMetricSetChanges(metrics, base.runs, head.runs)];
  const failedOnHead = head.runs.filter((r) => r.status !== 'ok').length;
  const summary = summarizeComparison(metrics, { failedRuns: failedOnHead, warnings });
  let fewest = Infinity;
  for (const c of metrics) if (c.verdict !== 'new' && c.verdict !== 'missing') fewest = Math.min(fewest, settings.historyPoints.get(c.key) ?? 0);
  return { base: options.base, head: options.head, baseRuns: base.runs, headRuns: head.runs, metrics, summary, fewestHistoryPoints: fewest === Infinity ? 0 : fewest };
}
