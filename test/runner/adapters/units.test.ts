import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeUnit, scaleValue } from '../../../runner/adapters/units.ts';

function convert(value: number | string, unit: string): { value: number; unit: string; direction: number } {
  const scale = normalizeUnit(unit);
  assert.ok(scale, `unit "${unit}" is known`);
  return { value: scaleValue(value, scale), unit: scale.unit, direction: scale.direction };
}

test('normalizeUnit turns every duration into seconds, lower is better', () => {
  assert.deepEqual(convert('325', 'ns'), { value: 325e-9, unit: 's', direction: -1 });
  assert.deepEqual(convert('1.5', 'µs'), { value: 1.5e-6, unit: 's', direction: -1 });
  assert.deepEqual(convert('1.5', 'μs'), { value: 1.5e-6, unit: 's', direction: -1 });
  assert.deepEqual(convert('1.5', 'us'), { value: 1.5e-6, unit: 's', direction: -1 });
  assert.deepEqual(convert('22', 'ms'), { value: 22e-3, unit: 's', direction: -1 });
  assert.deepEqual(convert('320.62', 'ps'), { value: 320.62e-12, unit: 's', direction: -1 });
  assert.deepEqual(convert(2, 'min'), { value: 120, unit: 's', direction: -1 });
  assert.deepEqual(convert('210.2', 'ns/op'), { value: 210.2e-9, unit: 's', direction: -1 });
  assert.deepEqual(convert('3', 'ms/iter'), { value: 3e-3, unit: 's', direction: -1 });
});

test('normalizeUnit turns sizes into bytes and rates into ops/s or B/s, higher is better', () => {
  assert.deepEqual(convert(160, 'B/op'), { value: 160, unit: 'B', direction: -1 });
  assert.deepEqual(convert(2, 'KiB'), { value: 2048, unit: 'B', direction: -1 });
  assert.deepEqual(convert('98.24', 'MB/s'), { value: 98.24e6, unit: 'B/s', direction: 1 });
  assert.deepEqual(convert(1, 'GiB/s'), { value: 1024 ** 3, unit: 'B/s', direction: 1 });
  assert.deepEqual(convert(1234.5, 'ops/ms'), { value: 1234.5e3, unit: 'ops/s', direction: 1 });
  assert.deepEqual(convert(3, 'ops/us'), { value: 3e6, unit: 'ops/s', direction: 1 });
  assert.deepEqual(convert(120, 'ops/min'), { value: 2, unit: 'ops/s', direction: 1 });
  assert.deepEqual(convert('1.5', 'Melem/s'), { value: 1.5e6, unit: 'ops/s', direction: 1 });
});

test('normalizeUnit leaves units it does not know to the caller', () => {
  assert.equal(normalizeUnit('auxMetricUnits'), undefined);
  assert.equal(normalizeUnit('allocs/op'), undefined);
  assert.equal(normalizeUnit('ns/o'), undefined);
  assert.equal(normalizeUnit('counts'), undefined);
});

test('scaleValue shifts the decimal exponent of printed numbers, so they convert exactly', () => {
  assert.equal(scaleValue('2.1498980114547953e+02', { pow10: -9, num: 1, den: 1 }), 2.1498980114547953e-7);
  assert.equal(scaleValue('13967756.30', { pow10: -9, num: 1, den: 1 }), 0.0139677563);
  assert.equal(scaleValue('0.1', { pow10: 0, num: 1, den: 1 }), 0.1);
});
