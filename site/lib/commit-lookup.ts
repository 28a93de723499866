/**
 * Finds a commit by full sha or by a unique prefix (people paste short shas
 * into URLs and notes). Used at build time and in the browser.
 */
export interface CommitLookup {
  /** Index of the commit, or null when no commit or several commits match. */
  find(shaOrPrefix: string): number | null;
}

/** Shortest prefix accepted, as git's default abbreviation floor. */
const MIN_PREFIX = 4;

export function createCommitLookup(shas: readonly string[]): CommitLookup {
  const exact = new Map<string, number>();
  shas.forEach((sha, i) => exact.set(sha.toLowerCase(), i));
  let sorted: { sha: string; i: number }[] | null = null;
  return {
    find(query) {
      const wanted = query.trim().toLowerCase();
      const hit = exact.get(wanted);
      if (hit !== undefined) return hit;
      if (wanted.length < MIN_PREFIX || !/^[0-9a-f]+$/.test(wanted)) return null;
      sorted ??= shas.map((sha, i) => ({ sha: sha.toLowerCase(), i })).sort((a, b) => (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0));
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] as { sha: string }).sha < wanted) lo = mid + 1;
        else hi = mid;
      }
      const first = sorted[lo];
      if (first === undefined || !first.sha.startsWith(wanted)) return null;
      const next = sorted[lo + 1];
      if (next !== undefined && next.sha.startsWith(wanted)) return null;
      return first.i;
    },
  };
}
