import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDate, formatDuration, formatNumber, formatPct, formatValue } from '../../../site/lib/format.ts';

test('formatValue scales times to the readable unit', () => {
  assert.equal(formatValue(1_234_567, 'ns'), '1.23 ms');
  assert.equal(formatValue(0.00123, 's'), '1.23 ms');
  assert.equal(formatValue(999.7, 'ns'), '1 µs');
  assert.equal(formatValue(120, 'ns/iter'), '120 ns/iter');
});

test('formatValue scales bytes in decimal or binary steps as the unit was given', () => {
  assert.equal(formatValue(45_600_000, 'bytes'), '45.6 MB');
  assert.equal(formatValue(45.6, 'MB'), '45.6 MB');
  assert.equal(formatValue(1536, 'KiB'), '1.5 MiB');
});

test('formatValue gives counts and rates an SI prefix and keeps their unit', () => {
  assert.equal(formatValue(1234, 'ops/s'), '1.23k ops/s');
  assert.equal(formatValue(5.5e9, 'instructions'), '5.5G instructions');
  assert.equal(formatValue(123_456, null), '123k');
  assert.equal(formatValue(12.34, '%'), '12.3%');
});

test('formatValue shows a dash for a missing value and a minus sign for negatives', () => {
  assert.equal(formatValue(null, 'ms'), '—');
  assert.equal(formatValue(-3.2, 'ms'), '−3.2 ms');
  assert.equal(formatValue(0, 'ms'), '0 ms');
});

test('formatNumber keeps three significant digits without trailing zeros', () => {
  assert.equal(formatNumber(1.5), '1.5');
  assert.equal(formatNumber(0.0123456), '0.0123');
  assert.equal(formatNumber(98765), '98765');
});

test('formatPct signs the change and rounds to a tenth', () => {
  assert.equal(formatPct(12.345), '+12.3%');
  assert.equal(formatPct(-4.1), '−4.1%');
  assert.equal(formatPct(0.01), '0%');
  assert.equal(formatPct(null), '—');
});

test('formatDuration, formatDate and formatBytes read like a person wrote them', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(185_000), '3 min 05 s');
  assert.equal(formatDuration(3_725_000), '1 h 02 min');
  assert.equal(formatDate('2026-01-05T09:12:44.123Z'), '2026-01-05 09:12 UTC');
  assert.equal(formatDate(null), '—');
  assert.equal(formatBytes(16 * 1024 ** 3), '16 GiB');
});
