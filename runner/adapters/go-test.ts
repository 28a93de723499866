/**
 * `go test -bench` output:
 *
 *   pkg: example.com/parse
 *   BenchmarkParse/small-8    5604217    210.2 ns/op    64 B/op    2 allocs/op
 *
 * ns/op is the metric itself (in s); the other columns become submetrics:
 * `B/op` -> `//bytes` (B), `allocs/op` -> `//allocs`, `MB/s` -> `//throughput`
 * (B/s), and a custom `b.ReportMetric` unit -> `//<unit>` as it is. The `-8`
 * GOMAXPROCS suffix is dropped (the machine is recorded anyway). Lines repeated
 * by `-count` become samples. When the output covers several packages, metrics
 * are prefixed with the package path so equal names stay apart.
 */
import type { Adapter } from './adapter.ts';
import { parseFailed, previewText } from './adapter-error.ts';
import { createMeasurementSet, type MeasurementSet } from './measurement-set.ts';
import { joinMetric, submetricName } from './metric-names.ts';
import { splitLines } from './text-lines.ts';
import { normalizeUnit, scaleValue } from './units.ts';

const FORMAT = 'go-test';
const RESULT = /^(Benchmark\S*)\s+(\d+)\s+(\S.*?)\s*$/;
const RESULT_ALONE = /^\s*(\d+)\s+(\S.*\bns\/op\b.*?)\s*$/;
const NAME_LINE = /^(Benchmark\S*)(?:\s|$)/;
const FAIL = /^(?:(Benchmark\S*)\s+)?--- FAIL: (Benchmark\S+)/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Submetric names for the columns the testing package writes itself. */
const COLUMNS: Record<string, { name: string; unit: string }> = {
  'B/op': { name: 'bytes', unit: 'B' },
  'allocs/op': { name: 'allocs', unit: 'allocs' },
  'MB/s': { name: 'throughput', unit: 'B/s' },
};

function stripProcs(name: string): string {
  return name.replace(/-\d+$/, '');
}

function readColumns(metric: string, columns: string, lineNumber: number, set: MeasurementSet, source: string): void {
  const where = { line: lineNumber };
  const tokens = columns.split(/\s+/);
  if (tokens.length % 2 !== 0) throw parseFailed(FORMAT, source, where, '"<value> <unit>" pairs after the iteration count', previewText(columns));
  if (!tokens.some((token, i) => i % 2 === 1 && token.endsWith('/op') && normalizeUnit(token)?.unit === 's')) {
    throw parseFailed(FORMAT, source, where, 'a "<value> ns/op" column', previewText(columns));
  }
  for (let i = 0; i < tokens.length; i += 2) {
    const value = tokens[i] as string;
    const unit = tokens[i + 1] as string;
    if (!NUMBER.test(value)) throw parseFailed(FORMAT, source, where, `a number before "${unit}"`, JSON.stringify(value));
    const scale = normalizeUnit(unit);
    if (unit.endsWith('/op') && scale?.unit === 's') {
      set.addRepeat(metric, scaleValue(value, scale), { unit: scale.unit, direction: scale.direction }, where);
      continue;
    }
    const column = COLUMNS[unit];
    const sub = submetricName(metric, column?.name ?? unit);
    if (scale !== undefined) {
      set.addRepeat(sub, scaleValue(value, scale), { unit: scale.unit, direction: scale.direction }, where);
    } else if (column !== undefined) {
      set.addRepeat(sub, Number(value), { unit: column.unit, direction: -1 }, where);
    } else {
      // A b.ReportMetric unit: its meaning, and so its direction, is the author's.
      set.addRepeat(sub, Number(value), { unit }, where);
    }
  }
}

export const goTest: Adapter = {
  title: 'Go testing package: go test -bench (with -benchmem and -count)',
  example: 'go test -run "^$" -bench . -benchmem -count 5 ./... > "$2"',
  detect(text) {
    return /^Benchmark\S*\s+\d+\s+[\d.]+ ns\/op/m.test(text);
  },
  parse(text, source) {
    const set = createMeasurementSet(FORMAT, source);
    const packages = new Set([...text.matchAll(/^pkg: (\S+)/gm)].map((m) => m[1]));
    let pkg: string | undefined;
    let pending: { name: string; line: number } | undefined;
    const metricOf = (name: string): string => (packages.size > 1 ? joinMetric(pkg, stripProcs(name)) : stripProcs(name));
    const unresolved = (): never => {
      const { name, line } = pending as { name: string; line: number };
      throw parseFailed(FORMAT, source, { line }, `"<iterations> <value> ns/op" after "${name}"`, 'no result for it');
    };
    splitLines(text).forEach((line, index) => {
      const lineNumber = index + 1;
      const pkgLine = /^pkg: (\S+)/.exec(line);
      if (pkgLine !== null) {
        pkg = pkgLine[1];
        return;
      }
      const fail = FAIL.exec(line);
      if (fail !== null) {
        set.fail(lineNumber, `benchmark "${metricOf(fail[2] ?? '')}" failed`);
        pending = undefined;
        return;
      }
      const result = RESULT.exec(line);
      if (result !== null) {
        if (pending !== undefined) unresolved();
        readColumns(metricOf(result[1] ?? ''), result[3] ?? '', lineNumber, set, source);
        return;
      }
      const name = NAME_LINE.exec(line);
      if (name !== null) {
        // The name is printed before the benchmark runs; its own output may come between it and the result.
        if (pending !== undefined) unresolved();
        pending = { name: name[1] ?? '', line: lineNumber };
        return;
      }
      const alone = pending === undefined ? null : RESULT_ALONE.exec(line);
      if (alone !== null && pending !== undefined) {
        readColumns(metricOf(pending.name), alone[2] ?? '', lineNumber, set, source);
        pending = undefined;
      }
    });
    if (pending !== undefined) unresolved();
    return set.finish('lines like "BenchmarkName-8   1000000   1234 ns/op"');
  },
};
