/**
 * The bench-script output contract: JSON Lines, one measurement per line, in the
 * output file or on stdout behind `pitwall::measurement=`. Pure: no I/O.
 *
 * Validation is strict on purpose: a typo in a key or a unit inside "value" would
 * otherwise turn into a silently missing or wrong series on the dashboard. Every
 * problem names where it is, what the value is, and what to write instead.
 */
import { isPitwallError } from '../../results/errors.ts';
import type { Direction } from '../../results/schema.ts';
import { describeJsonValue, suggestNumber } from './describe-value.ts';
import { checkMetricName, checkUnit, MAX_MEASUREMENTS_PER_RUN, MAX_METRIC_NAME_BYTES, MAX_UNIT_BYTES } from '../../results/limits.ts';

/** One measurement as a bench script reports it (one process run). */
export interface BenchMeasurement {
  /** Non-empty; `/` separates levels, `//` comes before a submetric, by convention. */
  metric: string;
  value?: number;
  samples?: number[];
  unit?: string;
  direction?: Direction;
}

/** Where a problem is: `source` is an output file's name, or STDOUT_SOURCE. `line` is 1-based; null for the whole source. */
export interface BenchProblem {
  source: string;
  line: number | null;
  message: string;
  /** The output holds more than a run may: none of its measurements are kept. */
  overLimit?: true;
}

export interface ParsedBenchOutput {
  measurements: BenchMeasurement[];
  problems: BenchProblem[];
}

/** Parses one process run's output file text; the default for `parseOutput` in runSuite. */
export type ParseOutput = (text: string, source: string) => ParsedBenchOutput;

/**
 * A parser for another harness's format (criterion, go test, ...), as the
 * adapters in runner/adapters have it: measurements, plus the benchmarks the
 * harness itself reported as failed (`line` 0 where there is no line). It
 * throws a PitwallError on output it cannot read; `fromAdapter` turns both into problems.
 */
export type AdapterParse = (text: string, source: string) => { measurements: BenchMeasurement[]; failures: readonly BenchProblem[] };

/** A stdout line with its 1-based line number among all stdout lines of the process run. */
export interface NumberedLine {
  line: number;
  text: string;
}

export const STDOUT_SOURCE = 'stdout';
export const MEASUREMENT_PREFIX = 'pitwall::measurement=';

/** What a metric name must be, for messages. */
export const NAME_RULE = `write a name of at most ${MAX_METRIC_NAME_BYTES.toLocaleString('en-US')} bytes of valid UTF-8 without control characters (tabs and newlines included), such as "parse/small"`;

const KEYS = ['metric', 'value', 'samples', 'unit', 'direction'] as const;
const EXAMPLE = '{"metric": "parse/small", "value": 12.5, "unit": "ms"}';

/** Parses the JSON Lines of an output file. Blank lines are ignored. */
export function parseBenchOutput(text: string, source: string): ParsedBenchOutput {
  const lines = text.split('\n');
  const numbered: NumberedLine[] = [];
  for (let i = 0; i < lines.length; i++) numbered.push({ line: i + 1, text: lines[i] ?? '' });
  return parseLines(numbered, source);
}

/**
 * Picks the `pitwall::measurement=<json>` lines out of stdout and parses the
 * JSON after the prefix. Other lines are ordinary log output.
 */
export function extractStdoutMeasurements(lines: readonly NumberedLine[]): ParsedBenchOutput {
  const picked: NumberedLine[] = [];
  for (const { line, text } of lines) {
    if (isMeasurementLine(text)) picked.push({ line, text: text.slice(MEASUREMENT_PREFIX.length) });
  }
  return parseLines(picked, STDOUT_SOURCE);
}

export function isMeasurementLine(text: string): boolean {
  return text.startsWith(MEASUREMENT_PREFIX);
}

