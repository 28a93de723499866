/**
 * One github-action-benchmark bench `{ name, value, unit, range?, extra? }` as a
 * measurement: the unit in pitwall's base units where it is a known time or
 * rate, and the direction from the unit or from the tool that produced it.
 */
import type { Direction } from '../../results/schema.ts';
import { normalizeUnit, scaleValue, type UnitScale } from '../adapters/units.ts';
import type { ImportedMeasurement } from './imported-run.ts';

/** The custom tools state the direction outright; it wins over anything the unit suggests. */
const DECLARED_DIRECTION: Record<string, Direction> = { customBiggerIsBetter: 1, customSmallerIsBetter: -1 };

/**
 * The tools whose numbers github-action-benchmark treats as higher-is-better
 * (rates: Benchmark.js ops/sec, pytest-benchmark iter/sec). Used only for a
 * unit pitwall does not know; every other tool reports times.
 */
const HIGHER_IS_BETTER_TOOLS = new Set(['benchmarkjs', 'pytest']);

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export interface GabBench {
  name: string;
  value: unknown;
  unit?: string | undefined;
}

export type BenchReading =
  | { ok: true; measurement: ImportedMeasurement; trimmedUnit: boolean }
  | { ok: false; message: string };

/**
 * The unit as pitwall reads it. github-action-benchmark's Go parser glues
 * further metrics onto the unit of a benchmark that reports several
 * ("ns/op\t  4.000 auxMetricUnits"): the first word is the real unit then.
 */
function readUnit(raw: string | undefined): { unit: string | null; scale: UnitScale | undefined; trimmed: boolean } {
  const text = (raw ?? '').trim();
  if (text === '') return { unit: null, scale: undefined, trimmed: false };
  const whole = normalizeUnit(text);
  if (whole !== undefined) return { unit: text, scale: whole, trimmed: false };
  if (text.includes('\t')) {
    const first = text.split(/\s+/)[0] ?? '';
    const scale = normalizeUnit(first);
    if (scale !== undefined) return { unit: first, scale, trimmed: true };
  }
  return { unit: text, scale: undefined, trimmed: false };
}

/** The number as written: JSON numbers, and numeric strings (the custom tools accept both). */
function readNumber(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  return undefined;
}

export function readGabBench(bench: GabBench, tool: string): BenchReading {
  if (bench.name.trim() === '') return { ok: false, message: 'the benchmark has an empty name' };
  const number = readNumber(bench.value);
  if (number === undefined) return { ok: false, message: `value ${JSON.stringify(bench.value) ?? 'undefined'} is not a finite number` };
  const { unit, scale, trimmed } = readUnit(bench.unit);
  const value = scale === undefined ? Number(number) : scaleValue(number, scale);
  if (!Number.isFinite(value)) return { ok: false, message: `value ${number} is out of range` };
  const direction = DECLARED_DIRECTION[tool] ?? scale?.direction ?? (HIGHER_IS_BETTER_TOOLS.has(tool) ? 1 : -1);
  return { ok: true, measurement: { metric: bench.name, value, unit: scale?.unit ?? unit, direction }, trimmedUnit: trimmed };
}
