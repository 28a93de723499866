/** Matching detected change indices against known ones, within a margin of commits. */

export interface Match {
  /** For each known change, whether a detection fell within the margin. */
  found: boolean[];
  /** Detections matched to no known change. */
  falsePositives: number;
}

/**
 * Greedy one-to-one matching, nearest pairs first, so one detection cannot
 * claim two known changes and two detections cannot claim one.
 */
export function matchChanges(known: readonly number[], detected: readonly number[], margin: number): Match {
  const pairs: { k: number; d: number; distance: number }[] = [];
  known.forEach((kv, k) =>
    detected.forEach((dv, d) => {
      const distance = Math.abs(kv - dv);
      if (distance <= margin) pairs.push({ k, d, distance });
    }),
  );
  pairs.sort((a, b) => a.distance - b.distance || a.k - b.k || a.d - b.d);
  const found = known.map(() => false);
  const used = detected.map(() => false);
  for (const p of pairs) {
    if (found[p.k] === true || used[p.d] === true) continue;
    found[p.k] = true;
    used[p.d] = true;
  }
  return { found, falsePositives: used.filter((u) => !u).length };
}

/** σ buckets for step sizes in noise units: [0,1), [1,2), [2,4), [4,8), [8,16), [16,∞). */
export const SIGMA_BUCKETS = [0, 1, 2, 4, 8, 16] as const;

export function bucketOf(sizeInNoise: number): number {
  let b = 0;
  for (let i = 0; i < SIGMA_BUCKETS.length; i++) if (sizeInNoise >= (SIGMA_BUCKETS[i] as number)) b = i;
  return b;
}

export function bucketLabel(b: number): string {
  const lo = SIGMA_BUCKETS[b] as number;
  const hi = SIGMA_BUCKETS[b + 1];
  return hi === undefined ? `≥${lo}σ` : `${lo}–${hi}σ`;
}

/** Accumulates recall per σ bucket and precision, at one margin. */
export class Tally {
  readonly hits: number[] = SIGMA_BUCKETS.map(() => 0);
  readonly totals: number[] = SIGMA_BUCKETS.map(() => 0);
  truePositives = 0;
  falsePositives = 0;

  /** A tally of everything the given ones counted. */
  static sum(tallies: readonly Tally[]): Tally {
    const out = new Tally();
    for (const t of tallies) {
      t.hits.forEach((h, b) => (out.hits[b] = (out.hits[b] as number) + h));
      t.totals.forEach((n, b) => (out.totals[b] = (out.totals[b] as number) + n));
      out.truePositives += t.truePositives;
      out.falsePositives += t.falsePositives;
    }
    return out;
  }

  add(match: Match, sizesInNoise: readonly number[]): void {
    match.found.forEach((f, i) => {
      const b = bucketOf(sizesInNoise[i] as number);
      this.totals[b] = (this.totals[b] as number) + 1;
      if (f) {
        this.hits[b] = (this.hits[b] as number) + 1;
        this.truePositives++;
      }
    });
    this.falsePositives += match.falsePositives;
  }

  recall(fromBucket: number, toBucket = SIGMA_BUCKETS.length - 1): number {
    let h = 0;
    let t = 0;
    for (let b = fromBucket; b <= toBucket; b++) {
      h += this.hits[b] as number;
      t += this.totals[b] as number;
    }
    return t === 0 ? Number.NaN : h / t;
  }

  precision(): number {
    const d = this.truePositives + this.falsePositives;
    return d === 0 ? Number.NaN : this.truePositives / d;
  }
}

/** 95 % Wilson score interval of a proportion k / n; NaN bounds when n is 0. */
export function wilsonInterval(k: number, n: number): [number, number] {
  if (n === 0) return [Number.NaN, Number.NaN];
  const z = 1.959964;
  const p = k / n;
  const center = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

export function formatInterval([lo, hi]: [number, number]): string {
  return Number.isNaN(lo) ? '—' : `${(lo * 100).toFixed(0)}–${(hi * 100).toFixed(0)} %`;
}
