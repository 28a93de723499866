/**
 * History (every run on the results branch) -> SiteModel (what the dashboard
 * shows). All numbers come from results/analysis; this file only shapes them.
 */
import * as aq from 'arquero';
import type { CommitOrder, History } from '../store/read-history.ts';
import type { MachineFingerprint, RunRecord } from '../schema.ts';
import { findMetricRule, type MetricRule } from '../metric-rules.ts';
import { analyzeSeries, groupSeries, RECENT_COMMITS, seriesKey, type AnalyzeOptions, type Series, type SeriesAnalysis, type SeriesPoint as AnalysisPoint, type SeriesRow } from '../analysis/series.ts';
import { describeStatus } from './describe-status.ts';
import type { ChangePoint } from '../analysis/change-points.ts';
import { findTriage, excludedRuns, type TriageEntry } from '../triage.ts';
import { hashSeriesInput, type AnalysisCache } from './analysis-cache.ts';
import { parseNote, type NoteSource } from './notes.ts';
import type { InputProblem } from './input-problems.ts';
import type { ChangeView, MachineView, SeriesDetail, SeriesPoint, SeriesSummary, SiteCommit, SiteModel } from './model.ts';

export interface BuildModelOptions {
  title: string;
  rules: readonly MetricRule[];
  triage: readonly TriageEntry[];
  notes: readonly NoteSource[];
  /** Input files the build left out or showed in part, for the site to list. */
  inputProblems?: readonly InputProblem[];
  /** Log text by run id, for the runs whose logs the site shows. */
  logs: ReadonlyMap<string, string>;
  /** Warnings about a noisy machine set-up (governor, turbo, SMT). */
  machineWarnings: (fingerprint: MachineFingerprint) => string[];
  repoUrl: string | null;
  now: Date;
  /** Analyses of earlier builds, reused for series whose input is unchanged. */
  analysisCache?: AnalysisCache;
  /** Runs each analysis; default analyzeSeries on this thread. */
  analyze?: AnalyzeSeries;
}

/**
 * What the model is built from: the runs, the commit order, and the rows of
 * each series read one series at a time (from the series cache, or from a
 * history in memory), so the measurements of every series are never held at once.
 */
export interface SeriesSource extends CommitOrder {
  /** Every run, in reading (path) order. */
  runs: readonly RunRecord[];
  /** Every series key (machine, suite, metric; see seriesKey). */
  keys: readonly string[];
  /** Rows of one series in reading order, each with the id of its run. */
  readRows(key: string): readonly (SeriesRow & { run: string; index: number })[];
}

/** A history loaded in memory as a SeriesSource. */
export function seriesSourceFromHistory(history: History): SeriesSource {
  const byKey = new Map<string, (SeriesRow & { run: string; index: number })[]>();
  for (const loaded of history.runs) {
    const { run } = loaded;
    for (let i = 0; i < loaded.metrics.length; i++) {
      const from = loaded.sampleStart[i] as number;
      const to = loaded.sampleStart[i + 1] as number;
      const metric = loaded.metrics[i] as string;
      const key = seriesKey(run.machine, run.suite, metric);
      let rows = byKey.get(key);
      if (rows === undefined) byKey.set(key, (rows = []));
      rows.push({
        run: run.run,
        index: i,
        machine: run.machine,
        suite: run.suite,
        metric,
        commit: run.commit,
        value: loaded.values[i] as number,
        samples: to > from ? loaded.samples.subarray(from, to) : undefined,
        unit: loaded.units[i] ?? null,
        direction: loaded.directions[i] as -1 | 0 | 1,
      });
    }
  }
  return {
    runs: history.runs.map((r) => r.run),
    mainOrder: history.mainOrder,
    offMain: history.offMain,
    commits: history.commits,
    orderSource: history.orderSource,
    keys: [...byKey.keys()].sort(),
    readRows: (key) => byKey.get(key) ?? [],
  };
}

const SPARK_POINTS = 60;

function toPoints(series: Series, commitIndex: ReadonlyMap<string, number>): SeriesPoint[] {
  return series.points.map((p) => {
    let lo = p.value;
    let hi = p.value;
    const samples = p.samples;
    if (samples !== undefined) {
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i] as number;
        if (s < lo) lo = s;
        if (s > hi) hi = s;
      }
    }
    return { c: commitIndex.get(p.commit) as number, v: p.value, lo, hi, n: p.samples?.length ?? p.runs };
  });
}

