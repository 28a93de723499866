import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { compileGlob, findGlobProblem, findMetricRule, matchesGlob, type MetricRule } from '../../results/metric-rules.ts';

function rule(match: string, unit: string | null = null): MetricRule {
  return { match, direction: null, unit, threshold: null };
}

function matching(pattern: string, names: readonly string[]): string[] {
  const regex = compileGlob(pattern);
  return names.filter((name) => regex.test(name));
}

const NAMES = ['parse', 'parse/small', 'parse/large', 'parse/json/small', 'render/small', 'render/large/x', 'parser/small', 'small'];

test('"parse/**" matches every metric below parse/, at any depth, but not parse itself', () => {
  assert.deepEqual(matching('parse/**', NAMES), ['parse/small', 'parse/large', 'parse/json/small']);
});

test('"*/small" matches small in exactly one segment', () => {
  assert.deepEqual(matching('*/small', NAMES), ['parse/small', 'render/small', 'parser/small']);
});

test('"**/small" matches small at any depth, including the top', () => {
  assert.deepEqual(matching('**/small', NAMES), ['parse/small', 'parse/json/small', 'render/small', 'parser/small', 'small']);
});

test('"a/**/b" matches zero or more segments between a and b', () => {
  assert.deepEqual(matching('parse/**/small', NAMES), ['parse/small', 'parse/json/small']);
});

test('a glob without wildcards matches only the exact name', () => {
  assert.deepEqual(matching('parse', NAMES), ['parse']);
  assert.deepEqual(matching('parse/small', NAMES), ['parse/small']);
});

test('"*" alone matches top-level names and "**" alone matches every name', () => {
  assert.deepEqual(matching('*', NAMES), ['parse', 'small']);
  assert.deepEqual(matching('**', NAMES), NAMES);
});

test('"*" inside a segment matches any characters of that segment', () => {
  assert.deepEqual(matching('pars*/small', NAMES), ['parse/small', 'parser/small']);
  assert.deepEqual(matching('*/l*e', NAMES), ['parse/large']);
});

test('characters that are special in regular expressions match literally', () => {
  assert.equal(matchesGlob('fib(10)', 'fib(10)'), true);
  assert.equal(matchesGlob('fib(10)', 'fib10'), false);
  assert.equal(matchesGlob('test_x[small]', 'test_x[small]'), true);
  assert.equal(matchesGlob('test_x[small]', 'test_xs'), false);
  assert.equal(matchesGlob('a.b+c?', 'a.b+c?'), true);
  assert.equal(matchesGlob('a.b', 'axb'), false);
  assert.equal(matchesGlob('$x^|{1}', '$x^|{1}'), true);
});

test('findGlobProblem explains invalid globs and accepts valid ones', () => {
  for (const pattern of ['', 'a**', '***', 'a/**b/c']) assert.notEqual(findGlobProblem(pattern), null, pattern);
  for (const pattern of ['a', '**', '*', 'a/**', '**/a', 'a/**/b', '*x*', 'fib(*)', '/a', 'a/', 'a//b']) assert.equal(findGlobProblem(pattern), null, pattern);
});

test('compileGlob throws INVALID_GLOB for an invalid glob', () => {
  assert.throws(() => compileGlob('a**'), { code: 'INVALID_GLOB' });
});

test('empty segments of names built from paths match literally', () => {
  const names = ['files//src/a.rs//loc', 'files/src/a.rs/loc', 'files//src/b.rs//loc', 'files//src/a.rs//size', '/abs/loc', 'dir/'];
  assert.deepEqual(matching('files//src/a.rs//loc', names), ['files//src/a.rs//loc']);
  assert.deepEqual(matching('files//src/*//loc', names), ['files//src/a.rs//loc', 'files//src/b.rs//loc']);
  assert.deepEqual(matching('files//**//loc', names), ['files//src/a.rs//loc', 'files//src/b.rs//loc']);
  assert.deepEqual(matching('**/loc', names), ['files//src/a.rs//loc', 'files/src/a.rs/loc', 'files//src/b.rs//loc', '/abs/loc']);
  assert.deepEqual(matching('/abs/*', names), ['/abs/loc']);
  assert.deepEqual(matching('dir/', names), ['dir/']);
});

test('findMetricRule returns the first matching rule', () => {
  const rules = [rule('parse/json/*', 'a'), rule('parse/**', 'b'), rule('**', 'c')];
  assert.equal(findMetricRule(rules, 'parse/json/small')?.unit, 'a');
  assert.equal(findMetricRule(rules, 'parse/small')?.unit, 'b');
  assert.equal(findMetricRule(rules, 'render')?.unit, 'c');
  assert.equal(findMetricRule(rules.slice(0, 2), 'render'), undefined);
  assert.equal(findMetricRule([], 'render'), undefined);
});

test('globs select real benchmark names from several harnesses', async (t) => {
  const file = new URL('../../../shared/data/histories/github-action-benchmark/data.js', import.meta.url);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    t.skip('../shared/data is absent: no real benchmark names to match');
    return;
  }
  const data = JSON.parse(text.replace(/^window\.BENCHMARK_DATA = /, '')) as { entries: Record<string, { benches: { name: string }[] }[]> };
  const names = [...new Set(Object.values(data.entries).flatMap((runs) => runs.flatMap((run) => run.benches.map((bench) => bench.name))))];
  assert.ok(names.length > 10);
  // Each name, written as a glob without "*", matches itself and nothing else.
  for (const name of names.filter((n) => !n.includes('*') && findGlobProblem(n) === null)) assert.deepEqual(matching(name, names), [name]);
  assert.deepEqual(matching('Fibonacci/*/20', names), ['Fibonacci/Recursive/20', 'Fibonacci/Iterative/20']);
  assert.deepEqual(matching('fib(*)', names), ['fib(10)', 'fib(20)']);
  assert.deepEqual(matching('Fibonacci/**', names).length, 4);
});
