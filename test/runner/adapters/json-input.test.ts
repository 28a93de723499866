import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { findJsonSyntaxProblem } from '../../../runner/adapters/json-syntax.ts';
import { formatJsonPath, parseJsonText, readJson } from '../../../runner/adapters/json-input.ts';
import { assertAdapterError } from './outputs.ts';

test('findJsonSyntaxProblem accepts valid JSON and finds where invalid JSON breaks', () => {
  assert.equal(findJsonSyntaxProblem('{"a": [1, 2.5e3, "x\\n", true, null], "b": {}}'), undefined);
  assert.equal(findJsonSyntaxProblem('{"a": 1,\n "b": }')?.offset, 15);
  assert.equal(findJsonSyntaxProblem('[1, 2')?.offset, 5);
  assert.equal(findJsonSyntaxProblem('[1] x')?.offset, 4);
  assert.equal(findJsonSyntaxProblem('{"a" 1}')?.expected, '":" after a property name');
});

test('parseJsonText reports a syntax error at its line and column', () => {
  assertAdapterError(() => parseJsonText('jmh', '[\n  {"score": 1,\n   "unit": }\n]', 'r.json'), { code: 'ADAPTER_PARSE_FAILED', line: 3, column: 12, source: 'r.json' });
  assertAdapterError(() => parseJsonText('jmh', '', 'empty.json'), { code: 'ADAPTER_PARSE_FAILED', line: 1, column: 1 });
});

test('parseJsonText reads the bare NaN and Infinity that C++ and Python writers emit as null', () => {
  assert.deepEqual(parseJsonText('x', '{"a": NaN, "b": -Infinity, "c": "NaN", "d": 1}', 's'), { a: null, b: null, c: 'NaN', d: 1 });
  assertAdapterError(() => parseJsonText('x', '{"a": NaN, "b": }', 's'), { code: 'ADAPTER_PARSE_FAILED', line: 1, column: 17 });
});

test('parseJsonText skips a byte order mark', () => {
  assert.deepEqual(parseJsonText('x', '\ufeff{"a": 1}', 's'), { a: 1 });
});

test('readJson reports a shape error at its JSON path', () => {
  const schema = z.object({ results: z.array(z.object({ mean: z.number() })) });
  assertAdapterError(() => readJson('hyperfine', schema, '{"results": [{"mean": 1}, {"mean": "slow"}]}', 'h.json'), { code: 'ADAPTER_PARSE_FAILED', path: 'results[1].mean' });
  assertAdapterError(() => readJson('hyperfine', schema, '[]', 'h.json'), { code: 'ADAPTER_PARSE_FAILED', path: 'the top level' });
});

test('formatJsonPath quotes keys that are not identifiers', () => {
  assert.equal(formatJsonPath(['results', 'a.b c', 0, 'x']), 'results["a.b c"][0].x');
  assert.equal(formatJsonPath([2, 'primaryMetric']), '[2].primaryMetric');
});
