/**
 * Rust's built-in bench harness, as `cargo bench` prints it:
 *
 *   test parse::tests::bench_small ... bench:       3,161 ns/iter (+/- 975)
 *   test parse::tests::bench_io    ... bench:       1,024 ns/iter (+/- 12) = 1000 MB/s
 *   test parse::tests::bench_bad   ... FAILED
 *
 * The metric is the test path as printed (Criterion's `--output-format bencher`
 * prints names with spaces in the same lines). Rust 1.77 and later print
 * decimals (`3,161.42 ns/iter (+/- 97.10)`). Time units are converted to `s`
 * and sizes or rates to `B/s` and the like; any other unit, such as a custom
 * harness's `cycles/iter` or `MS/s`, is kept as given (never an error), with
 * the direction its shape implies (`…/s` a rate, higher is better; a count
 * per iteration, lower) or none. The `+/-` figure is the spread of the
 * per-iteration times (max - min), not a sample, so it is read but not kept.
 *
 * Nightly's `cargo bench -- -Z unstable-options --format json` prints one JSON
 * object a line instead: `{ "type": "bench", "name": …, "median": <ns>,
 * "deviation": <ns>, "mib_per_second": … }`, and `{ "type": "test", "event":
 * "failed", … }` for a failure; those are read the same way.
 */
import type { Adapter } from './adapter.ts';
import { parseFailed, previewText } from './adapter-error.ts';
import { createMeasurementSet, type MeasurementSet } from './measurement-set.ts';
import { submetricName } from './metric-names.ts';
import { splitLines, stripDigitGroups } from './text-lines.ts';
import { directionOfUnit, normalizeUnit, scaleValue } from './units.ts';
import type { Direction } from '../../results/schema.ts';

const FORMAT = 'libtest';
const NUMBER = String.raw`[\d,]+(?:\.\d+)?`;
const BENCH_LINE = new RegExp(String.raw`^test (.+?)\s+\.\.\. bench:\s+(${NUMBER}) (\S+) \(\+/- ${NUMBER}\)(?: = (${NUMBER}) (\S+))?\s*$`);
const BENCH_START = /^test .+?\s+\.\.\. bench:/;
const FAILED_LINE = /^test (.+?)\s+\.\.\. FAILED\s*$/;
/** libtest prints the name, runs the benchmark, then prints the result on the same line. */
const STARTED_ONLY = /^test \S+\s+\.\.\.\s*$/;

/**
 * Reads one line of libtest output into `set`; false when the line is not a
 * benchmark line. Shared with the Criterion adapter: `cargo bench` on a
 * workspace mixes both harnesses in one output.
 */
export function readLibtestLine(line: string, lineNumber: number, set: MeasurementSet, format: string, source: string): boolean {
  if (JSON_EVENT.test(line)) return readJsonEvent(line, lineNumber, set, format, source);
  const failed = FAILED_LINE.exec(line);
  if (failed !== null) {
    set.fail(lineNumber, `benchmark "${failed[1]}" failed`);
    return true;
  }
  if (!BENCH_START.test(line)) return false;
  const match = BENCH_LINE.exec(line);
  const where = { line: lineNumber };
  if (match === null) throw parseFailed(format, source, where, '"test <name> ... bench: <number> <unit> (+/- <number>)"', previewText(line));
  const [, name = '', value = '', unit = '', rate, rateUnit] = match;
  set.add(name, readValue(value, unit), where);
  if (rate !== undefined && rateUnit !== undefined) set.add(submetricName(name, 'throughput'), readValue(rate, rateUnit), where);
  return true;
}

const JSON_EVENT = /^\s*\{\s*"type"\s*:\s*"(?:bench|test|suite)"/;

function readJsonEvent(line: string, lineNumber: number, set: MeasurementSet, format: string, source: string): boolean {
  const where = { line: lineNumber };
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    throw parseFailed(format, source, where, 'a complete JSON object such as { "type": "bench", "name": …, "median": …, "deviation": … }', previewText(line));
  }
  const e = event as Record<string, unknown>;
  if (e['type'] === 'test' && e['event'] === 'failed') {
    set.fail(lineNumber, `benchmark "${String(e['name'])}" failed`);
    return true;
  }
  if (e['type'] !== 'bench') return true;
  const { name, median } = e;
  if (typeof name !== 'string' || typeof median !== 'number' || !Number.isFinite(median)) {
    throw parseFailed(format, source, where, 'a "name" string and a "median" number of ns per iteration', previewText(line));
  }
  set.add(name, readValue(String(median), 'ns/iter'), where);
  const rate = e['mib_per_second'];
  if (typeof rate === 'number' && Number.isFinite(rate)) set.add(submetricName(name, 'throughput'), readValue(String(rate), 'MiB/s'), where);
  return true;
}

/** A known unit in its base unit; any other kept as printed, with the direction its shape implies. */
function readValue(value: string, unit: string): { value: number; unit: string; direction?: Direction } {
  const digits = stripDigitGroups(value);
  const scale = normalizeUnit(unit);
  if (scale !== undefined) return { value: scaleValue(digits, scale), unit: scale.unit, direction: scale.direction };
  const direction = directionOfUnit(unit);
  return direction === undefined ? { value: Number(digits), unit } : { value: Number(digits), unit, direction };
}

export const libtest: Adapter = {
  title: 'Rust libtest (#[bench]) console output of cargo bench',
  example: 'cargo bench > "$2"',
  detect(text) {
    return /^test .+?\s+\.\.\. bench:/m.test(text) || /^\s*\{\s*"type"\s*:\s*"bench"/m.test(text);
  },
  parse(text, source) {
    const set = createMeasurementSet(FORMAT, source);
    const lines = splitLines(text);
    lines.forEach((line, i) => readLibtestLine(line, i + 1, set, FORMAT, source));
    const last = lines.findLastIndex((line) => line.trim() !== '');
    if (last !== -1 && STARTED_ONLY.test(lines[last] ?? '')) {
      throw parseFailed(FORMAT, source, { line: last + 1 }, '"bench: <number> ns/iter" after the benchmark name', 'the end of the output (was the run cut short?)');
    }
    return set.finish('lines like "test name ... bench: 1,234 ns/iter (+/- 56)"');
  },
};
