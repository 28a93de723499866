/**
 * The centre of the noise band: a running median over a centred window, which
 * ignores single outliers. The window never reaches across a change point
 * (`breaks`: indexes where a new level starts), so the band steps with the
 * series instead of smearing each step over half a window.
 */
export function computeRunningMedian(values: ArrayLike<number>, window = 11, breaks: readonly number[] = []): number[] {
  const n = values.length;
  const half = Math.floor(window / 2);
  const out: number[] = new Array(n);
  const buffer: number[] = [];
  const starts = [0, ...breaks.filter((b) => b > 0 && b < n).sort((a, b) => a - b), n];
  for (let k = 0; k + 1 < starts.length; k++) {
    const from = starts[k] as number;
    const to = starts[k + 1] as number;
    for (let i = from; i < to; i++) {
      buffer.length = 0;
      for (let j = Math.max(from, i - half); j <= Math.min(to - 1, i + half); j++) buffer.push(values[j] as number);
      buffer.sort((a, b) => a - b);
      const mid = buffer.length >> 1;
      out[i] = buffer.length % 2 === 1 ? (buffer[mid] as number) : ((buffer[mid - 1] as number) + (buffer[mid] as number)) / 2;
    }
  }
  return out;
}