function toChange(series: Series, cp: ChangePoint, positions: readonly number[], triage: readonly TriageEntry[]): ChangeView {
  const point = series.points[cp.index]!;
  const previous = cp.index > 0 ? series.points[cp.index - 1]! : null;
  const entry = findTriage(triage, { machine: series.machine, suite: series.suite, metric: series.metric, commit: point.commit });
  return {
    seriesId: `${series.machine}/${series.suite}/${series.metric}`,
    commit: point.commit,
    previousCommit: previous?.commit ?? null,
    unmeasuredBetween: previous === null ? 0 : (positions[cp.index] as number) - (positions[cp.index - 1] as number) - 1,
    beforeMedian: cp.before,
    afterMedian: cp.after,
    changePct: cp.changePct ?? 0,
    ciLowPct: cp.ci?.[0] ?? 0,
    ciHighPct: cp.ci?.[1] ?? 0,
    ciLevel: cp.ciLevel,
    pValue: cp.pValue,
    sizeInNoise: cp.sizeInNoise,
    test: cp.test,
    kind: cp.kind,
    status: cp.status,
    triage: entry === undefined ? null : { state: entry.action === 'expect' ? 'expected' : 'acknowledged', note: entry.note, by: entry.by },
  };
}

/** The newest run of each machine × suite, to mark its series as failing. */
function latestRuns(runs: readonly RunRecord[], mainPosition: ReadonlyMap<string, number>): Map<string, RunRecord> {
  const latest = new Map<string, RunRecord>();
  for (const run of runs) {
    const at = mainPosition.get(run.commit);
    if (at === undefined) continue;
    const key = `${run.machine}\u0000${run.suite}`;
    const known = latest.get(key);
    const knownAt = known === undefined ? -1 : (mainPosition.get(known.commit) as number);
    if (known === undefined || at > knownAt || (at === knownAt && run.time > known.time)) latest.set(key, run);
  }
  return latest;
}

/**
 * One row per machine, by name: its number of runs, its newest run's time and
 * that run's fingerprint id (the first such run in reading order).
 */
function machineRows(runs: readonly RunRecord[]): { machine: string; runs: number; lastRun: string; fingerprint: string }[] {
  const rows = new Map<string, { machine: string; runs: number; lastRun: string; fingerprint: string }>();
  for (const run of runs) {
    const row = rows.get(run.machine);
    if (row === undefined) rows.set(run.machine, { machine: run.machine, runs: 1, lastRun: run.time, fingerprint: run.fingerprint.id });
    else {
      row.runs++;
      if (run.time > row.lastRun) [row.lastRun, row.fingerprint] = [run.time, run.fingerprint.id];
    }
  }
  return [...rows.values()].sort((a, b) => (a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0));
}

function buildMachines(runs: readonly RunRecord[], summaries: readonly SeriesSummary[], warn: BuildModelOptions['machineWarnings']): MachineView[] {
  const noiseTable = aq.from(summaries.map((s) => ({ machine: s.machine, suite: s.suite, noise: s.noisePct })));
  const noise = noiseTable.size === 0 ? [] : (noiseTable.groupby('machine', 'suite').rollup({ noisePct: aq.op.median('noise'), series: aq.op.count() }).orderby('machine', 'suite').objects() as { machine: string; suite: string; noisePct: number; series: number }[]);
  // Newest run first, so that each (machine, id) keeps the facts of its most recent run.
  const byTime = [...runs].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  const fingerprints = new Map<string, Map<string, MachineFingerprint>>();
  for (const run of byTime) {
    let own = fingerprints.get(run.machine);
    if (own === undefined) fingerprints.set(run.machine, (own = new Map()));
    if (!own.has(run.fingerprint.id)) own.set(run.fingerprint.id, run.fingerprint);
  }
  return machineRows(runs).map(({ machine, runs: count, lastRun, fingerprint: id }) => {
    const own = fingerprints.get(machine) as Map<string, MachineFingerprint>;
    const fingerprint = own.get(id) as MachineFingerprint;
    return {
      name: machine,
      fingerprint,
      earlierFingerprints: [...own.values()].filter((f) => f.id !== id),
      noiseBySuite: noise.filter((n) => n.machine === machine).map(({ suite, noisePct, series }) => ({ suite, noisePct, series })),
      warnings: warn(fingerprint),
      runs: count,
      lastRun,
    };
  });
}

