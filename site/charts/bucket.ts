/**
 * Min/max bucketing for long series: the visible x range is cut into about
 * one bucket per two pixels, and each bucket keeps its first, lowest,
 * highest and last point (M4). The line then looks the same as with every
 * point, spikes included, while Chart.js draws a few hundred points instead
 * of 10,000.
 */

/**
 * Indexes of the points to draw, ascending. `x` must be ascending. Points
 * just outside [from, to] are kept so that lines run to the chart's edges.
 */
export function selectBucketPoints(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number, buckets: number): number[] {
  const n = x.length;
  if (n === 0) return [];
  let start = lowerBound(x, from);
  let end = lowerBound(x, to + 1e-9);
  if (start > 0) start--;
  if (end < n) end++;
  const count = end - start;
  if (count <= buckets * 4) return range(start, end);
  const width = (to - from) / buckets;
  const keep: number[] = [];
  let bucket = -1;
  let first = -1;
  let min = -1;
  let max = -1;
  let last = -1;
  const flush = () => {
    if (first < 0) return;
    const picked = [...new Set([first, min, max, last])].sort((a, b) => a - b);
    for (const i of picked) keep.push(i);
  };
  for (let i = start; i < end; i++) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(((x[i] as number) - from) / width)));
    if (b !== bucket) {
      flush();
      bucket = b;
      first = min = max = last = i;
      continue;
    }
    if ((y[i] as number) < (y[min] as number)) min = i;
    if ((y[i] as number) > (y[max] as number)) max = i;
    last = i;
  }
  flush();
  return keep;
}

/** First index whose x is >= value. */
export function lowerBound(x: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}
