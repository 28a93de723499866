/**
 * Runs one suite against one checked-out commit: warmup runs, then measured
 * runs, each a process that writes measurements; merges them and says how it
 * went. A failing suite is an outcome, not an exception: whatever was logged or
 * validly measured before the failure is returned too.
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPitwallError } from '../../results/errors.ts';
import type { RunStatus } from '../../results/schema.ts';
import type { SuiteConfig } from '../config/resolved.ts';
import {
  extractStdoutMeasurements, formatBenchProblem, isMeasurementLine, parseBenchOutput, tooManyMeasurements, MEASUREMENT_PREFIX, NAME_RULE, STDOUT_SOURCE,
} from './contract.ts';
import { checkMetricName, checkUnit, MAX_MEASUREMENTS_PER_RUN } from '../../results/limits.ts';
import type { BenchMeasurement, BenchProblem, NumberedLine, ParseOutput } from './contract.ts';
import { mergeRepeats } from './merge-repeats.ts';
import { runProcess } from './spawn.ts';
import type { LogLine, ProcessResult } from './spawn.ts';
import { COMMIT_PROBLEM_CODES, resolveSuiteInvocation } from './suite-command.ts';
import { describeExit, formatLogLine, SuiteLog } from './suite-log.ts';

export interface RunSuiteOptions {
  /** Absolute path of the checked-out repository under test. */
  repoDir: string;
  /** Folder a relative `script` is found in (the config file's folder in the working tree); default repoDir. */
  scriptDir?: string;
  commit: string;
  /** Per-suite directory kept between runs (PITWALL_CACHE); created if missing. */
  cacheDir: string;
  /** Scratch directory for the output files; created if missing. */
  workDir: string;
  /** Parses an output file; default the bench-script contract (`parseBenchOutput`). */
  parseOutput?: ParseOutput;
  /** A line of progress for people ("run 2/5: exit code 0 after 877 ms"), and the same as data. */
  onProgress?: (text: string, event: SuiteProgress) => void;
  /** Every line the suite prints, as it comes: formatted as in the log, and as data. */
  onLine?: (text: string, line: LogLine) => void;
  /** Environment the suite's `env` is laid over; default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  killGraceMs?: number;
  maxOutputBytes?: number;
}

export interface SuiteProgress {
  suite: string;
  /** "warmup 1/2", "run 3/5". */
  label: string;
  phase: 'warmup' | 'measure';
  /** "warning": something about the process run that may have skewed it, told after its end. */
  state: 'start' | 'end' | 'warning';
  /** Set when state is "end". */
  result?: ProcessResult;
}

export interface SuiteOutcome {
  status: RunStatus;
  /** Of the last process run. */
  exitCode: number | null;
  signal: string | null;
  /** What went wrong and what to do, for any status but ok. */
  error: string | null;
  /** Sum of the measured runs; warmups excluded. */
  durationMs: number;
  /** One per metric, merged across the measured runs (also the valid part of a failed run). */
  measurements: BenchMeasurement[];
  logText: string;
  /** How many samples each metric got. */
  samplesPerMetric: Record<string, number>;
}

const PROBLEMS_SHOWN = 5;
const STDERR_LINES_SHOWN = 10;
const MAX_STDERR_LINE_CHARS = 300;
/** Larger output files are refused rather than read into memory. */
const MAX_OUTPUT_FILE_BYTES = 64 * 1024 * 1024;

interface Step {
  phase: 'warmup' | 'measure';
  index: number;
  total: number;
  label: string;
  /** "run 2 of 5", for messages. */
  words: string;
}

