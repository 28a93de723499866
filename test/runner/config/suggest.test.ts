import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestClosest } from '../../../runner/config/suggest.ts';

const KEYS = ['name', 'command', 'script', 'repeat', 'warmup', 'timeout', 'env', 'cwd', 'format'];

test('suggestClosest finds a key with a letter missing, added, changed or swapped', () => {
  assert.equal(suggestClosest('repat', KEYS), 'repeat');
  assert.equal(suggestClosest('commmand', KEYS), 'command');
  assert.equal(suggestClosest('scrypt', KEYS), 'script');
  assert.equal(suggestClosest('reapet', KEYS), 'repeat');
});

test('suggestClosest ignores case', () => {
  assert.equal(suggestClosest('mainbranch', ['branch', 'mainBranch']), 'mainBranch');
  assert.equal(suggestClosest('TIMEOUT', KEYS), 'timeout');
});

test('suggestClosest suggests nothing for a word unlike every candidate', () => {
  assert.equal(suggestClosest('colour', KEYS), undefined);
  assert.equal(suggestClosest('x', KEYS), undefined);
  assert.equal(suggestClosest('anything', []), undefined);
});
