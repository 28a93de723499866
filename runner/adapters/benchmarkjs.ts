/**
 * benchmark.js results as its `String(benchmark)` prints them (the usual
 * `on('cycle', e => console.log(String(e.target)))`):
 *
 *   parse small x 1,431,759 ops/sec ±0.74% (93 runs sampled)
 *
 * The metric is the name before the last " x ", in ops/s, higher is better.
 * The line shows no samples. Other lines (progress, "Fastest is ...") are skipped.
 */
import type { Adapter } from './adapter.ts';
import { parseFailed, previewText } from './adapter-error.ts';
import { createMeasurementSet } from './measurement-set.ts';
import { splitLines, stripDigitGroups } from './text-lines.ts';

const FORMAT = 'benchmarkjs';
const RESULT = /^(.+) x ([\d,]+(?:\.\d+)?) ops\/sec (?:±|\+\/-)\s?([\d.]+)% \((\d+) runs? sampled\)\s*$/;
const RESULT_START = / x [\d,]+(?:\.\d+)? ops\/sec\b/;

export const benchmarkJs: Adapter = {
  title: 'benchmark.js (JavaScript) cycle lines: "name x 1,234 ops/sec ±1.2% (90 runs sampled)"',
  example: 'node bench.js > "$2"',
  detect(text) {
    return /^.+ x [\d,]+(?:\.\d+)? ops\/sec (?:±|\+\/-)/m.test(text);
  },
  parse(text, source) {
    const set = createMeasurementSet(FORMAT, source);
    splitLines(text).forEach((line, index) => {
      if (!RESULT_START.test(line)) return;
      const where = { line: index + 1 };
      const match = RESULT.exec(line);
      if (match === null) throw parseFailed(FORMAT, source, where, '"<name> x <ops> ops/sec ±<rme>% (<n> runs sampled)"', previewText(line));
      set.add((match[1] ?? '').trim(), { value: Number(stripDigitGroups(match[2] ?? '')), unit: 'ops/s', direction: 1 }, where);
    });
    return set.finish('lines like "name x 1,234 ops/sec ±1.2% (90 runs sampled)"');
  },
};
