/**
 * Catch2's console reporter, the default output of a Catch2 test binary:
 *
 *   -------------------------------------------------------------------------------
 *   Fibonacci                      <- test case
 *     Construction                 <- sections, indented
 *   -------------------------------------------------------------------------------
 *   ...
 *   benchmark name                 samples       iterations    estimated
 *                                  mean          low mean      high mean
 *                                  std dev       low std dev   high std dev
 *   -------------------------------------------------------------------------------
 *   Fibonacci 20                            100             2     8.3712 ms
 *                                        41.731 us      41.25 us     42.622 us
 *                                         3.256 us      2.163 us      5.353 us
 *
 * A name too long for its column continues at the start of the next lines. The
 * metric is `<test case>/<sections>/<benchmark>` and its value the mean, in s.
 */
import type { ParsedOutput } from './adapter.ts';
import { parseFailed, previewText } from './adapter-error.ts';
import { createMeasurementSet, type MeasurementSet } from './measurement-set.ts';
import { joinMetric } from './metric-names.ts';
import { splitLines } from './text-lines.ts';
import { normalizeUnit, scaleValue } from './units.ts';

const FORMAT = 'catch2';
const RULE = /^-{20,}\s*$/;
const TABLE_HEADER = /^benchmark name\s+samples\s+iterations\s+est/;
const NUM = String.raw`(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)`;
const UNIT = String.raw`(\S+)`;
const ROW = new RegExp(String.raw`^(.*?)\s+(\d+)\s+(\d+)\s+${NUM} ${UNIT}\s*$`);
const ESTIMATES = new RegExp(String.raw`^(.*?)\s*${NUM} ${UNIT}\s+${NUM} ${UNIT}\s+${NUM} ${UNIT}\s*$`);
const FAILED = /^(.*?)\s*Benchmark failed \((.*)\)\s*$/;

interface Cursor {
  lines: string[];
  index: number;
}

/** Reads one benchmark (three lines) at the cursor; false when the line there starts no benchmark. */
function readRow(cursor: Cursor, group: readonly string[], set: MeasurementSet, source: string): boolean {
  const line = cursor.lines[cursor.index] ?? '';
  const lineNumber = cursor.index + 1;
  const failed = FAILED.exec(line);
  if (failed !== null) {
    const name = joinMetric(...group, (failed[1] ?? '').trim() || undefined);
    set.fail(lineNumber, `benchmark "${name}" failed: ${failed[2]}`);
    cursor.index++;
    return true;
  }
  const row = ROW.exec(line);
  if (row === null) return false;
  const meanLine = cursor.lines[cursor.index + 1] ?? '';
  const mean = ESTIMATES.exec(meanLine);
  if (mean === null) throw parseFailed(FORMAT, source, { line: lineNumber + 1 }, 'the "mean  low mean  high mean" line of a benchmark', previewText(meanLine));
  const deviationLine = cursor.lines[cursor.index + 2] ?? '';
  const deviation = ESTIMATES.exec(deviationLine);
  if (deviation === null) throw parseFailed(FORMAT, source, { line: lineNumber + 2 }, 'the "std dev  low std dev  high std dev" line of a benchmark', previewText(deviationLine));
  const name = [row[1], mean[1], deviation[1]].map((part) => (part ?? '').trim()).filter((part) => part !== '').join(' ');
  const [, , value = '', unit = ''] = mean;
  const scale = normalizeUnit(unit);
  if (scale === undefined || scale.unit !== 's') throw parseFailed(FORMAT, source, { line: lineNumber + 1 }, 'a time unit (ns, us, ms, s)', JSON.stringify(unit));
  set.add(joinMetric(...group, name), { value: scaleValue(value, scale), unit: scale.unit, direction: scale.direction }, { line: lineNumber });
  cursor.index += 3;
  return true;
}

export function parseCatch2Console(text: string, source: string): ParsedOutput {
  const set = createMeasurementSet(FORMAT, source);
  const cursor: Cursor = { lines: splitLines(text), index: 0 };
  const { lines } = cursor;
  let group: string[] = [];
  while (cursor.index < lines.length) {
    const line = lines[cursor.index] ?? '';
    if (RULE.test(line)) {
      // A test case header: names between two rules, sections indented under the test case.
      const close = lines.findIndex((l, i) => i > cursor.index && RULE.test(l));
      const names = close === -1 ? [] : lines.slice(cursor.index + 1, close);
      if (close !== -1 && names.length > 0 && names.every((n) => n.trim() !== '')) {
        group = names.map((n) => n.trim());
        cursor.index = close + 1;
        continue;
      }
    }
    if (TABLE_HEADER.test(line)) {
      const rule = lines.findIndex((l, i) => i > cursor.index && RULE.test(l));
      if (rule === -1) throw parseFailed(FORMAT, source, { line: cursor.index + 1 }, 'a rule of dashes under the benchmark table header', 'the end of the file');
      cursor.index = rule + 1;
      for (;;) {
        while (cursor.index < lines.length && (lines[cursor.index] ?? '').trim() === '') cursor.index++;
        if (cursor.index >= lines.length || !readRow(cursor, group, set, source)) break;
      }
      continue;
    }
    cursor.index++;
  }
  return set.finish('a "benchmark name  samples  iterations" table (run the binary with its benchmarks enabled)');
}
