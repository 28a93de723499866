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
 *
 * A spike next to a step can tip the window of the step's edge points, and
 * clipping them would move the step. So the clipping runs twice, once from
 * the oldest point and once from the newest, each reading the points it has
 * already passed as clipped (so a spike pulled back no longer drags its
 * neighbours' medians). A point that either pass leaves alone stays as it is
 * (an edge point is left alone by the pass that reaches the spike first);
 * a point both clip is a spike and keeps the clip of the pass from the oldest.
 */
export function clipOutliers(z: Float64Array, limit: number, halfWidth = 2): Float64Array {
  const forward = clipInOrder(z, limit, halfWidth, 1);
  const backward = clipInOrder(z, limit, halfWidth, -1);
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const v = z[i] as number;
    const f = forward[i] as number;
    const b = backward[i] as number;
    out[i] = b === v ? v : f;
  }
  return out;
}

/** One clipping pass, oldest first (step 1) or newest first (step −1). */
function clipInOrder(z: Float64Array, limit: number, halfWidth: number, step: 1 | -1): Float64Array {
  const n = z.length;
  const out = Float64Array.from(z);
  const window = new Float64Array(2 * halfWidth + 1);
  const last = n - halfWidth - 1;
  for (let k = 0; k <= last; k++) {
    const i = step === 1 ? k : last - k;
    const from = Math.max(0, i - halfWidth);
    const to = Math.min(n, i + halfWidth + 1);
    let length = 0;
    for (let j = from; j < to; j++) window[length++] = ((j - i) * step < 0 ? out[j] : z[j]) as number;
    const center = medianOfWindow(window, length);
    const v = z[i] as number;
    if (v > center + limit) out[i] = center + limit;
    else if (v < center - limit) out[i] = center - limit;
  }
  return out;
}
