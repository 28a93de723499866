/**
 * Limits the pull of isolated outliers before segmentation: each point is
 * clipped to within `limit` of the median of its neighbourhood. A step
 * survives (a centred running median follows an edge exactly) while a lone
 * spike is pulled back to an ordinary value, so it cannot create a change.
 */

/** Median of a small scratch window, sorted in place by insertion. */
function medianOfWindow(window: Float64Array, length: number): number {
  for (let i = 1; i < length; i++) {
    const v = window[i] as number;
    let j = i - 1;
    while (j >= 0 && (window[j] as number) > v) {
      window[j + 1] = window[j] as number;
      j--;
    }
    window[j + 1] = v;
  }
  const mid = length >> 1;
  return length % 2 === 1 ? (window[mid] as number) : ((window[mid - 1] as number) + (window[mid] as number)) / 2;
}

/**
 * Returns a copy of `z` (values in noise units) where each point lies within
 * `limit` of the running median of the 2·halfWidth + 1 points around it.
 * The newest `halfWidth` points are left alone: their window would reach only
 * into the past and would clip the first points of a new level, and a jump in
 * the newest commits is exactly what a tentative change must show.
 */
export function clipOutliers(z: Float64Array, limit: number, halfWidth = 2): Float64Array {
  const n = z.length;
  const out = Float64Array.from(z);
  const window = new Float64Array(2 * halfWidth + 1);
  for (let i = 0; i < n - halfWidth; i++) {
    const from = Math.max(0, i - halfWidth);
    const to = Math.min(n, i + halfWidth + 1);
    let length = 0;
    for (let j = from; j < to; j++) window[length++] = z[j] as number;
    const center = medianOfWindow(window, length);
    const v = z[i] as number;
    if (v > center + limit) out[i] = center + limit;
    else if (v < center - limit) out[i] = center - limit;
  }
  return out;
}