/** `bench output "out.jsonl" line 3: ...` or `bench stdout line 7: ...`. */
export function formatBenchProblem(problem: BenchProblem): string {
  const where = problem.source === STDOUT_SOURCE ? 'bench stdout' : `bench output "${problem.source}"`;
  return problem.line === null ? `${where}: ${problem.message}` : `${where} line ${problem.line}: ${problem.message}`;
}

/**
 * Makes an adapter usable as runSuite's `parseOutput`: its failures and what it
 * throws for unreadable output become problems (status invalid-output) instead of exceptions.
 */
export function fromAdapter(parse: AdapterParse): ParseOutput {
  return (text, source) => {
    try {
      const parsed = parse(text, source);
      const problems = parsed.failures.map((f) => ({ source: f.source, line: f.line === 0 ? null : f.line, message: f.message }));
      return { measurements: parsed.measurements, problems };
    } catch (error) {
      // Only deliberate input errors become problems; a bug in an adapter must still surface as a bug.
      if (isPitwallError(error)) {
        const message = error.hint === undefined ? error.message : `${error.message}. ${error.hint}`;
        return { measurements: [], problems: [{ source, line: null, message }] };
      }
      throw error;
    }
  };
}

/** Past this many problems the rest of the output is not checked: the first ones say what to fix. */
export const MAX_PROBLEMS = 100;

/** The problem of output with more measurements than a run may hold; `what` says how many, e.g. "has 1,000,000 measurements". */
export function tooManyMeasurements(source: string, line: number | null, what = `has more than ${MAX_MEASUREMENTS_PER_RUN.toLocaleString('en-US')} measurements`): BenchProblem {
  return {
    source,
    line,
    message: `${what}, over the limit of ${MAX_MEASUREMENTS_PER_RUN.toLocaleString('en-US')} per run; report one line per metric (put repeated values in "samples"), not one per iteration`,
    overLimit: true,
  };
}

function parseLines(lines: readonly NumberedLine[], source: string): ParsedBenchOutput {
  const measurements: BenchMeasurement[] = [];
  const problems: BenchProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, text } of lines) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    if (problems.length >= MAX_PROBLEMS) {
      problems.push({ source, line, message: `not checked, nor any line after it: the output has more than ${MAX_PROBLEMS} problems` });
      break;
    }
    if (measurements.length >= MAX_MEASUREMENTS_PER_RUN) {
      problems.push(tooManyMeasurements(source, line));
      break;
    }
    const messages: string[] = [];
    const measurement = parseMeasurementLine(trimmed, messages);
    for (const message of messages) problems.push({ source, line, message });
    if (measurement === null) continue;
    const first = seen.get(measurement.metric);
    if (first !== undefined) {
      problems.push({
        source,
        line,
        message: `metric "${measurement.metric}" was already reported on line ${first}; report each metric once per run (put several values in "samples")`,
      });
      continue;
    }
    seen.set(measurement.metric, line);
    measurements.push(measurement);
  }
  return { measurements, problems };
}

/** Returns the measurement, or null after pushing at least one message. */
function parseMeasurementLine(text: string, messages: string[]): BenchMeasurement | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const special = /(?<![\w"])-?(NaN|Infinity)(?![\w"])/.exec(text);
    if (special !== null) {
      messages.push(`holds ${special[0]}, which is not a finite number (and not valid JSON); report finite numbers only, or leave the metric out`);
    } else {
      messages.push(`is not valid JSON (${(cause as Error).message}): ${quoteText(text)}; write one JSON object per line such as ${EXAMPLE}`);
    }
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    messages.push(`is ${describeJsonValue(parsed)}, not a JSON object; write one object per line such as ${EXAMPLE}`);
    return null;
  }
  const obj = parsed as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(key)) messages.push(describeUnknownKey(key));
  }
  const metric = readMetric(obj, messages);
  const value = readValue(obj, messages);
  const samples = readSamples(obj, messages);
  const unit = readUnit(obj, messages);
  const direction = readDirection(obj, messages);
  if (obj['value'] === undefined && obj['samples'] === undefined) {
    messages.push('has neither "value" nor "samples"; add "value": 12.5 or "samples": [12.5, 12.7]');
  }
  if (messages.length > 0 || metric === undefined) return null;
  const measurement: BenchMeasurement = { metric };
  if (value !== undefined) measurement.value = value;
  if (samples !== undefined) measurement.samples = samples;
  if (unit !== undefined) measurement.unit = unit;
  if (direction !== undefined) measurement.direction = direction;
  return measurement;
}

