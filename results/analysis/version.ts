/**
 * Version of the analysis: bump it with any change to what the analysis
 * functions compute, so that results cached from an older version (the
 * build's per-series cache) are computed again instead of trusted.
 */
export const ANALYSIS_VERSION = 1;
