import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSpark, encodeSpark, formatSparkPath } from '../../../site/lib/spark.ts';

test('encodeSpark spends one character per value and keeps the shape of a step', () => {
  const values = [100, 100, 100, 150, 150, 150];
  const code = encodeSpark(values);
  assert.equal(code.length, values.length);
  const levels = decodeSpark(code);
  assert.equal(levels[0], 0);
  assert.equal(levels[5], 1);
});

test('encodeSpark draws a quiet series nearly flat instead of magnifying its noise', () => {
  const levels = decodeSpark(encodeSpark([100, 100.5, 99.5, 100.2, 99.8]));
  const spread = Math.max(...levels) - Math.min(...levels);
  assert.ok(spread < 0.2, `spread ${spread}`);
});

test('encodeSpark handles a constant series and an empty one', () => {
  assert.deepEqual(decodeSpark(encodeSpark([5, 5, 5])).map((l) => Math.round(l * 10) / 10), [0.5, 0.5, 0.5]);
  assert.equal(encodeSpark([]), '');
});

test('formatSparkPath spans the box, higher values nearer the top', () => {
  const d = formatSparkPath([0, 1], 100, 20, 2);
  assert.equal(d, 'M0.0 18.0L100.0 2.0');
  assert.equal(formatSparkPath([], 100, 20), '');
});
