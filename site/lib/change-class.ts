/** How a change reads: worse, better or within the noise, given the metric's better direction. */
export type ChangeTone = 'worse' | 'better' | 'flat';

/** `thresholdPct` is the series' significance threshold; smaller changes are noise. */
export function classifyChange(pct: number | null, direction: -1 | 0 | 1, thresholdPct: number): ChangeTone {
  if (pct === null || direction === 0 || Math.abs(pct) < thresholdPct) return 'flat';
  return pct * direction < 0 ? 'worse' : 'better';
}

/** The CSS class of a change: delta-worse, delta-better or delta-flat. */
export function changeClass(pct: number | null, direction: -1 | 0 | 1, thresholdPct: number): string {
  return `delta-${classifyChange(pct, direction, thresholdPct)}`;
}