export async function runSuite(suite: SuiteConfig, options: RunSuiteOptions): Promise<SuiteOutcome> {
  const repoDir = path.resolve(options.repoDir);
  const workDir = path.resolve(options.workDir);
  const cacheDir = path.resolve(options.cacheDir);
  await mkdir(workDir, { recursive: true });
  await mkdir(cacheDir, { recursive: true });
  const parseOutput = options.parseOutput ?? parseBenchOutput;
  const log = new SuiteLog();
  const measuredRuns: BenchMeasurement[][] = [];
  let durationMs = 0;
  let last: ProcessResult | null = null;

  const finish = (status: RunStatus, error: string | null): SuiteOutcome => {
    const merged = mergeRepeats(measuredRuns, false);
    return {
      status, error, durationMs, logText: log.toString(), measurements: merged.measurements, samplesPerMetric: merged.samplesPerMetric,
      exitCode: last?.exitCode ?? null, signal: last?.signal ?? null,
    };
  };

  for (const step of planSteps(suite)) {
    const outPath = path.join(workDir, `${suite.name}-${step.phase === 'warmup' ? 'warmup' : 'run'}-${step.index}.jsonl`);
    await rm(outPath, { force: true });
    let invocation;
    try {
      invocation = await resolveSuiteInvocation(suite, repoDir, outPath, options.scriptDir === undefined ? {} : { scriptDir: options.scriptDir });
    } catch (error) {
      if (!isPitwallError(error) || !COMMIT_PROBLEM_CODES.includes(error.code)) throw error;
      const text = error.hint === undefined ? error.message : `${error.message}. ${error.hint}`;
      log.addNote(step.label, text);
      return finish('error', text);
    }

    log.addNote(step.label, `start: ${invocation.display} (cwd "${path.relative(repoDir, invocation.cwd) || '.'}")`);
    options.onProgress?.(`  ${suite.name} ${step.label}: started`, { suite: suite.name, label: step.label, phase: step.phase, state: 'start' });
    const stdoutMeasurementLines: NumberedLine[] = [];
    const lastStderr: string[] = [];
    let stdoutCount = 0;
    // Past the limit, lines are counted, not kept: a suite printing millions of them must not take the memory with it.
    let stdoutMeasurementCount = 0;
    const result = await runProcess({
      file: invocation.file,
      args: invocation.args,
      cwd: invocation.cwd,
      env: { ...(options.baseEnv ?? process.env), ...suite.env, PITWALL_REPO: repoDir, PITWALL_OUT: outPath, PITWALL_COMMIT: options.commit, PITWALL_CACHE: cacheDir },
      timeoutMs: suite.timeoutSeconds * 1000,
      label: step.label,
      onLine: (line) => {
        if (line.stream === 'stdout') {
          stdoutCount++;
          if (isMeasurementLine(line.text)) {
            stdoutMeasurementCount++;
            if (stdoutMeasurementCount <= MAX_MEASUREMENTS_PER_RUN) stdoutMeasurementLines.push({ line: stdoutCount, text: line.text });
          }
        } else {
          lastStderr.push(line.text.length > MAX_STDERR_LINE_CHARS ? `${line.text.slice(0, MAX_STDERR_LINE_CHARS)}...` : line.text);
          if (lastStderr.length > STDERR_LINES_SHOWN) lastStderr.shift();
        }
        options.onLine?.(formatLogLine(line), line);
      },
      ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
      ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
    });
    last = result;
    for (const line of result.lines) log.addOutput(line);
    if (result.droppedBytes > 0) log.addNote(step.label, `${result.droppedBytes} bytes of output were not kept in this log (limit reached)`);
    if (result.killedLeftovers) log.addNote(step.label, 'stopped processes the suite left running after it exited');
    let escapeWarning: string | null = null;
    if (result.escaped.length > 0) {
      const list = result.escaped.map((p) => `${p.pid} (${p.command.length > 80 ? `${p.command.slice(0, 77)}...` : p.command || 'unknown command'})`).join(', ');
      const warning = `${result.escaped.length} process${result.escaped.length === 1 ? '' : 'es'} left the suite's process group (setsid or a daemon) and still ran after it ended: ${list}; killed them. They ran beside the measurement and may have skewed it; keep every process of a suite in its group`;
      log.addNote(step.label, `warning: ${warning}`);
      escapeWarning = `  warning: ${suite.name} ${step.label}: ${warning}`;
    }
    const exit = describeExit(result, suite.timeoutSeconds);
    log.addNote(step.label, exit);
    options.onProgress?.(`  ${suite.name} ${step.label}: ${exit}`, { suite: suite.name, label: step.label, phase: step.phase, state: 'end', result });
    if (escapeWarning !== null) options.onProgress?.(escapeWarning, { suite: suite.name, label: step.label, phase: step.phase, state: 'warning', result });

    const failure = describeFailure(suite, step, result, lastStderr);
    if (step.phase === 'warmup') {
      if (failure !== null) return finish(failure.status, failure.error);
      continue;
    }
    durationMs += result.durationMs;
    if (failure !== null && result.spawnError !== null) return finish(failure.status, failure.error);
    const parsed = await readRunOutput(outPath, stdoutMeasurementLines, parseOutput);
    if (stdoutMeasurementCount > MAX_MEASUREMENTS_PER_RUN) {
      parsed.problems.unshift(tooManyMeasurements(STDOUT_SOURCE, null, `has ${stdoutMeasurementCount.toLocaleString('en-US')} "${MEASUREMENT_PREFIX}" lines`));
    }
    const overLimit = parsed.problems.some((p) => p.overLimit === true);
    // A run over the limits keeps none of its measurements: a part of them would read as the whole.
    measuredRuns.push(overLimit ? [] : parsed.measurements);
    if (failure !== null) return finish(failure.status, failure.error);
    if (parsed.problems.length > 0) {
      return finish('invalid-output', `Suite "${suite.name}" wrote invalid output on ${step.words}:${listProblems(parsed.problems.map(formatBenchProblem))}`);
    }
    if (parsed.measurements.length === 0) {
      const file = path.basename(outPath);
      return finish('invalid-output', `Suite "${suite.name}" reported no measurement on ${step.words}: "${file}" is missing or empty and stdout has no "${MEASUREMENT_PREFIX}" line. Write one JSON object per line to the file given as the second argument ("$2", also in PITWALL_OUT), such as {"metric": "parse/small", "value": 12.5, "unit": "ms"}`);
    }
  }

  const merged = mergeRepeats(measuredRuns, true);
  if (merged.problems.length > 0) {
    return finish('invalid-output', `Suite "${suite.name}" reported different things on different runs:${listProblems(merged.problems)}`);
  }
  return finish('ok', null);
}

