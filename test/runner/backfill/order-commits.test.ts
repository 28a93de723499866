import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderCommits } from '../../../runner/backfill/order-commits.ts';

// Newest first, as main's history is read: c16 is the head, c0 the oldest.
const range = Array.from({ length: 17 }, (_, i) => `c${16 - i}`);
const all = new Set(range);

test('orderCommits measures newest first by default and oldest first when asked', () => {
  const pending = new Set(['c1', 'c5', 'c9']);
  assert.deepEqual(orderCommits(range, pending, 'newest'), ['c9', 'c5', 'c1']);
  assert.deepEqual(orderCommits(range, pending, 'oldest'), ['c1', 'c5', 'c9']);
});

test('orderCommits in bisect order takes the ends, then the middle of the largest gap, again and again', () => {
  const order = orderCommits(range, all, 'bisect');
  assert.deepEqual(order.slice(0, 5), ['c0', 'c16', 'c8', 'c4', 'c12']);
  assert.equal(new Set(order).size, 17, 'every pending commit once');
});

test('orderCommits in bisect order treats measured commits as bounds of the gaps', () => {
  // c0..c12 measured except c1..c3; c13..c16 pending. Ends first, then c14 (gap c12..c16), c2
  // (gap c0..c4); then three gaps of one commit each, oldest first.
  const pending = new Set(['c1', 'c2', 'c3', 'c13', 'c14', 'c15', 'c16']);
  assert.deepEqual(orderCommits(range, pending, 'bisect'), ['c1', 'c16', 'c14', 'c2', 'c3', 'c13', 'c15']);
});

test('orderCommits with every k keeps every k-th commit from the head', () => {
  assert.deepEqual(orderCommits(range, all, 'newest', 5), ['c16', 'c11', 'c6', 'c1']);
  assert.deepEqual(orderCommits(range, new Set(['c16', 'c10', 'c6']), 'newest', 5), ['c16', 'c6']);
});
