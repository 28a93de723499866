/**
 * The loaded history as Arquero tables, for shaping (grouping, joins, rollups):
 *   runs          one row per run: run, suite, machine, commit, branch, time, status, exitCode, durationMs, metrics, fingerprint
 *   measurements  one row per measurement: run (row index into runs), metric, value, unit, direction, samples (count)
 *   machines      one row per machine: machine, runs, lastRun, fingerprint (of its newest run)
 *   commits       one row per commit: commit, position (in main order, null off main), subject, author, time, branch
 * Columns are built directly (typed arrays for numbers), not from row objects,
 * so a million measurements cost little. Per-series numerics stay in typed
 * arrays (series.ts); these tables are for everything around them.
 */
import * as aq from 'arquero';
import type { History } from '../store/read-history.ts';

export interface HistoryTables {
  runs: aq.ColumnTable;
  measurements: aq.ColumnTable;
  machines: aq.ColumnTable;
  commits: aq.ColumnTable;
}

export function historyTables(history: History): HistoryTables {
  const runs = history.runs.map((r) => r.run);
  const runTable = aq.table({
    run: runs.map((r) => r.run),
    suite: runs.map((r) => r.suite),
    machine: runs.map((r) => r.machine),
    commit: runs.map((r) => r.commit),
    branch: runs.map((r) => r.branch),
    time: runs.map((r) => r.time),
    status: runs.map((r) => r.status),
    exitCode: runs.map((r) => r.exitCode),
    durationMs: Float64Array.from(runs, (r) => r.durationMs),
    metrics: Int32Array.from(runs, (r) => r.metrics),
    fingerprint: runs.map((r) => r.fingerprint.id),
  });

  let total = 0;
  for (const r of history.runs) total += r.metrics.length;
  const runIndex = new Int32Array(total);
  const value = new Float64Array(total);
  const direction = new Int8Array(total);
  const sampleCount = new Int32Array(total);
  const metric: string[] = new Array(total);
  const unit: (string | null)[] = new Array(total);
  let at = 0;
  history.runs.forEach((r, i) => {
    for (let m = 0; m < r.metrics.length; m++, at++) {
      runIndex[at] = i;
      value[at] = r.values[m] as number;
      direction[at] = r.directions[m] as number;
      sampleCount[at] = (r.sampleStart[m + 1] as number) - (r.sampleStart[m] as number);
      metric[at] = r.metrics[m] as string;
      unit[at] = r.units[m] ?? null;
    }
  });
  const measurements = aq.table({ run: runIndex, metric, value, unit, direction, samples: sampleCount });

  const newest = runTable.size === 0
    ? aq.table({ machine: [] as string[], fingerprint: [] as string[] })
    : runTable.groupby('machine').filter((d: { time: string }) => d.time === aq.op.max(d.time)).dedupe('machine').select('machine', 'fingerprint').ungroup();
  const machines = runTable.size === 0
    ? aq.table({ machine: [] as string[], runs: [] as number[], lastRun: [] as string[], fingerprint: [] as string[] })
    : runTable.groupby('machine').rollup({ runs: aq.op.count(), lastRun: aq.op.max('time') }).join(newest, 'machine').orderby('machine');

  const order = [...history.mainOrder, ...history.offMain];
  const commits = aq.table({
    commit: order,
    position: order.map((_, i) => (i < history.mainOrder.length ? i : null)),
    subject: order.map((c) => history.commits.get(c)?.subject ?? ''),
    author: order.map((c) => history.commits.get(c)?.author ?? ''),
    time: order.map((c) => history.commits.get(c)?.time ?? ''),
    branch: order.map((c) => history.commits.get(c)?.branch ?? null),
  });
  return { runs: runTable, measurements, machines, commits };
}
