/**
 * One base unit per dimension, so series from different harnesses (and a harness
 * that switches from ns to µs as code gets slower) compare: durations in `s`,
 * sizes in `B`, rates in `ops/s` or `B/s`. Direction follows the dimension:
 * time and size lower is better, throughput higher is better.
 */
import type { Direction } from '../../results/schema.ts';

/** A conversion factor: × num / den × 10^pow10, kept exact for decimal prefixes. */
export interface Factor {
  pow10: number;
  num: number;
  den: number;
}

/** The base unit a harness's unit converts to, with the factor and the direction of that dimension. */
export interface UnitScale extends Factor {
  unit: string;
  direction: Direction;
}

/** Nanoseconds, the unit several harnesses report times in whatever their size. */
export const NANOSECONDS: Factor = { pow10: -9, num: 1, den: 1 };

const TIME: Record<string, Factor> = {
  ps: { pow10: -12, num: 1, den: 1 },
  ns: { pow10: -9, num: 1, den: 1 },
  us: { pow10: -6, num: 1, den: 1 },
  'µs': { pow10: -6, num: 1, den: 1 }, // U+00B5 micro sign (Criterion)
  'μs': { pow10: -6, num: 1, den: 1 }, // U+03BC Greek mu (libtest, asv)
  ms: { pow10: -3, num: 1, den: 1 },
  s: { pow10: 0, num: 1, den: 1 },
  sec: { pow10: 0, num: 1, den: 1 },
  min: { pow10: 0, num: 60, den: 1 },
  h: { pow10: 0, num: 3600, den: 1 },
  hr: { pow10: 0, num: 3600, den: 1 },
};

const SIZE: Record<string, Factor> = {
  B: { pow10: 0, num: 1, den: 1 },
  bytes: { pow10: 0, num: 1, den: 1 },
  kB: { pow10: 3, num: 1, den: 1 },
  KB: { pow10: 3, num: 1, den: 1 },
  MB: { pow10: 6, num: 1, den: 1 },
  GB: { pow10: 9, num: 1, den: 1 },
  TB: { pow10: 12, num: 1, den: 1 },
  KiB: { pow10: 0, num: 1024, den: 1 },
  MiB: { pow10: 0, num: 1024 ** 2, den: 1 },
  GiB: { pow10: 0, num: 1024 ** 3, den: 1 },
  TiB: { pow10: 0, num: 1024 ** 4, den: 1 },
};

/** Things counted per unit of time: operations, iterations, elements (Criterion writes `Melem/s`). */
const COUNT: Record<string, Factor> = {
  ops: { pow10: 0, num: 1, den: 1 },
  op: { pow10: 0, num: 1, den: 1 },
  iter: { pow10: 0, num: 1, den: 1 },
  items: { pow10: 0, num: 1, den: 1 },
  elem: { pow10: 0, num: 1, den: 1 },
  elements: { pow10: 0, num: 1, den: 1 },
  Kelem: { pow10: 3, num: 1, den: 1 },
  Melem: { pow10: 6, num: 1, den: 1 },
  Gelem: { pow10: 9, num: 1, den: 1 },
};

/** Denominators meaning "for one run of the benchmarked code". */
const PER_OPERATION = new Set(['op', 'iter', 'call', 'it', 'run']);

function divide(a: Factor, b: Factor): Factor {
  return { pow10: a.pow10 - b.pow10, num: a.num * b.den, den: a.den * b.num };
}

/**
 * The base unit, direction and scale for a unit as a harness writes it
 * (`ns`, `µs`, `ns/op`, `ops/ms`, `MiB/s`, `B/op`, `Melem/s`, `ops/sec`), or
 * undefined for a unit it does not know (a custom counter): keep those as they are.
 */
export function normalizeUnit(raw: string): UnitScale | undefined {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const numerator = slash === -1 ? text : text.slice(0, slash);
  const denominator = slash === -1 ? undefined : text.slice(slash + 1);
  if (denominator === undefined || PER_OPERATION.has(denominator)) {
    const time = TIME[numerator];
    if (time !== undefined) return { unit: 's', direction: -1, ...time };
    const size = SIZE[numerator];
    if (size !== undefined) return { unit: 'B', direction: -1, ...size };
    return undefined;
  }
  const per = TIME[denominator];
  if (per === undefined) return undefined;
  const size = SIZE[numerator];
  if (size !== undefined) return { unit: 'B/s', direction: 1, ...divide(size, per) };
  const count = COUNT[numerator];
  if (count !== undefined) return { unit: 'ops/s', direction: 1, ...divide(count, per) };
  return undefined;
}

/**
 * Converts a value to the base unit. Pass the number as the harness printed it
 * (a string) where there is one: shifting the decimal exponent of the text gives
 * the closest double (325 ns -> 3.25e-7 exactly as written), where multiplying
 * by 1e-9 would not.
 */
export function scaleValue(value: number | string, scale: Factor): number {
  let base: number;
  if (typeof value === 'string') {
    const exponent = /[eE]/.exec(value);
    base = exponent === null
      ? Number(`${value}e${scale.pow10}`)
      : Number(`${value.slice(0, exponent.index)}e${Number(value.slice(exponent.index + 1)) + scale.pow10}`);
  } else if (scale.pow10 >= 0) {
    base = value * 10 ** scale.pow10;
  } else {
    base = value / 10 ** -scale.pow10;
  }
  if (scale.num !== 1) base *= scale.num;
  if (scale.den !== 1) base /= scale.den;
  return base;
}

/** Counts of work done, where less is better whatever the harness says per what. */
const WORK_COUNTS = new Set(['instructions', 'instr', 'cycles', 'cpu-cycles']);

/**
 * The direction a unit implies: durations and sizes (also per operation or per
 * iteration, such as `ns/iter` or `cycles/iter`) lower is better; rates such
 * as `ops/s`, `MB/s` or `MS/s` higher is better. Undefined for any other unit, or
 * none: such a metric has no better direction unless the suite or a `metrics`
 * rule gives one.
 */
export function directionOfUnit(unit: string | null | undefined): Direction | undefined {
  if (unit === null || unit === undefined) return undefined;
  const known = normalizeUnit(unit);
  if (known !== undefined) return known.direction;
  const text = unit.trim();
  const slash = text.indexOf('/');
  const numerator = slash === -1 ? text : text.slice(0, slash);
  const denominator = slash === -1 ? undefined : text.slice(slash + 1);
  if (WORK_COUNTS.has(numerator) && (denominator === undefined || PER_OPERATION.has(denominator))) return -1;
  // Anything per unit of time is a rate: mega-samples per second, requests per minute.
  if (numerator !== '' && denominator !== undefined && TIME[denominator] !== undefined) return 1;
  return undefined;
}
