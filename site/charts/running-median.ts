/**
 * The centre of the noise band: a running median over a centred window, which
 * follows steps within half a window and ignores single outliers.
 */
export function computeRunningMedian(values: ArrayLike<number>, window = 11): number[] {
  const n = values.length;
  const half = Math.floor(window / 2);
  const out: number[] = new Array(n);
  const buffer: number[] = [];
  for (let i = 0; i < n; i++) {
    buffer.length = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) buffer.push(values[j] as number);
    buffer.sort((a, b) => a - b);
    const mid = buffer.length >> 1;
    out[i] = buffer.length % 2 === 1 ? (buffer[mid] as number) : ((buffer[mid - 1] as number) + (buffer[mid] as number)) / 2;
  }
  return out;
}
