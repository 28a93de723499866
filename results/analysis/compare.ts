/**
 * Two commits compared metric by metric (a pull request's head against its
 * merge base). A change counts when it exceeds the series threshold, the
 * smallest change between two single commits that the main branch's history
 * says is not noise; with samples on both sides it must also pass Welch's
 * t-test on the log samples. The p-value and the interval come from that one
 * t-distribution, the interval at level 1 − alpha, so the interval excludes 0
 * exactly when the test is significant. Samples of one commit share its
 * machine state, so the test alone overstates certainty: the history's
 * between-commit noise is what keeps busy-machine jitter from failing a PR.
 * Where that history is too short the floor stands in, and the comparison
 * says so (`thresholdFrom: 'floor'`).
 */
import type { Direction } from '../schema.ts';
import { defaultFloor } from './noise.ts';
import { seriesKey } from './series-key.ts';
import { studentTCritical } from './distributions.ts';
import { logValues, logRatioToPct, mean, median, welchTTest } from './stats.ts';

/** One measurement of one side; several for the same series (repeated runs) are pooled. */
export interface SidePoint {
  metric: string;
  suite: string;
  machine: string;
  value: number;
  samples?: readonly number[] | undefined;
  unit: string | null;
  direction: Direction;
}

/** 'changed' is a significant change of a metric with no better direction. */
export type MetricVerdict = 'regression' | 'improvement' | 'unchanged' | 'changed' | 'new' | 'missing';
export type SignificanceMethod = 'welch' | 'threshold';

export interface MetricComparison {
  key: string;
  machine: string;
  suite: string;
  metric: string;
  unit: string | null;
  direction: Direction;
  /** Median of the side's values; null when the side lacks the metric. */
  base: number | null;
  head: number | null;
  /** head − base. */
  delta: number | null;
  /**
   * head / base − 1 in percent; null when a side is missing or base is 0.
   * With samples on both sides, the ratio of the samples' geometric means (the
   * quantity the test and the interval are about); otherwise of the medians.
   */
  deltaPct: number | null;
  /** Interval of deltaPct at level `ciLevel`, from the samples' t-test; null without samples. */
  ci: [number, number] | null;
  /** 1 − alpha (0.99 by default): the interval excludes 0 exactly when the test is significant. */
  ciLevel: number | null;
  /** Of the test on samples; null when decided by the threshold. */
  pValue: number | null;
  method: SignificanceMethod | null;
  /** Relative threshold used for this series (0.02 = 2 %): its between-commit noise, at least the floor. */
  threshold: number;
  /**
   * Where the threshold comes from: `history` (the series on the main branch,
   * at least MIN_HISTORY_POINTS commits) or `floor` (no or too short a
   * history: only the metric's floor gates the change).
   */
  thresholdFrom: 'history' | 'floor';
  /** Main-branch commits behind the threshold; null when the caller did not say. */
  historyPoints: number | null;
  /** Relative floor: smaller changes never count, whatever the test says. */
  floor: number;
  significant: boolean;
  verdict: MetricVerdict;
}

export interface CompareOptions {
  /** Relative threshold per series key or metric name, usually estimateNoise(history).threshold. Default: the floor. */
  thresholds?: ReadonlyMap<string, number>;
  /** Relative floor per series key or metric name (config `metrics[].threshold`). Default: the unit's floor. */
  floors?: ReadonlyMap<string, number>;
  /** Direction per series key or metric name, overriding the points' own. */
  directions?: ReadonlyMap<string, Direction>;
  /** Main-branch points behind each threshold, by series key or metric name; fewer than MIN_HISTORY_POINTS leave the floor alone. */
  historyPoints?: ReadonlyMap<string, number>;
  /** Significance level of the tests on samples (default 0.01); the interval's level is 1 − alpha. */
  alpha?: number;
}

/** A history shorter than this cannot measure the between-commit noise; the floor stands in. */
export const MIN_HISTORY_POINTS = 10;

/** Fewest samples per side for a test; below it the threshold decides. */
const MIN_SAMPLES = 3;

interface Pooled {
  value: number;
  samples: number[];
  point: SidePoint;
}

function pool(points: readonly SidePoint[]): Map<string, Pooled> {
  const groups = new Map<string, SidePoint[]>();
  for (const p of points) {
    const key = seriesKey(p.machine, p.suite, p.metric);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [p]);
    else list.push(p);
  }
  const pooled = new Map<string, Pooled>();
  for (const [key, list] of groups) {
    const samples = list.flatMap((p) => p.samples ?? []);
    // Repeated runs without samples are samples of the commit themselves.
    const usable = samples.length >= MIN_SAMPLES || list.length < MIN_SAMPLES ? samples : list.map((p) => p.value);
    pooled.set(key, { value: median(list.map((p) => p.value)), samples: usable, point: list[0] as SidePoint });
  }
  return pooled;
}

