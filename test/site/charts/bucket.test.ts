import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerBound, selectBucketPoints } from '../../../site/charts/bucket.ts';

const N = 10_000;
const x = Array.from({ length: N }, (_, i) => i);
const y = x.map((i) => Math.sin(i / 50) + (i === 5_000 ? 10 : 0));

test('selectBucketPoints keeps every point when there are few', () => {
  assert.deepEqual(selectBucketPoints([0, 1, 2], [5, 6, 7], 0, 2, 100), [0, 1, 2]);
  assert.deepEqual(selectBucketPoints([], [], 0, 1, 100), []);
});

test('selectBucketPoints reduces 10,000 points to at most four per bucket and keeps a spike', () => {
  const keep = selectBucketPoints(x, y, 0, N - 1, 500);
  assert.ok(keep.length <= 2_000 && keep.length >= 500, `${keep.length}`);
  assert.ok(keep.includes(5_000), 'the spike survives');
  assert.ok(keep.includes(0) && keep.includes(N - 1), 'the ends survive');
  assert.deepEqual(keep, [...keep].sort((a, b) => a - b));
});

test('selectBucketPoints draws a zoomed range in full, plus one point beyond each edge', () => {
  const keep = selectBucketPoints(x, y, 100, 199, 500);
  assert.equal(keep[0], 99);
  assert.equal(keep.at(-1), 200);
  assert.equal(keep.length, 102);
});

test('lowerBound finds the first index at or after a value', () => {
  assert.equal(lowerBound([1, 3, 5], 3), 1);
  assert.equal(lowerBound([1, 3, 5], 4), 2);
  assert.equal(lowerBound([1, 3, 5], 9), 3);
});
