/**
 * Records stored on the results branch, one JSON object per line.
 *
 * A run file holds one `run` record (first line) and one `measurement` record per
 * metric. Every line carries `schema` (the major version) so that a line read
 * alone (for example by `git grep`) is understood, and readers can refuse a
 * major version they do not know. Minor additions add optional fields only.
 * The contract for users is results/README.md: keep both in step.
 */
import { PitwallError } from './errors.ts';
import { checkMetricName, checkUnit } from './limits.ts';

export const SCHEMA_VERSION = 1;

/** -1 lower is better, 1 higher is better, 0 neither. */
export type Direction = -1 | 0 | 1;

/**
 * ok: exit 0 with valid output. failed: non-zero exit or killed by a signal.
 * timeout: killed after the suite's timeout. invalid-output: exit 0 but the
 * output broke the contract. error: the runner itself could not start the suite.
 */
export const RUN_STATUSES = ['ok', 'failed', 'timeout', 'invalid-output', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface MachineFingerprint {
  /** Stable hash of the hardware and OS facts below (not of the host name). */
  id: string;
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  arch: string;
  os: string;
  kernel: string;
  node: string;
  /** cpufreq governor of cpu0, null where Linux does not expose it. */
  governor: string | null;
  /** Turbo boost / CPU boost enabled, null when unknown. */
  turbo: boolean | null;
  /** Simultaneous multithreading enabled, null when unknown. */
  smt: boolean | null;
}

/** Facts about the benchmarked commit, copied so the site needs no access to the code's history. */
export interface CommitInfo {
  subject: string;
  author: string;
  /** Commit time, ISO 8601. */
  time: string;
  parents: string[];
}

export interface SuiteSnapshot {
  command: string;
  repeat: number;
  warmup: number;
  timeoutSeconds: number;
  /** Hash of the command, its settings and the script file's content when it is a file. */
  hash: string;
  /**
   * The bench script that ran, for a `script` suite: its path relative to the repository root and the SHA-256 of
   * its content. Scripts come from the working tree, so this names the script even when the commit under test
   * predates it. Absent for commands and for runs written before it was recorded.
   */
  script?: { path: string; sha256: string };
}

export interface RunRecord {
  schema: number;
  kind: 'run';
  run: string;
  suite: string;
  machine: string;
  commit: string;
  branch: string | null;
  /** Start of the run, ISO 8601 UTC. */
  time: string;
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  /** What went wrong, with the line and the fix, for any status but ok. */
  error: string | null;
  durationMs: number;
  metrics: number;
  /** Path of the log file beside this one on the branch, or null when nothing was printed. */
  log: string | null;
  commitInfo: CommitInfo;
  fingerprint: MachineFingerprint;
  suiteConfig: SuiteSnapshot;
  pitwall: string;
}

export interface MeasurementRecord {
  schema: number;
  kind: 'measurement';
  metric: string;
  /** The measurement; the median of `samples` when the suite gave samples only. */
  value: number;
  unit: string | null;
  direction: Direction;
  samples?: number[];
  suite: string;
  machine: string;
  commit: string;
  branch: string | null;
  time: string;
  run: string;
}

export type ResultRecord = RunRecord | MeasurementRecord;

export interface LineLocation {
  file: string;
  line: number;
}

function invalid(where: LineLocation, what: string): PitwallError {
  return new PitwallError('RESULTS_INVALID_LINE', `Cannot read results file "${where.file}": line ${where.line} ${what}`, {
    hint: 'Run "pitwall check" to list every invalid line; results files are written only by pitwall, so fix or revert the commit that changed this one',
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(obj: Record<string, unknown>, key: string, where: LineLocation): string {
  const value = obj[key];
  if (typeof value !== 'string') throw invalid(where, `has no string "${key}"`);
  return value;
}

function requireStringOrNull(obj: Record<string, unknown>, key: string, where: LineLocation): string | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalid(where, `has a "${key}" that is not a string`);
  return value;
}

function requireFinite(obj: Record<string, unknown>, key: string, where: LineLocation): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(where, `has no finite number "${key}"`);
  return value;
}

/**
 * Parses one line of a results file. Throws PitwallError RESULTS_INVALID_LINE
 * (the file and line number in the message) or RESULTS_SCHEMA_UNSUPPORTED.
 * Unknown fields are kept: later minor versions may add some.
 */
export function parseRecordLine(text: string, where: LineLocation): ResultRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw invalid(where, `is not valid JSON (${(cause as Error).message})`);
  }
  if (!isObject(parsed)) throw invalid(where, 'is not a JSON object');
  const schema = parsed['schema'];
  if (typeof schema !== 'number') throw invalid(where, 'has no "schema" version');
  if (schema !== SCHEMA_VERSION) {
    throw new PitwallError(
      'RESULTS_SCHEMA_UNSUPPORTED',
      `Cannot read results file "${where.file}": line ${where.line} has schema version ${schema}, this pitwall reads version ${SCHEMA_VERSION}`,
      { hint: 'Upgrade pitwall to a version that reads this results branch' },
    );
  }
  const kind = parsed['kind'];
  if (kind === 'measurement') {
    const metric = requireString(parsed, 'metric', where);
    const nameProblem = checkMetricName(metric);
    if (nameProblem !== null) throw invalid(where, `has a "metric" that ${nameProblem}`);
    requireFinite(parsed, 'value', where);
    const direction = parsed['direction'];
    if (direction !== -1 && direction !== 0 && direction !== 1) throw invalid(where, 'has a "direction" other than -1, 0 or 1');
    const samples = parsed['samples'];
    if (samples !== undefined) {
      if (!Array.isArray(samples) || samples.some((s) => typeof s !== 'number' || !Number.isFinite(s))) {
        throw invalid(where, 'has "samples" that are not an array of finite numbers');
      }
    }
    const unit = requireStringOrNull(parsed, 'unit', where);
    const unitProblem = unit === null ? null : checkUnit(unit);
    if (unitProblem !== null) throw invalid(where, `has a "unit" that ${unitProblem}`);
    requireString(parsed, 'suite', where);
    requireString(parsed, 'machine', where);
    requireString(parsed, 'commit', where);
    requireString(parsed, 'run', where);
    requireString(parsed, 'time', where);
    return parsed as unknown as MeasurementRecord;
  }
  if (kind === 'run') {
    requireString(parsed, 'run', where);
    requireString(parsed, 'suite', where);
    requireString(parsed, 'machine', where);
    requireString(parsed, 'commit', where);
    requireString(parsed, 'time', where);
    const status = parsed['status'];
    if (typeof status !== 'string' || !(RUN_STATUSES as readonly string[]).includes(status)) {
      throw invalid(where, `has an unknown run "status" ${JSON.stringify(status)}`);
    }
    if (!isObject(parsed['fingerprint'])) throw invalid(where, 'has no "fingerprint" object');
    if (!isObject(parsed['commitInfo'])) throw invalid(where, 'has no "commitInfo" object');
    return parsed as unknown as RunRecord;
  }
  throw invalid(where, `has an unknown "kind" ${JSON.stringify(kind)}`);
}

