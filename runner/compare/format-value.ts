/**
 * Numbers as people read them in a review: three significant digits and a
 * scaled unit (1.23 ms, 4.5 MB, 12.3M instructions), signed percentages.
 */

const TIME_SECONDS: Record<string, number> = { ps: 1e-12, ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, sec: 1, secs: 1, second: 1, seconds: 1, min: 60 };
const TIME_STEPS: readonly [string, number][] = [['ns', 1e-9], ['µs', 1e-6], ['ms', 1e-3], ['s', 1]];
const BYTES: Record<string, number> = { b: 1, byte: 1, bytes: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3, tb: 1e12, tib: 1024 ** 4 };
const BYTE_STEPS: readonly [string, number][] = [['B', 1], ['KB', 1e3], ['MB', 1e6], ['GB', 1e9], ['TB', 1e12]];
const COUNT_STEPS: readonly [string, number][] = [['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12]];

/** Three significant digits without trailing zeros; whole numbers from 1000 up as they are. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return String(Math.round(value));
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : -1;
  const text = digits >= 0 ? value.toFixed(digits) : value.toPrecision(3);
  return text.includes('e') || !text.includes('.') ? text : text.replace(/\.?0+$/, '');
}

function scale(value: number, steps: readonly [string, number][]): [number, string] {
  let chosen = steps[0] as [string, number];
  for (const step of steps) if (Math.abs(value) >= step[1] * (1 - 1e-12)) chosen = step;
  return [value / chosen[1], chosen[0]];
}

/** A value with its unit, scaled when the unit is a time, a size in bytes, or none and the value is large. */
export function formatValue(value: number, unit: string | null): string {
  if (unit === null || unit.trim() === '') {
    if (Math.abs(value) < 1e4) return formatNumber(value);
    const [scaled, prefix] = scale(value, COUNT_STEPS);
    return `${formatNumber(scaled)}${prefix}`;
  }
  const [, baseUnit = unit, suffix = ''] = /^(.*?)(\/[^/]+)?$/.exec(unit.trim()) ?? [];
  const key = baseUnit.toLowerCase();
  const seconds = TIME_SECONDS[baseUnit] ?? TIME_SECONDS[key];
  if (seconds !== undefined && value !== 0) {
    const [scaled, name] = scale(value * seconds, TIME_STEPS);
    return `${formatNumber(scaled)} ${name}${suffix}`;
  }
  const bytes = BYTES[key];
  if (bytes !== undefined && value !== 0) {
    const [scaled, name] = scale(value * bytes, BYTE_STEPS);
    return `${formatNumber(scaled)} ${name}${suffix}`;
  }
  if (Math.abs(value) >= 1e4) {
    const [scaled, prefix] = scale(value, COUNT_STEPS);
    return `${formatNumber(scaled)}${prefix} ${unit}`;
  }
  return `${formatNumber(value)} ${unit}`;
}

/** "+12.3%", "-0.42%", "0%"; an em dash when there is no percentage. */
export function formatPct(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '—';
  if (pct === 0) return '0%';
  const abs = Math.abs(pct);
  const text = abs >= 100 ? abs.toFixed(0) : abs >= 10 ? abs.toFixed(1) : abs >= 0.01 ? abs.toFixed(2) : abs.toPrecision(1);
  return `${pct > 0 ? '+' : '-'}${text}%`;
}

/** "p = 0.0031", "p < 0.0001". */
export function formatPValue(p: number): string {
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${p < 0.01 ? p.toPrecision(2) : p.toFixed(2)}`;
}
