/**
 * `go test -bench` output:
 *
 *   pkg: example.com/parse
 *   BenchmarkParse/small-8    5604217    210.2 ns/op    64 B/op    2 allocs/op
 *
 * ns/op is the metric itself (in s); the other columns become submetrics:
 * `B/op` -> `//bytes` (B), `allocs/op` -> `//allocs`, `MB/s` -> `//throughput`
 * (B/s), and a custom `b.ReportMetric` unit -> `//<unit>` as it is. The `-8`
 * GOMAXPROCS suffix is dropped (the machine is recorded anyway), unless
 * `-cpu 1,2,4` ran the benchmark with several. Lines repeated
 * by `-count` become samples. When the output covers several packages, metrics
 * are prefixed with the package path so equal names stay apart; the package is
 * the block's `pkg:` line or, for Go before 1.10 which printed none, the
 * `ok  <package>` line that ends the block.
 *
 * With `-v` each benchmark's name is printed alone before it runs (a parent
 * of sub-benchmarks gets a name line and no result), tests print `=== RUN`
 * and `--- PASS` lines, and `b.Log` output follows `--- BENCH:` lines: all of
 * that is passed over. Only output that ends after a name with no result
 * (a run cut short) is an error.
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
const SKIP = /^(?:(Benchmark\S*)\s+)?--- SKIP: (Benchmark\S+)/;
/** The line that ends a package's output: `ok  \t<pkg>\t1.2s`, `FAIL\t<pkg>\t0.3s`, `?   \t<pkg>\t[no test files]`. */
const PACKAGE_END = /^(?:ok|FAIL|\?)\s+(\S+)\s+(?:[\d.]+s|\(cached\)|\[)/;
const PKG_LINE = /^pkg: (\S+)/;
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
    const lines = splitLines(text);
    const packageOf = assignPackages(lines);
    const packages = new Set(lines.flatMap((line, i) => (RESULT.test(line) || RESULT_ALONE.test(line) ? [packageOf[i]] : [])));
    let pending: { name: string; line: number } | undefined;
    const keepProcs = namesRunWithSeveralProcs(lines, packageOf);
    const metricOf = (name: string, index: number): string => {
      const base = keepProcs.has(`${packageOf[index] ?? ''} ${stripProcs(name)}`) ? name : stripProcs(name);
      return packages.size > 1 ? joinMetric(packageOf[index], base) : base;
    };
    lines.forEach((line, index) => {
      const lineNumber = index + 1;
      if (PKG_LINE.test(line) || PACKAGE_END.test(line) || /^(?:PASS|FAIL)\s*$/.test(line)) {
        pending = undefined;
        return;
      }
      const fail = FAIL.exec(line);
      if (fail !== null) {
        set.fail(lineNumber, `benchmark "${metricOf(fail[2] ?? '', index)}" failed`);
        pending = undefined;
        return;
      }
      if (SKIP.test(line)) {
        pending = undefined;
        return;
      }
      const result = RESULT.exec(line);
      if (result !== null) {
        readColumns(metricOf(result[1] ?? '', index), result[3] ?? '', lineNumber, set, source);
        pending = undefined;
        return;
      }
      const name = NAME_LINE.exec(line);
      if (name !== null) {
        // Printed before the benchmark runs (alone with -v); its own output may come between it and the result.
        pending = { name: name[1] ?? '', line: lineNumber };
        return;
      }
      const alone = pending === undefined ? null : RESULT_ALONE.exec(line);
      if (alone !== null && pending !== undefined) {
        readColumns(metricOf(pending.name, index), alone[2] ?? '', lineNumber, set, source);
        pending = undefined;
      }
    });
    if (pending !== undefined) {
      const { name, line } = pending as { name: string; line: number };
      throw parseFailed(FORMAT, source, { line }, `"<iterations> <value> ns/op" after "${name}"`, 'the end of the output (was the run cut short?)');
    }
    return set.finish('lines like "BenchmarkName-8   1000000   1234 ns/op"');
  },
};

/**
 * `-cpu 1,2,4` runs each benchmark once per GOMAXPROCS (`BenchmarkFib`, `BenchmarkFib-2`, `BenchmarkFib-4`):
 * those are different measurements, so such names keep their suffix.
 */
function namesRunWithSeveralProcs(lines: readonly string[], packageOf: readonly (string | undefined)[]): Set<string> {
  const suffixes = new Map<string, Set<string>>();
  lines.forEach((line, i) => {
    const name = RESULT.exec(line)?.[1];
    if (name === undefined) return;
    const key = `${packageOf[i] ?? ''} ${stripProcs(name)}`;
    const seen = suffixes.get(key) ?? new Set<string>();
    seen.add(name.slice(stripProcs(name).length));
    suffixes.set(key, seen);
  });
  return new Set([...suffixes].filter(([, seen]) => seen.size > 1).map(([key]) => key));
}

/** The package of each line: its block's `pkg:` line, else the package named by the line that ends the block. */
function assignPackages(lines: readonly string[]): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(lines.length);
  let start = 0;
  let pkg: string | undefined;
  const close = (end: number, fallback: string | undefined) => {
    for (let i = start; i < end; i++) out[i] ??= fallback;
    start = end;
  };
  lines.forEach((line, i) => {
    const named = PKG_LINE.exec(line);
    if (named !== null) {
      if (pkg !== undefined) close(i, pkg);
      pkg = named[1];
    }
    if (pkg !== undefined) out[i] = pkg;
    const end = PACKAGE_END.exec(line);
    if (end !== null) {
      close(i + 1, pkg ?? end[1]);
      pkg = undefined;
    }
  });
  close(lines.length, pkg);
  return out;
}
