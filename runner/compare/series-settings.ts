/**
 * Per-series settings for a comparison: the noise threshold estimated from the
 * main branch's history of the series, and the config's overrides (a floor
 * and a direction per metric pattern).
 */
import type { CompareOptions } from '../../results/analysis/compare.ts';
import { estimateNoise } from '../../results/analysis/noise.ts';
import { groupSeries, type SeriesRow } from '../../results/analysis/series.ts';
import { parseSeriesKey } from '../../results/analysis/series-key.ts';
import { findMetricRule, type MetricRule } from '../../results/metric-rules.ts';
import type { Direction } from '../../results/schema.ts';
import type { SeriesSource } from '../../results/report/build-model.ts';

export interface SeriesSettings extends Required<Pick<CompareOptions, 'thresholds' | 'floors' | 'directions'>> {
  /** Main-branch points behind each series' threshold, by series key. */
  historyPoints: ReadonlyMap<string, number>;
}

export interface SeriesSettingsOptions {
  /** Series keys to settle; history of other series is not read. */
  keys: ReadonlySet<string>;
  rules: readonly MetricRule[];
  /** Only main-branch commits up to this one count (the base), so later history does not judge it. */
  until?: string | undefined;
  excluded?: ReadonlySet<string> | undefined;
}

function mainCommitsUntil(mainOrder: readonly string[], until: string | undefined): readonly string[] {
  if (until === undefined) return mainOrder;
  const at = mainOrder.indexOf(until);
  return at === -1 ? mainOrder : mainOrder.slice(0, at + 1);
}

/**
 * Thresholds from the main-branch history of each series asked for, read one
 * series at a time from the source (the series cache), so the comparison
 * holds one series' values at once, not the history's.
 */
export function estimateSeriesSettings(source: SeriesSource, options: SeriesSettingsOptions): SeriesSettings {
  const order = mainCommitsUntil(source.mainOrder, options.until);
  const positions = new Map(order.map((c, i) => [c, i] as const));
  const ok = new Set(source.runs.filter((r) => r.status === 'ok').map((r) => r.run));
  const thresholds = new Map<string, number>();
  const floors = new Map<string, number>();
  const directions = new Map<string, Direction>();
  const historyPoints = new Map<string, number>();
  const available = new Set(source.keys);
  for (const key of [...options.keys].sort()) {
    if (!available.has(key)) continue;
    const rows: SeriesRow[] = source.readRows(key).filter((r) => ok.has(r.run) && positions.has(r.commit) && options.excluded?.has(r.run) !== true);
    const series = groupSeries(rows, order, positions)[0];
    if (series === undefined) continue;
    const rule = findMetricRule(options.rules, series.metric);
    const noise = estimateNoise(Float64Array.from(series.points, (p) => p.value), { unit: series.unit, floor: rule?.threshold ?? null });
    thresholds.set(series.key, noise.threshold);
    historyPoints.set(series.key, series.points.length);
  }
  // Overrides apply to every series asked for, with or without history.
  for (const key of options.keys) {
    const rule = findMetricRule(options.rules, parseSeriesKey(key).metric);
    if (rule?.threshold !== null && rule?.threshold !== undefined) floors.set(key, rule.threshold);
    if (rule?.direction !== null && rule?.direction !== undefined) directions.set(key, rule.direction);
  }
  return { thresholds, floors, directions, historyPoints };
}
