import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isBranchName,
  isPathInside,
  isRemote,
  isTimeout,
  normalizePathInside,
  parseDirection,
  parseDuration,
  parseThreshold,
} from '../../../runner/config/values.ts';

test('parseDuration reads seconds and duration strings', () => {
  assert.equal(parseDuration(90), 90);
  assert.equal(parseDuration(2.5), 2.5);
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('10m'), 600);
  assert.equal(parseDuration('1h'), 3600);
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('1.5m'), 90);
  assert.equal(parseDuration('500ms'), 0.5);
});

test('parseDuration gives NaN for text that is not a duration', () => {
  for (const text of ['10 minutes', '10', '', 'm', '10min', '1d', '-5s', '1h 30m']) {
    assert.ok(Number.isNaN(parseDuration(text)), text);
  }
});

test('isTimeout accepts from just above zero up to a week', () => {
  assert.equal(isTimeout('1ms'), true);
  assert.equal(isTimeout('168h'), true);
  assert.equal(isTimeout('169h'), false);
  assert.equal(isTimeout(0), false);
  assert.equal(isTimeout('0s'), false);
  assert.equal(isTimeout(-1), false);
});

test('parseThreshold reads fractions and percentages', () => {
  assert.equal(parseThreshold(0.02), 0.02);
  assert.equal(parseThreshold('2%'), 0.02);
  assert.equal(parseThreshold('0.5%'), 0.005);
  assert.equal(parseThreshold('100%'), 1);
  assert.equal(parseThreshold(0), 0);
});

test('parseThreshold gives NaN outside 0..100 % or for other text', () => {
  for (const value of [2, -0.1, '150%', '2', '2 %', 'two percent', '-2%']) {
    assert.ok(Number.isNaN(parseThreshold(value)), String(value));
  }
});

test('parseDirection maps words and numbers to -1, 0, 1', () => {
  assert.equal(parseDirection('lower'), -1);
  assert.equal(parseDirection('higher'), 1);
  assert.equal(parseDirection('none'), 0);
  assert.equal(parseDirection(-1), -1);
  assert.equal(parseDirection(1), 1);
});

test('isBranchName follows the rules of git check-ref-format', () => {
  for (const name of ['results', 'main', 'bench/results', 'release-1.2', 'v1']) assert.equal(isBranchName(name), true, name);
  for (const name of ['', '-x', 'a..b', 'a b', 'a:b', 'a~1', 'x.lock', 'a/', '/a', 'a//b', '.hidden', 'a/.b', 'a@{1}', '@', 'a.', 'a\\b']) {
    assert.equal(isBranchName(name), false, name);
  }
});

test('isRemote accepts remote names and http(s) URLs only', () => {
  for (const value of ['origin', 'upstream', 'my-fork', 'https://github.com/acme/parser.git', 'http://127.0.0.1:8080/repo.git']) {
    assert.equal(isRemote(value), true, value);
  }
  for (const value of ['git@github.com:acme/parser.git', 'ssh://git@example.org/x.git', 'file:///tmp/x', '../x', 'a b', '', 'https://']) {
    assert.equal(isRemote(value), false, value);
  }
});

test('isPathInside accepts relative paths that stay in the repository', () => {
  for (const value of ['bench/run.sh', './bench', 'a/../b', 'packages/parser/', '.']) assert.equal(isPathInside(value), true, value);
  for (const value of ['', '/etc', '..', '../x', 'a/../../b', 'C:\\bench', '\\\\server\\share']) assert.equal(isPathInside(value), false, value);
});

test('normalizePathInside removes dot segments and trailing slashes', () => {
  assert.equal(normalizePathInside('./bench/run.sh'), 'bench/run.sh');
  assert.equal(normalizePathInside('packages/parser/'), 'packages/parser');
  assert.equal(normalizePathInside('a/../b'), 'b');
  assert.equal(normalizePathInside('./'), '.');
});
