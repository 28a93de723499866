/**
 * Golden files for analysis outputs: compared after rounding numbers to 6
 * significant digits; UPDATE_GOLDEN=1 rewrites them instead.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, 'golden');

function round(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(6)) : String(value);
  if (Array.isArray(value)) return value.map(round);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
}

export function assertGolden(name: string, actual: unknown): void {
  const file = join(DIR, `${name}.json`);
  const rounded = round(actual);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    writeFileSync(file, `${JSON.stringify(rounded, null, 2)}\n`);
    if (process.env['UPDATE_GOLDEN'] !== '1') assert.fail(`Golden file ${name}.json did not exist and was written; check it and run again`);
    return;
  }
  assert.deepEqual(rounded, JSON.parse(readFileSync(file, 'utf8')));
}
