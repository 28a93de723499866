import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatPct, formatPValue, formatValue } from '../../../runner/compare/format-value.ts';

test('times are scaled to a readable unit with three significant digits', () => {
  assert.equal(formatValue(1.234, 'ms'), '1.23 ms');
  assert.equal(formatValue(0.0123, 's'), '12.3 ms');
  assert.equal(formatValue(1234, 'ns'), '1.23 µs');
  assert.equal(formatValue(1500, 'ms'), '1.5 s');
  assert.equal(formatValue(450, 'us'), '450 µs');
  assert.equal(formatValue(0.5, 'ns/iter'), '0.5 ns/iter');
  assert.equal(formatValue(2_500_000, 'ns/op'), '2.5 ms/op');
  assert.equal(formatValue(4000, 's'), '4000 s');
  assert.equal(formatValue(0, 'ms'), '0 ms');
});

test('sizes in bytes are scaled with decimal prefixes', () => {
  assert.equal(formatValue(4_500_000, 'B'), '4.5 MB');
  assert.equal(formatValue(1024, 'bytes'), '1.02 KB');
  assert.equal(formatValue(512, 'B'), '512 B');
  assert.equal(formatValue(2, 'GiB'), '2.15 GB');
});

test('other units keep their name, with a prefix only for large values', () => {
  assert.equal(formatValue(123_456_789, 'instructions'), '123M instructions');
  assert.equal(formatValue(3, 'ops/s'), '3 ops/s');
  assert.equal(formatValue(12_345, null), '12.3k');
  assert.equal(formatValue(1024, null), '1024');
  assert.equal(formatValue(0.000123, null), '0.000123');
});

test('numbers, percentages and p-values read well', () => {
  assert.equal(formatNumber(1.2), '1.2');
  assert.equal(formatNumber(99.96), '100');
  assert.equal(formatNumber(-0.5), '-0.5');
  assert.equal(formatPct(12.345), '+12.3%');
  assert.equal(formatPct(-0.4), '-0.40%');
  assert.equal(formatPct(0), '0%');
  assert.equal(formatPct(null), '—');
  assert.equal(formatPct(250), '+250%');
  assert.equal(formatPValue(0.00001), 'p < 0.0001');
  assert.equal(formatPValue(0.0031), 'p = 0.0031');
  assert.equal(formatPValue(0.2), 'p = 0.20');
});
