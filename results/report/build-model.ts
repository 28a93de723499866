/**
 * History (every run on the results branch) -> SiteModel (what the dashboard
 * shows). All numbers come from results/analysis; this file only shapes them.
 */
import * as aq from 'arquero';
import type { History, LoadedRun } from '../store/read-history.ts';
import type { MachineFingerprint, RunRecord } from '../schema.ts';
import { findMetricRule, type MetricRule } from '../metric-rules.ts';
import { analyzeSeries, groupSeries, RECENT_COMMITS, type Series, type SeriesRow } from '../analysis/series.ts';
import { describeStatus } from './describe-status.ts';
import type { ChangePoint } from '../analysis/change-points.ts';
import { findTriage, excludedRuns, type TriageEntry } from '../triage.ts';
import { historyTables } from '../analysis/history-tables.ts';
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
}

const SPARK_POINTS = 60;

function toRows(runs: readonly LoadedRun[], excluded: ReadonlySet<string>): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const loaded of runs) {
    const { run } = loaded;
    if (excluded.has(run.run)) continue;
    for (let i = 0; i < loaded.metrics.length; i++) {
      const from = loaded.sampleStart[i] as number;
      const to = loaded.sampleStart[i + 1] as number;
      rows.push({
        machine: run.machine,
        suite: run.suite,
        metric: loaded.metrics[i] as string,
        commit: run.commit,
        value: loaded.values[i] as number,
        samples: to > from ? loaded.samples.subarray(from, to) : undefined,
        unit: loaded.units[i] ?? null,
        direction: loaded.directions[i] as -1 | 0 | 1,
      });
    }
  }
  return rows;
}

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
    pValue: cp.pValue,
    sizeInNoise: cp.sizeInNoise,
    test: cp.test,
    kind: cp.kind,
    status: cp.status,
    triage: entry === undefined ? null : { state: entry.action === 'expect' ? 'expected' : 'acknowledged', note: entry.note, by: entry.by },
  };
}

/** The newest run of each machine × suite, to mark its series as failing. */
function latestRuns(runs: readonly LoadedRun[], mainPosition: ReadonlyMap<string, number>): Map<string, RunRecord> {
  const latest = new Map<string, RunRecord>();
  for (const { run } of runs) {
    const at = mainPosition.get(run.commit);
    if (at === undefined) continue;
    const key = `${run.machine}\u0000${run.suite}`;
    const known = latest.get(key);
    const knownAt = known === undefined ? -1 : (mainPosition.get(known.commit) as number);
    if (known === undefined || at > knownAt || (at === knownAt && run.time > known.time)) latest.set(key, run);
  }
  return latest;
}

function buildMachines(history: History, summaries: readonly SeriesSummary[], warn: BuildModelOptions['machineWarnings']): MachineView[] {
  const { machines } = historyTables(history);
  const noiseTable = aq.from(summaries.map((s) => ({ machine: s.machine, suite: s.suite, noise: s.noisePct })));
  const noise = noiseTable.size === 0 ? [] : (noiseTable.groupby('machine', 'suite').rollup({ noisePct: aq.op.median('noise'), series: aq.op.count() }).orderby('machine', 'suite').objects() as { machine: string; suite: string; noisePct: number; series: number }[]);
  // Newest run first, so that each (machine, id) keeps the facts of its most recent run.
  const byTime = history.runs.map(({ run }) => run).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  const fingerprints = new Map<string, Map<string, MachineFingerprint>>();
  for (const run of byTime) {
    let own = fingerprints.get(run.machine);
    if (own === undefined) fingerprints.set(run.machine, (own = new Map()));
    if (!own.has(run.fingerprint.id)) own.set(run.fingerprint.id, run.fingerprint);
  }
  return (machines.objects() as { machine: string; runs: number; lastRun: string; fingerprint: string }[]).map(({ machine, runs, lastRun, fingerprint: id }) => {
    const own = fingerprints.get(machine) as Map<string, MachineFingerprint>;
    const fingerprint = own.get(id) as MachineFingerprint;
    return {
      name: machine,
      fingerprint,
      earlierFingerprints: [...own.values()].filter((f) => f.id !== id),
      noiseBySuite: noise.filter((n) => n.machine === machine).map(({ suite, noisePct, series }) => ({ suite, noisePct, series })),
      warnings: warn(fingerprint),
      runs,
      lastRun,
    };
  });
}

export function buildSiteModel(history: History, options: BuildModelOptions): SiteModel {
  const commits: SiteCommit[] = [];
  const commitIndex = new Map<string, number>();
  const addCommit = (sha: string, index: number | null) => {
    const info = history.commits.get(sha);
    commitIndex.set(sha, commits.length);
    commits.push({ sha, subject: info?.subject ?? '', author: info?.author ?? '', time: info?.time ?? '', index, branch: info?.branch ?? null });
  };
  history.mainOrder.forEach((sha, i) => addCommit(sha, i));
  for (const sha of history.offMain) addCommit(sha, null);
  const mainPosition = new Map(history.mainOrder.map((sha, i) => [sha, i] as const));

  const excluded = excludedRuns(options.triage);
  const rows = toRows(history.runs, excluded);
  const mainSeries = groupSeries(rows, history.mainOrder);
  const branchSeries = new Map(groupSeries(rows, history.offMain).map((s) => [s.key, s]));
  const latest = latestRuns(history.runs, mainPosition);

  const series: SeriesSummary[] = [];
  const details: SeriesDetail[] = [];
  const changes: ChangeView[] = [];
  for (const s of mainSeries) {
    const rule = findMetricRule(options.rules, s.metric);
    const analysis = analyzeSeries(s.points, { unit: s.unit, direction: s.direction, floor: rule?.threshold ?? null });
    const id = `${s.machine}/${s.suite}/${s.metric}`;
    const positions = s.points.map((p) => p.position);
    const seriesChanges = analysis.changePoints.map((cp) => toChange(s, cp, positions, options.triage));
    changes.push(...seriesChanges);
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
          : { change: lastPoint, commit: lastChange.commit, date: history.commits.get(lastChange.commit)?.time ?? '', triage: lastChange.triage?.state ?? null },
      failedRun: lastRun === undefined || lastRun.status === 'ok' ? null : { status: lastRun.status, commit: lastRun.commit },
    });
    series.push({
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
    });
    const branch = branchSeries.get(s.key);
    details.push({
      id,
      points: toPoints(s, commitIndex),
      changes: seriesChanges,
      noisePct: analysis.noise.sigma * 100,
      branchPoints: branch === undefined ? [] : toPoints(branch, commitIndex),
    });
  }
  changes.sort((a, b) => (commitIndex.get(b.commit) as number) - (commitIndex.get(a.commit) as number) || Math.abs(b.changePct) - Math.abs(a.changePct));

  const runs = history.runs
    .map(({ run }) => ({
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
    details,
    changes,
    runs,
    logs: Object.fromEntries(options.logs),
    machines: buildMachines(history, series, options.machineWarnings),
    notes: options.notes.map((n) => parseNote(n, series.map((s) => s.id))),
    inputProblems: [...(options.inputProblems ?? [])],
  };
}