function planSteps(suite: SuiteConfig): Step[] {
  const steps: Step[] = [];
  for (let i = 1; i <= suite.warmup; i++) {
    steps.push({ phase: 'warmup', index: i, total: suite.warmup, label: `warmup ${i}/${suite.warmup}`, words: `warmup run ${i} of ${suite.warmup}` });
  }
  for (let i = 1; i <= suite.repeat; i++) {
    steps.push({ phase: 'measure', index: i, total: suite.repeat, label: `run ${i}/${suite.repeat}`, words: `run ${i} of ${suite.repeat}` });
  }
  return steps;
}

function describeFailure(suite: SuiteConfig, step: Step, result: ProcessResult, lastStderr: readonly string[]): { status: RunStatus; error: string } | null {
  const name = `Suite "${suite.name}"`;
  const stderr = lastStderr.length === 0 ? '' : `\nLast lines of stderr:\n${lastStderr.map((l) => `  ${l}`).join('\n')}`;
  if (result.spawnError !== null) {
    const missing = result.spawnError.code === 'ENOENT' ? ': the file or the interpreter on its "#!" line was not found' : '';
    return { status: 'error', error: `${name} could not start on ${step.words}${missing} (${result.spawnError.message})` };
  }
  if (result.interrupted !== null) {
    return { status: 'error', error: `${name} was stopped on ${step.words} because pitwall received ${result.interrupted}${stderr}` };
  }
  if (result.timedOut) {
    return {
      status: 'timeout',
      error: `${name} timed out after ${suite.timeoutSeconds} s on ${step.words}; its process group was killed. Raise "timeoutSeconds" of the suite if it needs longer${stderr}`,
    };
  }
  if (result.signal !== null) return { status: 'failed', error: `${name} was killed by ${result.signal} on ${step.words}${stderr}` };
  if (result.exitCode !== 0) {
    const why = result.exitCode === 127 ? ' (command not found)' : result.exitCode === 126 ? ' (found but not executable)' : '';
    return { status: 'failed', error: `${name} exited with code ${result.exitCode}${why} on ${step.words}${stderr}` };
  }
  return null;
}

/**
 * Measurements of one process run: the output file (if written) and stdout protocol lines, each metric at most once.
 */
async function readRunOutput(outPath: string, stdoutLines: readonly NumberedLine[], parseOutput: ParseOutput): Promise<{ measurements: BenchMeasurement[]; problems: BenchProblem[] }> {
  const source = path.basename(outPath);
  const fromFile = await readOutputFile(outPath, source, parseOutput);
  const fromStdout = extractStdoutMeasurements(stdoutLines);
  const problems = [...fromFile.problems, ...fromStdout.problems];
  const inFile = new Set(fromFile.measurements.map((m) => m.metric));
  const measurements = [...fromFile.measurements];
  for (const m of fromStdout.measurements) {
    if (inFile.has(m.metric)) {
      problems.push({ source: STDOUT_SOURCE, line: null, message: `metric "${m.metric}" is also in "${source}"; report each metric once per run` });
    } else {
      measurements.push(m);
    }
  }
  // The contract's parser checks names line by line; an adapter's names are checked here, the same way.
  const named = measurements.filter((m) => {
    const problem = checkMetricName(m.metric) ?? (m.unit === undefined ? null : checkUnit(m.unit));
    if (problem !== null) problems.push({ source, line: null, message: `metric ${JSON.stringify(m.metric.length > 60 ? `${m.metric.slice(0, 57)}...` : m.metric)} (or its unit) ${problem}; ${NAME_RULE}` });
    return problem === null;
  });
  if (named.length > MAX_MEASUREMENTS_PER_RUN) problems.unshift(tooManyMeasurements(source, null, `has ${named.length.toLocaleString('en-US')} measurements together with stdout`));
  return { measurements: named, problems };
}

async function readOutputFile(outPath: string, source: string, parseOutput: ParseOutput): Promise<{ measurements: BenchMeasurement[]; problems: BenchProblem[] }> {
  let size: number;
  try {
    size = (await stat(outPath)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { measurements: [], problems: [] };
    throw error;
  }
  if (size > MAX_OUTPUT_FILE_BYTES) {
    return { measurements: [], problems: [{ source, line: null, message: `is ${Math.round(size / 1024 / 1024)} MiB; keep bench output under ${MAX_OUTPUT_FILE_BYTES / 1024 / 1024} MiB (one line per metric, not per iteration)` }] };
  }
  return parseOutput(await readFile(outPath, 'utf8'), source);
}

function listProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `\n  ${p}`).join('');
  const more = problems.length - PROBLEMS_SHOWN;
  return more > 0 ? `${shown}\n  (and ${more} more)` : shown;
}