/** Sort key of the site's series order (suite, metric, machine), as site/lib/data-files.ts seriesSortKey. */
function siteOrderKey(key: string): string {
  const [machine = '', suite = '', metric = ''] = key.split('\u0000');
  return `${suite}\u0000${metric}\u0000${machine}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Computes one series' analysis; a worker pool can stand in for analyzeSeries. */
export type AnalyzeSeries = (points: readonly AnalysisPoint[], options: AnalyzeOptions) => SeriesAnalysis | Promise<SeriesAnalysis>;

/** Series prepared and analysed (or being analysed) ahead of the one being finished. */
const PIPELINE_DEPTH = 8;

function analyze(s: Series, rule: MetricRule | undefined, cache: AnalysisCache | undefined, run: AnalyzeSeries): SeriesAnalysis | Promise<SeriesAnalysis> {
  const settings: AnalyzeOptions = { unit: s.unit, direction: s.direction, floor: rule?.threshold ?? null };
  if (cache === undefined) return run(s.points, settings);
  const hash = hashSeriesInput(s.points, s.unit, s.direction, settings.floor ?? null);
  const known = cache.get(s.key, hash);
  if (known !== undefined) return known;
  const store = (analysis: SeriesAnalysis) => {
    cache.set(s.key, hash, analysis);
    return analysis;
  };
  const result = run(s.points, settings);
  return result instanceof Promise ? result.then(store) : store(result);
}

/**
 * Builds the model one series at a time. With `onDetail`, each series'
 * details (its points: the bulk of the history) go to it, in the site's
 * series order (suite, metric, machine), and the model's `details` stay
 * empty; without it they are kept in the model.
 */
export async function buildSiteModel(input: History | SeriesSource, options: BuildModelOptions, onDetail?: (detail: SeriesDetail) => void): Promise<SiteModel> {
  const source = 'readRows' in input ? input : seriesSourceFromHistory(input);
  const commits: SiteCommit[] = [];
  const commitIndex = new Map<string, number>();
  const addCommit = (sha: string, index: number | null) => {
    const info = source.commits.get(sha);
    commitIndex.set(sha, commits.length);
    commits.push({ sha, subject: info?.subject ?? '', author: info?.author ?? '', time: info?.time ?? '', index, branch: info?.branch ?? null });
  };
  source.mainOrder.forEach((sha, i) => addCommit(sha, i));
  for (const sha of source.offMain) addCommit(sha, null);
  const mainPosition = new Map(source.mainOrder.map((sha, i) => [sha, i] as const));
  const offPosition = new Map(source.offMain.map((sha, i) => [sha, i] as const));

  const excluded = excludedRuns(options.triage);
  const latest = latestRuns(source.runs, mainPosition);

  const built: { key: string; summary: SeriesSummary; detail: SeriesDetail | null }[] = [];
  const changes: { key: string; view: ChangeView }[] = [];
  const run = options.analyze ?? analyzeSeries;
  const finish = (key: string, s: Series, branch: Series | undefined, analysis: SeriesAnalysis) => {
    const id = `${s.machine}/${s.suite}/${s.metric}`;
    const positions = s.points.map((p) => p.position);
    const seriesChanges = analysis.changePoints.map((cp) => toChange(s, cp, positions, options.triage));
    for (const view of seriesChanges) changes.push({ key, view });
    const lastRun = latest.get(`${s.machine}\u0000${s.suite}`);
    let status: SeriesSummary['status'] = analysis.status;
    const lastChange = seriesChanges.at(-1);
    if ((status === 'regressed' || status === 'improved') && lastChange?.triage !== null && lastChange !== undefined) status = 'stable';
    if (lastRun !== undefined && lastRun.status !== 'ok') status = 'failing';
    const last = s.points.at(-1);
    const lastPoint = analysis.changePoints.at(-1);
    const statusText = describeStatus({
      status,
      count: s.points.length,
      noise: analysis.noise,
      recent: RECENT_COMMITS,
      lastChange:
        lastPoint === undefined || lastChange === undefined
          ? null
          : { change: lastPoint, commit: lastChange.commit, date: source.commits.get(lastChange.commit)?.time ?? '', triage: lastChange.triage?.state ?? null },
      failedRun: lastRun === undefined || lastRun.status === 'ok' ? null : { status: lastRun.status, commit: lastRun.commit },
    });
    const summary: SeriesSummary = {
      id,
      machine: s.machine,
      suite: s.suite,
      metric: s.metric,
      unit: s.unit,
      direction: s.direction,
      count: s.points.length,
      latest: analysis.latest?.value ?? null,
      latestCommit: last?.commit ?? null,
      vsPrevPct: analysis.latest?.vsPrevPct ?? null,
      vs30Pct: analysis.latest?.vs30Pct ?? null,
      status,
      statusText,
      noiseBasis: analysis.noise.basis,
      bimodal: analysis.noise.bimodal,
      noisePct: analysis.noise.sigma * 100,
      thresholdPct: analysis.noise.threshold * 100,
      spark: s.points.slice(-SPARK_POINTS).map((p) => p.value),
    };
    const detail: SeriesDetail = {
      id,
      points: toPoints(s, commitIndex),
      changes: seriesChanges,
      noisePct: analysis.noise.sigma * 100,
      branchPoints: branch === undefined ? [] : toPoints(branch, commitIndex),
    };
    if (onDetail !== undefined) onDetail(detail);
    built.push({ key, summary, detail: onDetail === undefined ? detail : null });
  };
  // Series are prepared (read, grouped) while earlier ones are analysed, and finished in order.
  const pending: { key: string; s: Series; branch: Series | undefined; analysis: SeriesAnalysis | Promise<SeriesAnalysis> }[] = [];
  const finishFirst = async () => {
    const next = pending.shift();
    if (next !== undefined) finish(next.key, next.s, next.branch, await next.analysis);
  };
  for (const key of [...source.keys].sort((a, b) => compareStrings(siteOrderKey(a), siteOrderKey(b)))) {
    const rows = source.readRows(key).filter((r) => !excluded.has(r.run));
    const s = groupSeries(rows, source.mainOrder, mainPosition)[0];
    if (s === undefined) continue; // measured off main only
    const branch = groupSeries(rows, source.offMain, offPosition)[0];
    pending.push({ key, s, branch, analysis: analyze(s, findMetricRule(options.rules, s.metric), options.analysisCache, run) });
    if (pending.length >= PIPELINE_DEPTH) await finishFirst();
  }
  while (pending.length > 0) await finishFirst();
  // The model lists series by key (machine, suite, metric); ties among changes keep that order too.
  built.sort((a, b) => compareStrings(a.key, b.key));
  changes.sort((a, b) => (commitIndex.get(b.view.commit) as number) - (commitIndex.get(a.view.commit) as number) || Math.abs(b.view.changePct) - Math.abs(a.view.changePct) || compareStrings(a.key, b.key));
  const series = built.map((b) => b.summary);

  const runs = source.runs
    .map((run) => ({
      id: run.run,
      suite: run.suite,
      machine: run.machine,
      commit: run.commit,
      time: run.time,
      status: run.status,
      exitCode: run.exitCode,
      durationMs: run.durationMs,
      error: run.error,
      metrics: run.metrics,
      fingerprintId: run.fingerprint.id,
      log: run.log,
    }))
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));

  return {
    title: options.title,
    generatedAt: options.now.toISOString(),
    repoUrl: options.repoUrl,
    commits,
    series,
    details: onDetail === undefined ? built.map((b) => b.detail as SeriesDetail) : [],
    changes: changes.map((c) => c.view),
    runs,
    logs: Object.fromEntries(options.logs),
    machines: buildMachines(source.runs, series, options.machineWarnings),
    notes: options.notes.map((n) => parseNote(n, series.map((s) => s.id))),
    inputProblems: [...(options.inputProblems ?? [])],
  };
}
