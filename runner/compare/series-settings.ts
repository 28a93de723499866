/**
 * Per-series settings for a comparison: the noise threshold estimated from the
 * main branch's history of the series, and the config's overrides (a floor
 * and a direction per metric pattern).
 */
import type { CompareOptions } from '../../results/analysis/compare.ts';
import { estimateNoise } from '../../results/analysis/noise.ts';
import { groupSeries, type SeriesRow } from '../../results/analysis/series.ts';
import { parseSeriesKey, seriesKey } from '../../results/analysis/series-key.ts';
import { findMetricRule, type MetricRule } from '../../results/metric-rules.ts';
import type { Direction } from '../../results/schema.ts';
import type { History } from '../../results/store/read-history.ts';

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

function mainCommitsUntil(history: History, until: string | undefined): string[] {
  if (until === undefined) return history.mainOrder;
  const at = history.mainOrder.indexOf(until);
  return at === -1 ? history.mainOrder : history.mainOrder.slice(0, at + 1);
}

export function estimateSeriesSettings(history: History, options: SeriesSettingsOptions): SeriesSettings {
  const order = mainCommitsUntil(history, options.until);
  const onMain = new Set(order);
  const rows: SeriesRow[] = [];
  for (const loaded of history.runs) {
    const { run } = loaded;
    if (run.status !== 'ok' || !onMain.has(run.commit) || options.excluded?.has(run.run) === true) continue;
    for (let i = 0; i < loaded.metrics.length; i++) {
      const metric = loaded.metrics[i] as string;
      if (!options.keys.has(seriesKey(run.machine, run.suite, metric))) continue;
      rows.push({ machine: run.machine, suite: run.suite, metric, commit: run.commit, value: loaded.values[i] as number, unit: loaded.units[i] ?? null, direction: loaded.directions[i] as Direction });
    }
  }
  const thresholds = new Map<string, number>();
  const floors = new Map<string, number>();
  const directions = new Map<string, Direction>();
  const historyPoints = new Map<string, number>();
  for (const series of groupSeries(rows, order)) {
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
