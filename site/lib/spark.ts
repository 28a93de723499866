/**
 * Sparklines travel as one character per value: the value's level between
 * the series' own min and max, in 64 steps. A row of the overview then costs
 * ~60 bytes instead of ~500, and 64 levels are more than a 24-pixel-high
 * line can show.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const LEVELS = ALPHABET.length - 1;
const MIN_RELATIVE_RANGE = 0.1;

export function encodeSpark(values: readonly number[]): string {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const floor = (Math.abs(max + min) / 2) * MIN_RELATIVE_RANGE;
  if (max - min < floor) {
    const mid = (max + min) / 2;
    min = mid - floor / 2;
    max = mid + floor / 2;
  }
  const range = max - min;
  let out = '';
  for (const v of values) out += ALPHABET[range > 0 ? Math.round(((v - min) / range) * LEVELS) : LEVELS >> 1];
  return out;
}

/** Levels from 0 (the bottom of the range) to 1 (its top). */
export function decodeSpark(text: string): number[] {
  const levels: number[] = [];
  for (const ch of text) {
    const at = ALPHABET.indexOf(ch);
    levels.push(at < 0 ? 0.5 : at / LEVELS);
  }
  return levels;
}

/** SVG path of a sparkline in a width × height box, with `pad` pixels kept free at top and bottom. */
export function formatSparkPath(levels: readonly number[], width: number, height: number, pad = 2): string {
  if (levels.length === 0) return '';
  const step = levels.length > 1 ? width / (levels.length - 1) : 0;
  const usable = height - 2 * pad;
  let d = '';
  levels.forEach((level, i) => {
    const x = levels.length > 1 ? i * step : width / 2;
    const y = pad + (1 - level) * usable;
    d += `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
  });
  return d;
}
