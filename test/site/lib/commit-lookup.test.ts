import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCommitLookup } from '../../../site/lib/commit-lookup.ts';

const shas = ['a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', 'a1b2ffffe5f60718293a4b5c6d7e8f9012345678', '0123456789abcdef0123456789abcdef01234567'];
const lookup = createCommitLookup(shas);

test('createCommitLookup finds a commit by full sha or unique prefix, in any case', () => {
  assert.equal(lookup.find(shas[2] as string), 2);
  assert.equal(lookup.find('A1B2C3'), 0);
  assert.equal(lookup.find('0123456'), 2);
});

test('createCommitLookup refuses ambiguous, short and non-hex prefixes', () => {
  assert.equal(lookup.find('a1b2'), null);
  assert.equal(lookup.find('a1b'), null);
  assert.equal(lookup.find('zzzz'), null);
  assert.equal(lookup.find('ffff'), null);
});
