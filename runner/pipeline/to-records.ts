/** Turns what a suite produced into the records stored on the results branch. */
import { createHash } from 'node:crypto';
import { SCHEMA_VERSION, type Direction, type MeasurementRecord, type RunRecord, type SuiteSnapshot } from '../../results/schema.ts';
import { findMetricRule } from '../../results/metric-rules.ts';
import type { MetricRule, SuiteConfig } from '../config/resolved.ts';
import type { BenchMeasurement } from '../bench/contract.ts';
import { directionOfUnit } from '../adapters/units.ts';

/** What the runner knows about a finished suite run: the run record's own fields, plus the suite it ran. */
export type RunFacts = Pick<RunRecord, 'machine' | 'commit' | 'branch' | 'time' | 'status' | 'exitCode' | 'signal' | 'error' | 'durationMs' | 'log' | 'commitInfo' | 'fingerprint'> & {
  id: string;
  suite: SuiteConfig;
  suiteHash: string;
  /** The script file that ran, for a `script` suite whose file was read. */
  script?: SuiteSnapshot['script'];
  version: string;
};

/** Hash of everything that defines how a suite measures, so comparisons can warn when it changed. */
export function hashSuite(suite: SuiteConfig, scriptContent: Uint8Array | null): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([suite.command, suite.script, suite.repeat, suite.warmup, suite.env, suite.cwd, suite.format]));
  if (scriptContent !== null) hash.update(scriptContent);
  return hash.digest('hex').slice(0, 16);
}

export function snapshotSuite(suite: SuiteConfig, hash: string, script?: SuiteSnapshot['script']): SuiteSnapshot {
  const snapshot: SuiteSnapshot = {
    command: suite.command ?? suite.script ?? '',
    repeat: suite.repeat,
    warmup: suite.warmup,
    timeoutSeconds: suite.timeoutSeconds,
    hash,
  };
  if (script !== undefined) snapshot.script = script;
  return snapshot;
}

/** What names a script file across commits: where it is and a hash of what it says. */
export function identifyScript(relativePath: string, content: Uint8Array): NonNullable<SuiteSnapshot['script']> {
  return { path: relativePath, sha256: createHash('sha256').update(content).digest('hex') };
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Fills unit and direction from the config's metric rules where the suite left them out. The direction comes
 * from the suite, else a rule, else the unit (time and bytes lower is better, rates higher); else there is
 * none (0): a significant change of such a metric is shown as "changed", never as a regression.
 */
export function toMeasurementRecords(measurements: readonly BenchMeasurement[], facts: RunFacts, rules: readonly MetricRule[]): MeasurementRecord[] {
  return measurements.map((m) => {
    const rule = findMetricRule(rules, m.metric);
    const unit = m.unit ?? rule?.unit ?? null;
    const direction: Direction = m.direction ?? rule?.direction ?? directionOfUnit(unit) ?? 0;
    const value = m.value ?? median([...(m.samples ?? [])].sort((a, b) => a - b));
    const record: MeasurementRecord = {
      schema: SCHEMA_VERSION,
      kind: 'measurement',
      metric: m.metric,
      value,
      unit,
      direction,
      suite: facts.suite.name,
      machine: facts.machine,
      commit: facts.commit,
      branch: facts.branch,
      time: facts.time,
      run: facts.id,
    };
    if (m.samples !== undefined) record.samples = m.samples;
    return record;
  });
}

export function toRunRecord(facts: RunFacts, metrics: number): RunRecord {
  return {
    schema: SCHEMA_VERSION,
    kind: 'run',
    run: facts.id,
    suite: facts.suite.name,
    machine: facts.machine,
    commit: facts.commit,
    branch: facts.branch,
    time: facts.time,
    status: facts.status,
    exitCode: facts.exitCode,
    signal: facts.signal,
    error: facts.error,
    durationMs: Math.round(facts.durationMs),
    metrics,
    log: facts.log,
    commitInfo: facts.commitInfo,
    fingerprint: facts.fingerprint,
    suiteConfig: snapshotSuite(facts.suite, facts.suiteHash, facts.script),
    pitwall: facts.version,
  };
}

/** `run parse @ 1a2b3c4 on bench-1: 42 metrics, ok` — what `git log results` shows. */
export function formatRunMessage(run: RunRecord): string {
  const status = run.status === 'ok' ? 'ok' : `${run.status}${run.exitCode !== null ? ` (exit ${run.exitCode})` : ''}`;
  const subject = `run ${run.suite} @ ${run.commit.slice(0, 7)} on ${run.machine}: ${run.metrics} metric${run.metrics === 1 ? '' : 's'}, ${status}`;
  const body = [
    `Commit: ${run.commit}${run.branch !== null ? ` (${run.branch})` : ''}`,
    `Subject: ${run.commitInfo.subject}`,
    `Run: ${run.run}`,
    `Duration: ${(run.durationMs / 1000).toFixed(1)} s`,
  ];
  if (run.error !== null) body.push('', run.error);
  return `${subject}\n\n${body.join('\n')}\n`;
}
