/**
 * Numbers as engineers read them: 1.23 ms rather than 1234567 ns, 45.6 MB
 * rather than 45600000 bytes, 1.23k ops/s. Three significant digits; the
 * exact value stays in the data files and downloads.
 */

const TIME_IN_SECONDS: Record<string, number> = { ps: 1e-12, ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, sec: 1, secs: 1, second: 1, seconds: 1, min: 60 };
const TIME_STEPS: [number, string][] = [[60, 'min'], [1, 's'], [1e-3, 'ms'], [1e-6, 'µs'], [1e-9, 'ns'], [1e-12, 'ps']];
const DECIMAL_BYTES: Record<string, number> = { b: 1, byte: 1, bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };
const BINARY_BYTES: Record<string, number> = { kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
const DECIMAL_BYTE_STEPS: [number, string][] = [[1e12, 'TB'], [1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB'], [1, 'B']];
const BINARY_BYTE_STEPS: [number, string][] = [[1024 ** 4, 'TiB'], [1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB'], [1, 'B']];
const SI_STEPS: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
const MINUS = '\u2212';

/** Three significant digits, without trailing zeros or exponent notation. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  let text: string;
  if (abs >= 10 ** digits) text = Math.round(value).toString();
  else if (abs < 1e-4) text = value.toExponential(digits - 1);
  else {
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
    text = value.toFixed(Math.min(decimals, 10));
    if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  }
  return text.replace('-', MINUS);
}

function scaled(value: number, steps: readonly [number, string][], suffix: string, space = true): string {
  const abs = Math.abs(value);
  const last = steps[steps.length - 1] as [number, string];
  // The largest step keeps the number at or above 1; 999.6 ms rounds to 1000 ms, so the step is chosen after rounding.
  for (const [size, name] of steps) {
    if (abs >= size * 0.9995 || size === last[0]) return `${formatNumber(value / size)}${space ? ' ' : ''}${name}${suffix}`;
  }
  return `${formatNumber(value)} ${last[1]}${suffix}`;
}

/** Splits "ns/iter" into "ns" and "/iter" so that the per-something suffix survives scaling. */
function splitUnit(unit: string): { base: string; suffix: string } {
  const slash = unit.indexOf('/');
  if (slash <= 0) return { base: unit, suffix: '' };
  return { base: unit.slice(0, slash), suffix: unit.slice(slash) };
}

/** A value with its unit, scaled to a readable size. */
export function formatValue(value: number | null | undefined, unit: string | null): string {
  if (value === null || value === undefined) return '—';
  if (unit === null || unit === '') return value !== 0 && Math.abs(value) >= 1e4 ? scaled(value, SI_STEPS, '', false) : formatNumber(value);
  const { base, suffix } = splitUnit(unit.trim());
  const key = base.toLowerCase();
  const seconds = TIME_IN_SECONDS[base] ?? TIME_IN_SECONDS[key];
  if (seconds !== undefined && value !== 0) return scaled(value * seconds, TIME_STEPS, suffix);
  const binary = BINARY_BYTES[key];
  if (binary !== undefined && value !== 0) return scaled(value * binary, BINARY_BYTE_STEPS, suffix);
  const decimal = DECIMAL_BYTES[key];
  if (decimal !== undefined && value !== 0) return scaled(value * decimal, DECIMAL_BYTE_STEPS, suffix);
  if (unit === '%') return `${formatNumber(value)}%`;
  if (Math.abs(value) >= 1e3) return `${scaled(value, SI_STEPS, '', false)} ${unit}`;
  return `${formatNumber(value)} ${unit}`;
}

/** "+12.3%", "−4.1%", "0%"; "—" when unknown. */
export function formatPct(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return '0%';
  return `${rounded > 0 ? '+' : MINUS}${Math.abs(rounded).toFixed(digits)}%`;
}

/** "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "2026-01-05 09:12 UTC": dates in UTC, so that every reader sees the same one. */
export function formatDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Jan 5" for axis labels. */
export function formatShortDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** "16 GiB" for memory sizes in fingerprints. */
export function formatBytes(bytes: number): string {
  return bytes === 0 ? '0 B' : scaled(bytes, BINARY_BYTE_STEPS, '');
}
