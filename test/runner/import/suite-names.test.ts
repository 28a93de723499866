import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignSuiteNames, toPathSafeName, validateSuitePrefix } from '../../../runner/import/suite-names.ts';
import { validateName } from '../../../results/layout.ts';

test('toPathSafeName keeps a suite name readable: lower case, dashes, "+" spelled out', () => {
  assert.equal(toPathSafeName('Rust Benchmark'), 'rust-benchmark');
  assert.equal(toPathSafeName('C++ Benchmark'), 'cpp-benchmark');
  assert.equal(toPathSafeName('C# Benchmark'), 'csharp-benchmark');
  assert.equal(toPathSafeName('Catch2 Benchmark (v3)'), 'catch2-benchmark-v3');
  assert.equal(toPathSafeName('Benchmark.Net Benchmark'), 'benchmark.net-benchmark');
  assert.equal(toPathSafeName('conda-py3.12'), 'conda-py3.12');
  assert.equal(toPathSafeName('..//..'), 'suite');
  assert.equal(toPathSafeName('日本語'), 'suite');
});

test('assignSuiteNames gives names that would clash a hash of the original, whatever their order', () => {
  const names = assignSuiteNames(['A/B bench', 'Other', 'A B bench'], '');
  assert.equal(names.get('Other'), 'other');
  const ab = names.get('A/B bench') ?? '';
  const a_b = names.get('A B bench') ?? '';
  assert.match(ab, /^a-b-bench-[0-9a-f]{6}$/);
  assert.match(a_b, /^a-b-bench-[0-9a-f]{6}$/);
  assert.notEqual(ab, a_b);
  const reversed = assignSuiteNames(['A B bench', 'A/B bench'], '');
  assert.equal(reversed.get('A/B bench'), ab);
});

test('assignSuiteNames keeps prefixed long names within the 64 characters a suite name may have', () => {
  const long = 'x'.repeat(100);
  const name = assignSuiteNames([long], 'gab-').get(long) ?? '';
  assert.equal(name.length, 64);
  assert.equal(validateName('suite', name), name);
});

test('validateSuitePrefix refuses a prefix that cannot start a name', () => {
  assert.equal(validateSuitePrefix('gab-'), 'gab-');
  assert.equal(validateSuitePrefix(''), '');
  assert.throws(() => validateSuitePrefix('-x'), { code: 'INVALID_SUITE_PREFIX' });
  assert.throws(() => validateSuitePrefix('a/b'), { code: 'INVALID_SUITE_PREFIX' });
});
