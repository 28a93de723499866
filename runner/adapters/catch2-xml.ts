/**
 * Catch2's XML reporter (`-r xml`), v2 (`<Catch>` with `<Group>`) or v3
 * (`<Catch2TestRun>`):
 *
 *   <TestCase name="Fibonacci"> [<Section name="...">]
 *     <BenchmarkResults name="Fibonacci 20" samples="100" ...>
 *       <mean value="41731" lowerBound="41250" upperBound="42622" ci="0.95"/>
 *
 * Values are in nanoseconds. The metric is `<test case>/<sections>/<benchmark>`.
 */
import type { ParsedOutput } from './adapter.ts';
import { parseFailed } from './adapter-error.ts';
import { createMeasurementSet, type MeasurementSet } from './measurement-set.ts';
import { joinMetric } from './metric-names.ts';
import { parseXml, XmlSyntaxError, type XmlElement } from './xml.ts';
import { locateOffset } from './text-lines.ts';
import { NANOSECONDS, scaleValue } from './units.ts';

const FORMAT = 'catch2';
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function readBenchmark(element: XmlElement, path: readonly string[], set: MeasurementSet, source: string): void {
  const name = element.attributes['name'] ?? '';
  const metric = joinMetric(...path, name);
  const failed = element.children.find((c) => c.name === 'failed');
  if (failed !== undefined) {
    set.fail(failed.line, `benchmark "${metric}" failed: ${failed.attributes['message'] ?? 'no message'}`);
    return;
  }
  const mean = element.children.find((c) => c.name === 'mean');
  const value = mean?.attributes['value'];
  if (mean === undefined || value === undefined || !NUMBER.test(value)) {
    const where = { line: mean?.line ?? element.line };
    throw parseFailed(FORMAT, source, where, `a <mean value="..."> element in <BenchmarkResults name="${name}">`, mean === undefined ? 'none' : JSON.stringify(value ?? ''));
  }
  set.add(metric, { value: scaleValue(value, NANOSECONDS), unit: 's', direction: -1 }, { line: element.line });
}

function walk(element: XmlElement, path: readonly string[], set: MeasurementSet, source: string): void {
  for (const child of element.children) {
    if (child.name === 'BenchmarkResults') readBenchmark(child, path, set, source);
    else if (child.name === 'TestCase' || child.name === 'Section') walk(child, [...path, (child.attributes['name'] ?? '').trim()], set, source);
    else walk(child, path, set, source);
  }
}

export function parseCatch2Xml(text: string, source: string): ParsedOutput {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    const found = error.offset >= text.length ? 'the end of the file' : JSON.stringify(text.slice(error.offset, error.offset + 20));
    throw parseFailed(FORMAT, source, locateOffset(text, error.offset), error.expected, found);
  }
  if (root.name !== 'Catch2TestRun' && root.name !== 'Catch') {
    throw parseFailed(FORMAT, source, { line: root.line }, 'a <Catch2TestRun> or <Catch> root element', `<${root.name}>`);
  }
  const set = createMeasurementSet(FORMAT, source);
  walk(root, [], set, source);
  return set.finish('<BenchmarkResults> elements (run the benchmarks, not only the tests)');
}