function readMetric(obj: Record<string, unknown>, messages: string[]): string | undefined {
  const metric = obj['metric'];
  if (metric === undefined) {
    messages.push('has no "metric"; add a name such as "metric": "parse/small"');
    return undefined;
  }
  if (typeof metric !== 'string' || metric.trim() === '') {
    messages.push(`"metric" is ${describeJsonValue(metric)}; write a non-empty string such as "parse/small"`);
    return undefined;
  }
  const problem = checkMetricName(metric);
  if (problem !== null) {
    messages.push(`"metric" ${quoteText(metric)} ${problem}; ${NAME_RULE}`);
    return undefined;
  }
  return metric;
}

function readValue(obj: Record<string, unknown>, messages: string[]): number | undefined {
  const value = obj['value'];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  messages.push(`"value" is ${describeJsonValue(value)}; ${suggestNumber(value)}`);
  return undefined;
}

function readSamples(obj: Record<string, unknown>, messages: string[]): number[] | undefined {
  const samples = obj['samples'];
  if (samples === undefined) return undefined;
  if (!Array.isArray(samples)) {
    messages.push(`"samples" is ${describeJsonValue(samples)}; write a non-empty array of numbers such as [12.5, 12.7]`);
    return undefined;
  }
  if (samples.length === 0) {
    messages.push('"samples" is an empty array; give at least one number, or leave the metric out');
    return undefined;
  }
  const bad = samples.findIndex((s) => typeof s !== 'number' || !Number.isFinite(s));
  if (bad >= 0) {
    messages.push(`"samples" item ${bad + 1} is ${describeJsonValue(samples[bad])}; ${suggestNumber(samples[bad])}`);
    return undefined;
  }
  return samples as number[];
}

function readUnit(obj: Record<string, unknown>, messages: string[]): string | undefined {
  const unit = obj['unit'];
  // null is how Python's json.dumps writes a unit of None (Radar scripts do): no unit, as when it is left out.
  if (unit === undefined || unit === null) return undefined;
  if (typeof unit === 'string' && unit.trim() !== '') {
    const problem = checkUnit(unit);
    if (problem === null) return unit;
    messages.push(`"unit" ${quoteText(unit)} ${problem}; write a unit of at most ${MAX_UNIT_BYTES} bytes such as "ms", or leave "unit" out`);
    return undefined;
  }
  messages.push(`"unit" is ${describeJsonValue(unit)}; write a unit string such as "ms", "B" or "%", or leave "unit" out`);
  return undefined;
}

function readDirection(obj: Record<string, unknown>, messages: string[]): Direction | undefined {
  const direction = obj['direction'];
  if (direction === undefined || direction === null) return undefined;
  if (direction === -1 || direction === 0 || direction === 1) return direction;
  const word = typeof direction === 'string' ? direction.toLowerCase() : '';
  const guess = /^(lower|less|smaller|down|min)/.test(word) ? ' (here probably -1)' : /^(higher|more|bigger|larger|up|max)/.test(word) ? ' (here probably 1)' : '';
  messages.push(`"direction" is ${describeJsonValue(direction)}; write -1 (lower is better), 1 (higher is better) or 0 (neither)${guess}`);
  return undefined;
}

function describeUnknownKey(key: string): string {
  const near = KEYS.find((k) => editDistance(k, key.toLowerCase()) <= 2);
  const suggestion = near === undefined ? '' : `did you mean "${near}"? `;
  return `has an unknown key "${key}"; ${suggestion}the keys are ${KEYS.map((k) => `"${k}"`).join(', ')}`;
}

function quoteText(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
