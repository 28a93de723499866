/**
 * The order in which `pitwall backfill` measures pending commits.
 *
 * `bisect` makes a long range useful early: first the two ends of the range,
 * then, again and again, the pending commit nearest the middle of the largest
 * stretch of main that has no measured (or already chosen) commit. After k
 * steps the whole range is covered at a spacing of about n / k.
 */
export const BACKFILL_ORDERS = ['newest', 'oldest', 'bisect'] as const;
export type BackfillOrder = (typeof BACKFILL_ORDERS)[number];

/**
 * `range`: the commits of the range, newest first. `pending`: those to measure.
 * `every`: keep only every k-th commit of the range, counted from the newest.
 * Returns the pending commits in the order to measure them.
 */
export function orderCommits(range: readonly string[], pending: ReadonlySet<string>, order: BackfillOrder, every = 1): string[] {
  const chosen = range.filter((sha, i) => pending.has(sha) && i % every === 0);
  if (order === 'newest') return chosen;
  if (order === 'oldest') return chosen.reverse();
  return bisectOrder(range, pending, new Set(chosen));
}

function bisectOrder(range: readonly string[], pending: ReadonlySet<string>, chosen: ReadonlySet<string>): string[] {
  const oldestFirst = [...range].reverse();
  const n = oldestFirst.length;
  // Positions that already hold a measurement bound the gaps; commits left out by --every do not.
  const known: number[] = [];
  const candidates: number[] = [];
  oldestFirst.forEach((sha, i) => {
    if (!pending.has(sha)) known.push(i);
    else if (chosen.has(sha)) candidates.push(i);
  });
  const out: string[] = [];
  const take = (position: number) => {
    out.push(oldestFirst[position] as string);
    insertSorted(known, position);
    candidates.splice(candidates.indexOf(position), 1);
  };
  const first = candidates[0];
  const last = candidates.at(-1);
  if (first !== undefined) take(first);
  if (last !== undefined && last !== first) take(last);
  while (candidates.length > 0) {
    let best: { position: number; size: number } | null = null;
    const bounds = [-1, ...known, n];
    for (let g = 0; g + 1 < bounds.length; g++) {
      const a = bounds[g] as number;
      const b = bounds[g + 1] as number;
      if (b - a < 2 || (best !== null && b - a <= best.size)) continue;
      const position = nearestCandidate(candidates, a, b);
      if (position !== null) best = { position, size: b - a };
    }
    if (best === null) break; // unreachable: every candidate lies in some gap
    take(best.position);
  }
  return out;
}

/** The candidate strictly between a and b nearest their middle (the older one on a tie), or null. */
function nearestCandidate(sorted: readonly number[], a: number, b: number): number | null {
  const middle = (a + b) / 2;
  let best: number | null = null;
  for (let i = lowerBound(sorted, a + 1); i < sorted.length && (sorted[i] as number) < b; i++) {
    const p = sorted[i] as number;
    if (best === null || Math.abs(p - middle) < Math.abs(best - middle)) best = p;
  }
  return best;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}
