/**
 * One side of a comparison: every run stored for exactly one commit, and the
 * measurements of those that finished, as points the analysis pools.
 */
import type { SidePoint } from '../../results/analysis/compare.ts';
import type { Direction, RunRecord } from '../../results/schema.ts';
import type { History, LoadedRun } from '../../results/store/read-history.ts';

export interface Side {
  commit: string;
  /** Every run on the commit, failed ones included (they are reported). */
  runs: RunRecord[];
  /** Measurements of the runs that ended ok. */
  points: SidePoint[];
}

export interface SideFilter {
  /** Run ids to leave out (triage exclusions). */
  excluded?: ReadonlySet<string> | undefined;
  /** Only runs of these machines; every machine when undefined or empty. */
  machines?: readonly string[] | undefined;
}

function keep(run: RunRecord, filter: SideFilter): boolean {
  if (filter.excluded?.has(run.run) === true) return false;
  return filter.machines === undefined || filter.machines.length === 0 || filter.machines.includes(run.machine);
}

function toPoints(loaded: LoadedRun): SidePoint[] {
  const { run } = loaded;
  const points: SidePoint[] = [];
  for (let i = 0; i < loaded.metrics.length; i++) {
    const from = loaded.sampleStart[i] as number;
    const to = loaded.sampleStart[i + 1] as number;
    points.push({
      metric: loaded.metrics[i] as string,
      suite: run.suite,
      machine: run.machine,
      value: loaded.values[i] as number,
      samples: to > from ? Array.from(loaded.samples.subarray(from, to)) : undefined,
      unit: loaded.units[i] ?? null,
      direction: loaded.directions[i] as Direction,
    });
  }
  return points;
}

export function collectSide(history: History, commit: string, filter: SideFilter = {}): Side {
  const runs: RunRecord[] = [];
  const points: SidePoint[] = [];
  for (const loaded of history.runs) {
    if (loaded.run.commit !== commit || !keep(loaded.run, filter)) continue;
    runs.push(loaded.run);
    // A run that did not finish may have written half its output: its numbers are not evidence.
    if (loaded.run.status === 'ok') points.push(...toPoints(loaded));
  }
  runs.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { commit, runs, points };
}

/** The suites, of those given, with no run on the side for this machine. */
export function findMissingSuites(side: Side, machine: string, suites: readonly string[]): string[] {
  const present = new Set(side.runs.filter((r) => r.machine === machine).map((r) => r.suite));
  return suites.filter((s) => !present.has(s));
}