function lookup<T>(map: ReadonlyMap<string, T> | undefined, key: string, metric: string): T | undefined {
  return map?.get(key) ?? map?.get(metric);
}

interface Test {
  pValue: number;
  /** The change in percent the test is about, with its interval at `level`. */
  pct: number;
  ci: [number, number] | null;
}

/**
 * Welch's t-test of head against base on log samples (raw samples when any is
 * ≤ 0), and the interval of the same t statistic at level 1 − alpha around
 * the difference of means: one distribution for both.
 */
function testSamples(base: number[], head: number[], alpha: number): Test | null {
  const positive = base.every((v) => v > 0) && head.every((v) => v > 0);
  const a = positive ? logValues(base) : Float64Array.from(base);
  const b = positive ? logValues(head) : Float64Array.from(head);
  const t = welchTTest(a, b);
  const half = t.se === 0 || !(t.df > 0) ? 0 : studentTCritical(alpha, t.df) * t.se;
  if (positive) return { pValue: t.pValue, pct: logRatioToPct(t.diff), ci: [logRatioToPct(t.diff - half), logRatioToPct(t.diff + half)] };
  const level = Math.abs(mean(a));
  if (level === 0) return null;
  const pct = (t.diff / level) * 100;
  const spread = (half / level) * 100;
  return { pValue: t.pValue, pct, ci: [pct - spread, pct + spread] };
}

function compareOne(key: string, base: Pooled | undefined, head: Pooled | undefined, options: CompareOptions): MetricComparison {
  const point = (head ?? base)?.point as SidePoint;
  const { machine, suite, metric, unit } = point;
  const direction = lookup(options.directions, key, metric) ?? point.direction;
  const floor = lookup(options.floors, key, metric) ?? defaultFloor(unit);
  const fromHistory = lookup(options.thresholds, key, metric);
  const historyPoints = options.historyPoints === undefined ? null : (lookup(options.historyPoints, key, metric) ?? 0);
  const usable = fromHistory !== undefined && (historyPoints === null || historyPoints >= MIN_HISTORY_POINTS);
  const threshold = usable ? Math.max(floor, fromHistory) : floor;
  const thresholdFrom: MetricComparison['thresholdFrom'] = usable ? 'history' : 'floor';
  const common = { key, machine, suite, metric, unit, direction, threshold, thresholdFrom, historyPoints, floor };
  if (base === undefined || head === undefined) {
    return {
      ...common,
      base: base?.value ?? null,
      head: head?.value ?? null,
      delta: null,
      deltaPct: null,
      ci: null,
      ciLevel: null,
      pValue: null,
      method: null,
      significant: false,
      verdict: base === undefined ? 'new' : 'missing',
    };
  }
  const delta = head.value - base.value;
  const alpha = options.alpha ?? 0.01;
  const test = base.samples.length >= MIN_SAMPLES && head.samples.length >= MIN_SAMPLES ? testSamples(base.samples, head.samples, alpha) : null;
  const deltaPct = test !== null ? test.pct : base.value === 0 ? null : (delta / Math.abs(base.value)) * 100;
  const relative = deltaPct === null ? (delta === 0 ? 0 : Infinity) : Math.abs(deltaPct) / 100;
  // Beyond the between-commit noise, and where samples say something, certain by their test too.
  const significant = relative >= threshold * (1 - 1e-9) && (test === null || test.pValue < alpha);
  let verdict: MetricVerdict = 'unchanged';
  if (significant) verdict = direction === 0 ? 'changed' : delta * direction < 0 ? 'regression' : 'improvement';
  return {
    ...common,
    base: base.value,
    head: head.value,
    delta,
    deltaPct,
    ci: test?.ci ?? null,
    ciLevel: test === null ? null : 1 - alpha,
    pValue: test?.pValue ?? null,
    method: test === null ? 'threshold' : 'welch',
    significant,
    verdict,
  };
}

/** Every metric on either side, ordered by series key. */
export function compareMetrics(base: readonly SidePoint[], head: readonly SidePoint[], options: CompareOptions = {}): MetricComparison[] {
  const b = pool(base);
  const h = pool(head);
  const keys = [...new Set([...b.keys(), ...h.keys()])].sort();
  return keys.map((key) => compareOne(key, b.get(key), h.get(key), options));
}

export { summarizeComparison, type ComparisonSummary, type ComparisonVerdict, type Severity } from './summarize-comparison.ts';
export { compareRunContexts, listFailedRuns } from './run-contexts.ts';