/**
 * Formats a record as one line (no newline). Keys come in a fixed order chosen for
 * people reading `git grep` output: what was measured first, where it came from last.
 */
export function formatRecordLine(record: ResultRecord): string {
  if (record.kind === 'measurement') {
    const ordered: Record<string, unknown> = {
      schema: record.schema,
      kind: record.kind,
      metric: record.metric,
      value: record.value,
      unit: record.unit,
      direction: record.direction,
    };
    if (record.samples !== undefined) ordered['samples'] = record.samples;
    Object.assign(ordered, {
      suite: record.suite,
      machine: record.machine,
      commit: record.commit,
      branch: record.branch,
      time: record.time,
      run: record.run,
    });
    return JSON.stringify(ordered);
  }
  const { schema, kind, run, suite, machine, commit, branch, time, status, exitCode, signal, error, durationMs, metrics, log } = record;
  return JSON.stringify({
    schema, kind, run, suite, machine, commit, branch, time, status, exitCode, signal, error, durationMs, metrics, log,
    commitInfo: record.commitInfo,
    fingerprint: record.fingerprint,
    suiteConfig: record.suiteConfig,
    pitwall: record.pitwall,
  });
}

/** Parses a whole results file; the run record must come first. */
export function parseRunFile(text: string, file: string): { run: RunRecord; measurements: MeasurementRecord[] } {
  const lines = text.split('\n');
  let run: RunRecord | undefined;
  const measurements: MeasurementRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line.trim() === '') continue;
    const record = parseRecordLine(line, { file, line: i + 1 });
    if (record.kind === 'run') {
      if (run !== undefined) throw invalid({ file, line: i + 1 }, 'is a second "run" record; a run file holds exactly one');
      run = record;
    } else {
      measurements.push(record);
    }
  }
  if (run === undefined) throw invalid({ file, line: 1 }, 'is not a "run" record; a run file starts with one');
  return { run, measurements };
}

export function formatRunFile(run: RunRecord, measurements: readonly MeasurementRecord[]): string {
  let out = formatRecordLine(run) + '\n';
  for (const m of measurements) out += formatRecordLine(m) + '\n';
  return out;
}
