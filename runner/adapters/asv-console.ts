/**
 * The console output of `asv run`:
 *
 *   [ 50.00%] ·· Benchmarking virtualenv-py3.12
 *   [ 75.00%] ··· benchmarks.TimeSuite.time_keys            11.1±0.01μs
 *   [ 80.00%] ··· benchmarks.MemSuite.mem_list                     2.42k
 *   [ 85.00%] ··· benchmarks.TimeSuite.time_values                failed
 *
 * Values are as asv prints them for people: 3 significant digits, times with
 * ns/μs/ms/s/m/h suffixes, sizes with k/M/G (powers of 1000). A benchmark run
 * in several environments gets the environment appended. Parameterized
 * benchmarks print a table, which this reader refuses: read the results file.
 */
import type { ParsedOutput } from './adapter.ts';
import { parseFailed, previewText } from './adapter-error.ts';
import { asvUnit } from './asv-results.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { qualifyCollisions, splitAtLast } from './metric-names.ts';
import { splitLines } from './text-lines.ts';
import { scaleValue, type Factor } from './units.ts';

const FORMAT = 'asv';
const STEP = /^(?:\[\s*[\d.]+%\]\s+)?(·{1,3})\s+(.*?)\s*$/;
const RESULT = /^(\S+)\s+(\S.*)$/;
const VALUE = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?:±\S+?)?\s*([A-Za-zμµ]*)$/;

const TIME_SUFFIX: Record<string, Factor> = {
  ns: { pow10: -9, num: 1, den: 1 },
  'μs': { pow10: -6, num: 1, den: 1 },
  'µs': { pow10: -6, num: 1, den: 1 },
  us: { pow10: -6, num: 1, den: 1 },
  ms: { pow10: -3, num: 1, den: 1 },
  s: { pow10: 0, num: 1, den: 1 },
  m: { pow10: 0, num: 60, den: 1 },
  h: { pow10: 0, num: 3600, den: 1 },
  d: { pow10: 0, num: 86400, den: 1 },
};
const SIZE_SUFFIX: Record<string, Factor> = {
  '': { pow10: 0, num: 1, den: 1 },
  k: { pow10: 3, num: 1, den: 1 },
  M: { pow10: 6, num: 1, den: 1 },
  G: { pow10: 9, num: 1, den: 1 },
  T: { pow10: 12, num: 1, den: 1 },
};

interface ConsoleResult {
  name: string;
  environment: string;
  line: number;
  value: number;
  unit: string | undefined;
}

export function parseAsvConsole(text: string, source: string): ParsedOutput {
  const set = createMeasurementSet(FORMAT, source);
  const results: ConsoleResult[] = [];
  let environment = '';
  const lines = splitLines(text);
  lines.forEach((line, index) => {
    const step = STEP.exec(line);
    if (step === null) return;
    const [, dots = '', body = ''] = step;
    const where = { line: index + 1 };
    if (dots.length === 2 && body.startsWith('Benchmarking ')) environment = body.slice('Benchmarking '.length).trim();
    if (dots.length !== 3 || body.startsWith('Running ') || body.startsWith('=') || body.startsWith('-')) return;
    const result = RESULT.exec(body);
    if (result === null) return;
    const [, name = '', shown = ''] = result;
    if (shown === 'failed') return set.fail(where.line, `benchmark "${splitAtLast(name)}" failed`);
    if (shown === 'skipped' || shown === 'n/a') return;
    if (shown === 'ok') {
      throw parseFailed(FORMAT, source, where, 'a single value (a parameterized benchmark prints a table; read the results file .asv/results/<machine>/<commit>-<env>.json with format asv instead)', previewText(line));
    }
    const value = VALUE.exec(shown);
    const kind = asvUnit(name);
    const factor = value === null ? undefined : kind === 's' ? TIME_SUFFIX[value[2] ?? ''] : kind === 'B' ? SIZE_SUFFIX[value[2] ?? ''] : undefined;
    if (value === null || (kind !== undefined && factor === undefined)) {
      const expected = kind === 's' ? 'a time such as "11.1±0.01μs"' : kind === 'B' ? 'a size such as "2.42k"' : 'a number';
      throw parseFailed(FORMAT, source, where, expected, JSON.stringify(shown));
    }
    const number = value[1] ?? '';
    const unit = kind ?? (value[2] === '' ? undefined : value[2]);
    results.push({ name, environment, line: where.line, value: factor === undefined ? Number(number) : scaleValue(number, factor), unit });
  });
  const names = qualifyCollisions(results, (r) => splitAtLast(r.name), (r) => r.environment);
  results.forEach((r, i) => set.add(names[i] as string, { value: r.value, unit: r.unit, direction: -1 }, { line: r.line }));
  return set.finish('result lines like "[ 50.00%] ··· benchmarks.Suite.time_x   1.23±0.01ms"');
}
