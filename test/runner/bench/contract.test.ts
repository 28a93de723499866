import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PitwallError } from '../../../results/errors.ts';
import {
  extractStdoutMeasurements, formatBenchProblem, fromAdapter, parseBenchOutput, STDOUT_SOURCE,
} from '../../../runner/bench/contract.ts';
import type { BenchProblem } from '../../../runner/bench/contract.ts';

function problemsOf(text: string): BenchProblem[] {
  return parseBenchOutput(text, 'out.jsonl').problems;
}

function onlyProblem(text: string): BenchProblem {
  const problems = problemsOf(text);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0] as BenchProblem;
}

test('parseBenchOutput reads values, samples, units and directions and skips blank lines', () => {
  const text = [
    '{"metric": "parse/small", "value": 12.5, "unit": "ms", "direction": -1}',
    '',
    '   ',
    '{"metric": "parse/large//p99", "samples": [3, 1, 2]}',
    '{"metric": "throughput", "value": 9, "samples": [8, 10], "unit": "ops/s", "direction": 1}',
  ].join('\n');
  const { measurements, problems } = parseBenchOutput(`${text}\n`, 'out.jsonl');
  assert.deepEqual(problems, []);
  assert.deepEqual(measurements, [
    { metric: 'parse/small', value: 12.5, unit: 'ms', direction: -1 },
    { metric: 'parse/large//p99', samples: [3, 1, 2] },
    { metric: 'throughput', value: 9, samples: [8, 10], unit: 'ops/s', direction: 1 },
  ]);
});

test('a value written as a string with a unit is reported with its line and the fix', () => {
  const problem = onlyProblem('{"metric": "a", "value": 1}\n\n{"metric": "b", "value": "12ms"}\n');
  assert.equal(problem.line, 3);
  assert.equal(problem.source, 'out.jsonl');
  assert.equal(
    formatBenchProblem(problem),
    'bench output "out.jsonl" line 3: "value" is "12ms" (a string); write a number such as 12 and put the unit in "unit": "ms"',
  );
});

test('a number in quotes is told to lose its quotes', () => {
  assert.match(onlyProblem('{"metric": "a", "value": "3.5"}').message, /without quotes: 3\.5/);
});

test('NaN and Infinity are rejected as not finite, wherever they appear', () => {
  for (const text of ['{"metric": "a", "value": NaN}', '{"metric": "a", "value": -Infinity}', '{"metric": "a", "samples": [1, Infinity]}']) {
    assert.match(onlyProblem(text).message, /not a finite number/, text);
  }
  assert.match(onlyProblem('{"metric": "a", "value": null}').message, /NaN and Infinity as null/);
  assert.match(onlyProblem('{"metric": "a", "value": 1e400}').message, /"value" is Infinity; it is beyond the range of a finite number/);
  assert.match(onlyProblem('{"metric": "a", "samples": [1, -1e999]}').message, /"samples" item 2 is -Infinity/);
});

test('unknown keys are errors, with the likely intended key', () => {
  const problem = onlyProblem('{"metric": "a", "vlaue": 1, "value": 2}');
  assert.match(problem.message, /unknown key "vlaue"; did you mean "value"\?/);
  assert.match(onlyProblem('{"metric": "a", "value": 2, "tags": ["x"]}').message, /unknown key "tags"; the keys are/);
});

test('a metric reported twice in one output names the first line', () => {
  const problem = onlyProblem('{"metric": "a", "value": 1}\n{"metric": "b", "value": 1}\n{"metric": "a", "value": 2}');
  assert.equal(problem.line, 3);
  assert.match(problem.message, /"a" was already reported on line 1/);
});

test('each kind of invalid line gets a message and its own line number', () => {
  const lines = [
    'not json',
    '[1, 2]',
    '{"value": 1}',
    '{"metric": "", "value": 1}',
    '{"metric": 7, "value": 1}',
    '{"metric": "a"}',
    '{"metric": "a", "samples": []}',
    '{"metric": "a", "samples": 3}',
    '{"metric": "a", "samples": [1, "2"]}',
    '{"metric": "a", "value": 1, "unit": 5}',
    '{"metric": "a", "value": 1, "unit": ""}',
    '{"metric": "a", "value": 1, "direction": "lower"}',
    '{"metric": "a", "value": 1, "direction": 2}',
    '{"metric": "a", "value": true}',
  ];
  const problems = problemsOf(lines.join('\n'));
  assert.deepEqual(problems.map((p) => p.line), lines.map((_, i) => i + 1));
  const expected = [
    /is not valid JSON .*"not json"/,
    /is \[1,2\] \(an array\), not a JSON object/,
    /has no "metric"/,
    /"metric" is "" \(a string\); write a non-empty string/,
    /"metric" is 7; write a non-empty string/,
    /has neither "value" nor "samples"/,
    /"samples" is an empty array/,
    /"samples" is 3; write a non-empty array/,
    /"samples" item 2 is "2" \(a string\); write the number without quotes: 2/,
    /"unit" is 5; write a unit string/,
    /"unit" is "" \(a string\)/,
    /"direction" is "lower" \(a string\); write -1 .* \(here probably -1\)/,
    /"direction" is 2; write -1/,
    /"value" is true \(a boolean\); write a finite number/,
  ];
  problems.forEach((p, i) => assert.match(p.message, expected[i] as RegExp));
  assert.deepEqual(parseBenchOutput(lines.join('\n'), 'out.jsonl').measurements, []);
});

