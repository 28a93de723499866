/**
 * Imported runs as run files for the results branch. The path depends only on
 * the source (machine, suite, commit and the run's own time), so importing the
 * same history again finds every run at the path it was written to before.
 */
import { runPaths } from '../../results/layout.ts';
import { formatRunFile, SCHEMA_VERSION, type MeasurementRecord, type RunRecord } from '../../results/schema.ts';
import type { ImportedRun } from './imported-run.ts';

export interface PlannedRun {
  source: ImportedRun;
  /** Path of the run file on the branch. */
  path: string;
  record: RunRecord;
  content: string;
}

export function toRunRecords(source: ImportedRun, id: string, version: string): { run: RunRecord; measurements: MeasurementRecord[] } {
  const { suite, machine, commit, time } = source;
  const run: RunRecord = {
    schema: SCHEMA_VERSION,
    kind: 'run',
    run: id,
    suite,
    machine,
    commit,
    // The tools imported from record runs of the default branch without naming it.
    branch: null,
    time,
    status: 'ok',
    exitCode: 0,
    signal: null,
    error: null,
    durationMs: 0,
    metrics: source.measurements.length,
    log: null,
    commitInfo: source.commitInfo,
    fingerprint: source.fingerprint,
    suiteConfig: source.suiteConfig,
    pitwall: version,
  };
  const measurements = source.measurements.map((m): MeasurementRecord => {
    const record: MeasurementRecord = {
      schema: SCHEMA_VERSION, kind: 'measurement', metric: m.metric, value: m.value, unit: m.unit, direction: m.direction,
      suite, machine, commit, branch: null, time, run: id,
    };
    if (m.samples !== undefined && m.samples.length > 0) record.samples = m.samples;
    return record;
  });
  return { run, measurements };
}

/**
 * Plans a file per run. Two runs that would share a path (same suite and
 * commit within one second) get the attempt suffix in source order, which is
 * stable from one import of the same source to the next.
 */
export function planRunFiles(runs: readonly ImportedRun[], version: string): PlannedRun[] {
  const taken = new Set<string>();
  return runs.map((source) => {
    let attempt = 0;
    let paths = runPaths(source.machine, source.suite, source.commit, source.time);
    while (taken.has(paths.results)) paths = runPaths(source.machine, source.suite, source.commit, source.time, ++attempt);
    taken.add(paths.results);
    const { run, measurements } = toRunRecords(source, paths.id, version);
    return { source, path: paths.results, record: run, content: formatRunFile(run, measurements) };
  });
}
