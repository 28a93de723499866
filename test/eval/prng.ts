/**
 * A seeded pseudo-random generator (mulberry32) and the noise distributions
 * the evaluation and the analysis tests draw from: same seed, same series.
 */
import { mulberry32 } from '../helpers/mulberry32.ts';
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  normal(): number;
  /** Student's t with `df` degrees of freedom. */
  studentT(df: number): number;
  int(lo: number, hiExclusive: number): number;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const studentT = (df: number): number => {
    let chi = 0;
    for (let i = 0; i < df; i++) chi += normal() ** 2;
    return normal() / Math.sqrt(chi / df);
  };
  return { next, normal, studentT, int: (lo, hi) => lo + Math.floor(next() * (hi - lo)) };
}
