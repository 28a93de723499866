/**
 * Two commits compared metric by metric (a pull request's head against its
 * merge base). With samples on both sides the decision is a test; without, a
 * change counts when it exceeds the series threshold, the smallest change
 * between two single points that the history says is not noise.
 */
import type { Direction } from '../schema.ts';
import { defaultFloor } from './noise.ts';
import { seriesKey } from './series-key.ts';
import { estimateShift, logValues, logRatioToPct, mannWhitneyU, median, welchTTest } from './stats.ts';

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
export type SignificanceMethod = 'welch' | 'welch+mann-whitney' | 'threshold';

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
  /** head / base − 1 in percent; null when a side is missing or base is 0. */
  deltaPct: number | null;
  /** 95 % interval of deltaPct from the samples; null without samples. */
  ci: [number, number] | null;
  /** Of the test on samples; null when decided by the threshold. */
  pValue: number | null;
  method: SignificanceMethod | null;
  /** Relative threshold used for this series (0.02 = 2 %). */
  threshold: number;
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
  /** Significance level of the tests on samples (default 0.01). */
  alpha?: number;
}

/** Fewest samples per side for a test; below it the threshold decides. */
const MIN_SAMPLES = 3;
/** From this many samples per side the rank test must agree with Welch's. */
const MIN_SAMPLES_RANK = 8;

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
  method: SignificanceMethod;
  ci: [number, number] | null;
}

function testSamples(base: number[], head: number[]): Test {
  const positive = base.every((v) => v > 0) && head.every((v) => v > 0);
  const a = positive ? logValues(base) : Float64Array.from(base);
  const b = positive ? logValues(head) : Float64Array.from(head);
  let pValue = welchTTest(a, b).pValue;
  let method: SignificanceMethod = 'welch';
  if (base.length >= MIN_SAMPLES_RANK && head.length >= MIN_SAMPLES_RANK) {
    pValue = Math.max(pValue, mannWhitneyU(a, b).pValue);
    method = 'welch+mann-whitney';
  }
  let ci: [number, number] | null = null;
  if (positive) {
    const s = estimateShift(a, b);
    ci = [logRatioToPct(s.lo), logRatioToPct(s.hi)];
  }
  return { pValue, method, ci };
}

function compareOne(key: string, base: Pooled | undefined, head: Pooled | undefined, options: CompareOptions): MetricComparison {
  const point = (head ?? base)?.point as SidePoint;
  const { machine, suite, metric, unit } = point;
  const direction = lookup(options.directions, key, metric) ?? point.direction;
  const floor = lookup(options.floors, key, metric) ?? defaultFloor(unit);
  const threshold = Math.max(floor, lookup(options.thresholds, key, metric) ?? floor);
  const common = { key, machine, suite, metric, unit, direction, threshold, floor };
  if (base === undefined || head === undefined) {
    return {
      ...common,
      base: base?.value ?? null,
      head: head?.value ?? null,
      delta: null,
      deltaPct: null,
      ci: null,
      pValue: null,
      method: null,
      significant: false,
      verdict: base === undefined ? 'new' : 'missing',
    };
  }
  const delta = head.value - base.value;
  const deltaPct = base.value === 0 ? null : (delta / Math.abs(base.value)) * 100;
  const relative = deltaPct === null ? (delta === 0 ? 0 : Infinity) : Math.abs(deltaPct) / 100;
  let significant: boolean;
  let test: Test | null = null;
  if (base.samples.length >= MIN_SAMPLES && head.samples.length >= MIN_SAMPLES) {
    test = testSamples(base.samples, head.samples);
    significant = test.pValue < (options.alpha ?? 0.01) && relative >= floor * (1 - 1e-9);
  } else {
    significant = relative >= threshold * (1 - 1e-9);
  }
  let verdict: MetricVerdict = 'unchanged';
  if (significant) verdict = direction === 0 ? 'changed' : delta * direction < 0 ? 'regression' : 'improvement';
  return {
    ...common,
    base: base.value,
    head: head.value,
    delta,
    deltaPct,
    ci: test?.ci ?? null,
    pValue: test?.pValue ?? null,
    method: test?.method ?? 'threshold',
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