test('extractStdoutMeasurements reads only prefixed lines and keeps stdout line numbers', () => {
  const { measurements, problems } = extractStdoutMeasurements([
    { line: 1, text: 'compiling...' },
    { line: 2, text: 'pitwall::measurement={"metric": "a", "value": 1, "unit": "ms"}' },
    { line: 3, text: '{"metric": "not-protocol", "value": 1}' },
    { line: 4, text: 'pitwall::measurement={"metric": "a", "value": 2}' },
    { line: 5, text: ' pitwall::measurement={"metric": "indented", "value": 2}' },
  ]);
  assert.deepEqual(measurements, [{ metric: 'a', value: 1, unit: 'ms' }]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.source, STDOUT_SOURCE);
  assert.equal(problems[0]?.line, 4);
  assert.match(formatBenchProblem(problems[0] as BenchProblem), /^bench stdout line 4: metric "a" was already reported on line 2/);
});

test('fromAdapter turns harness failures and a thrown PitwallError into problems but lets bugs through', () => {
  const failing = fromAdapter((_text, source) => {
    throw new PitwallError('ADAPTER_INVALID_INPUT', `Cannot read "${source}"`, { hint: 'Check the format' });
  });
  assert.deepEqual(failing('x', 'out.txt'), { measurements: [], problems: [{ source: 'out.txt', line: null, message: 'Cannot read "out.txt". Check the format' }] });
  const buggy = fromAdapter(() => {
    throw new TypeError('oops');
  });
  assert.throws(() => buggy('x', 'out.txt'), TypeError);
  const working = fromAdapter((_text, source) => ({
    measurements: [{ metric: 'm', value: 1 }],
    failures: [{ source, line: 4, message: 'benchmark "n" panicked' }, { source, line: 0, message: 'benchmark "o" errored' }],
  }));
  assert.deepEqual(working('x', 'out.txt'), {
    measurements: [{ metric: 'm', value: 1 }],
    problems: [{ source: 'out.txt', line: 4, message: 'benchmark "n" panicked' }, { source: 'out.txt', line: null, message: 'benchmark "o" errored' }],
  });
});

test('metric names are refused when they are not valid UTF-8, hold control characters or are over 1,024 bytes', () => {
  const cases: [string, RegExp][] = [
    ['{"metric": "parse/\uFFFD", "value": 1}', /is not valid UTF-8 \(it holds invalid bytes, shown as U\+FFFD\)/],
    ['{"metric": "parse/\\ud800x", "value": 1}', /is not valid UTF-8/],
    ['{"metric": "a\\u0000b", "value": 1}', /holds the control character U\+0000 at character 2/],
    ['{"metric": "two\\nlines", "value": 1}', /holds the control character U\+000A at character 4/],
    ['{"metric": "tab\\there", "value": 1}', /holds the control character U\+0009/],
    ['{"metric": "c1\\u0085", "value": 1}', /holds the control character U\+0085/],
    [`{"metric": "${'x'.repeat(10_240)}", "value": 1}`, /is 10,240 bytes long, over the limit of 1,024; write a name of at most 1,024 bytes of valid UTF-8/],
    [`{"metric": "${'é'.repeat(513)}", "value": 1}`, /is 1,026 bytes long/],
    ['{"metric": "a", "value": 1, "unit": "m\\u0007s"}', /"unit" "m\\u0007s" holds the control character U\+0007 at character 2; write a unit of at most 64 bytes/],
  ];
  for (const [text, pattern] of cases) assert.match(onlyProblem(text).message, pattern, text.slice(0, 80));
  assert.deepEqual(problemsOf(`{"metric": "${'é'.repeat(512)}", "value": 1}\n{"metric": "größe/ünïcode ✓ 🚀", "value": 1}`), [], 'valid UTF-8 up to the limit is fine');
});

test('output with more than 100,000 measurements stops at the first one over, flagged so none are kept', () => {
  const lines = Array.from({ length: 100_002 }, (_, i) => `{"metric": "m${i}", "value": 1}`).join('\n');
  const { measurements, problems } = parseBenchOutput(lines, 'out.jsonl');
  assert.equal(measurements.length, 100_000);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 100_001);
  assert.equal(problems[0]?.overLimit, true);
  assert.match(formatBenchProblem(problems[0]!), /^bench output "out\.jsonl" line 100001: has more than 100,000 measurements, over the limit of 100,000 per run; report one line per metric/);
});

test('past 100 problems the rest of the output is not checked', () => {
  const { problems } = parseBenchOutput(Array.from({ length: 500 }, () => 'garbage').join('\n'), 'out.jsonl');
  assert.equal(problems.length, 101);
  assert.match(problems[100]!.message, /^not checked, nor any line after it: the output has more than 100 problems/);
});

test('a null unit or direction, as Python writes None, means none was given', () => {
  const { measurements, problems } = parseBenchOutput('{"metric": "files//loc", "value": 1794, "unit": null}\n{"metric": "b", "value": 2, "direction": null}\n', 'out.jsonl');
  assert.deepEqual(problems, []);
  assert.deepEqual(measurements, [{ metric: 'files//loc', value: 1794 }, { metric: 'b', value: 2 }]);
});
