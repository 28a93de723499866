/**
 * Criterion.rs console output (`cargo bench`):
 *
 *   parse/small             time:   [320.62 ps 323.90 ps 327.55 ps]
 *                           thrpt:  [1.2 GiB/s 1.3 GiB/s 1.4 GiB/s]
 *   a name longer than the column
 *                           time:   [3.4623 µs 3.4632 µs 3.4641 µs]
 *
 * The middle figure is Criterion's point estimate; the outer two bound its
 * confidence interval. The console shows no raw samples. `change:` blocks
 * (percentages against the previous local run) are skipped: pitwall compares
 * runs itself. libtest lines in the same output (other bench targets of the
 * workspace) are read too.
 */
import type { ParsedOutput } from './adapter.ts';
import { parseFailed, previewText } from './adapter-error.ts';
import { readLibtestLine } from './libtest.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { submetricName } from './metric-names.ts';
import { splitLines } from './text-lines.ts';
import { normalizeUnit, scaleValue } from './units.ts';

const FORMAT = 'criterion';
const ESTIMATES = /^(.*?)\s*(time|thrpt):\s+\[(.*)\]\s*$/;
const ESTIMATE_TRIPLE = /^(-?[\d.]+(?:e[+-]?\d+)?) (\S+) (-?[\d.]+(?:e[+-]?\d+)?) (\S+) (-?[\d.]+(?:e[+-]?\d+)?) (\S+)$/;
const ESTIMATES_START = /^(.*?)\s*(time|thrpt):\s+\[/;
const BENCHMARKING = /^Benchmarking (.+?)(?:: (?:Warming up|Collecting|Analyzing|Complete|Starting|Profiling)\b.*)?$/;
/** --profile-time runs end here, with no estimates. */
const COMPLETE = /^Benchmarking .+: Complete\b/;
const PANIC = /^thread '.*' panicked at /;
const NOISE = /^(?:\s*change:|\s*(?:time|thrpt):\s+\[[^\]]*%|\s*(?:No change|Change within noise|Performance has (?:regressed|improved))|Found \d+ outliers|\s+\d+ \(\d+\.\d+%\) (?:low|high) (?:mild|severe)|running \d+ tests?$|test result:|\s*Running |Warning: |note: |error: bench failed|Gnuplot not found|\s*$)/;

export function parseCriterionConsole(text: string, source: string): ParsedOutput {
  const set = createMeasurementSet(FORMAT, source);
  let running: { name: string; line: number } | undefined;
  let lastName: { text: string; line: number } | undefined;
  let lastMetric: string | undefined;
  splitLines(text).forEach((line, index) => {
    const lineNumber = index + 1;
    const where = { line: lineNumber };
    if (readLibtestLine(line, lineNumber, set, FORMAT, source)) return;
    // Under "change:", time and thrpt lines hold relative changes (percentages), not estimates.
    if (ESTIMATES_START.test(line) && !/\[[^\]]*%/.test(line)) {
      const match = ESTIMATES.exec(line);
      const triple = match === null ? null : ESTIMATE_TRIPLE.exec((match[3] ?? '').trim());
      if (match === null || triple === null) {
        throw parseFailed(FORMAT, source, where, '"time: [<low> <unit> <estimate> <unit> <high> <unit>]"', previewText(line));
      }
      const [, , , value = '', unit = ''] = triple;
      const scale = normalizeUnit(unit);
      if (scale === undefined) throw parseFailed(FORMAT, source, where, 'a time or throughput unit', JSON.stringify(unit));
      const measured = { value: scaleValue(value, scale), unit: scale.unit, direction: scale.direction };
      if (match[2] === 'thrpt') {
        if (lastMetric === undefined) throw parseFailed(FORMAT, source, where, 'a "time:" line before "thrpt:"', previewText(line));
        set.add(submetricName(lastMetric, 'thrpt'), measured, where);
        return;
      }
      const alone = lastName !== undefined && lastName.line === lineNumber - 1 ? lastName.text : undefined;
      const name = (match[1] ?? '').trim() || alone || running?.name;
      if (name === undefined) throw parseFailed(FORMAT, source, where, 'the benchmark name before "time:"', previewText(line));
      set.add(name, measured, where);
      lastMetric = name;
      running = undefined;
      lastName = undefined;
      return;
    }
    const benchmarking = BENCHMARKING.exec(line);
    if (benchmarking !== null) {
      running = COMPLETE.test(line) ? undefined : { name: benchmarking[1] ?? '', line: lineNumber };
      return;
    }
    if (PANIC.test(line)) {
      const during = running === undefined ? '' : ` while running "${running.name}"`;
      set.fail(lineNumber, `the bench harness panicked${during}: ${line.trim()}`);
      running = undefined;
      return;
    }
    if (NOISE.test(line) || line.startsWith('test ')) return;
    // A name too long for its column is printed alone, with the estimates on the next line.
    lastName = { text: line.trim(), line: lineNumber };
    lastMetric = undefined;
  });
  if (running !== undefined) {
    throw parseFailed(FORMAT, source, { line: running.line }, `the estimates of "${running.name}" after it started`, 'the end of the output (was the run cut short?)');
  }
  return set.finish('lines like "name   time: [1.0 ns 1.1 ns 1.2 ns]"');
}
