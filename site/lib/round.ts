/** Numbers in data files keep the digits a reader can use, which halves the files. */

/** `value` with at most `digits` significant digits (6 keeps any measurement's precision). */
export function roundSignificant(value: number, digits = 6): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}

/** Percentages to hundredths; null stays null. */
export function roundPct(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? value : Math.round(value * 100) / 100;
}
