/**
 * Version of what results/analysis computes from a series. Anything that keeps
 * analysis results between builds (a cache keyed by series) must key them by
 * this too, and it goes up whenever the same series can give a different
 * result: another noise estimate, other change points, another status.
 *
 * 2: deterministic series, tie-robust noise, re-tested candidates judged on
 *    local levels, prefix-stable seeded intervals, bimodal series on ranks.
 * 3: change intervals at 1 − alpha from the change's own test (`ciLevel`).
 */
export const ANALYSIS_VERSION = 3;
