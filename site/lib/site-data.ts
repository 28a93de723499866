/**
 * Every data file of the site but the shards, computed once per build from
 * the model and shared by the endpoints under pages/data/ and the pages that
 * embed an index. The shards (data/series/<n>.json, data/commits/<n>.json)
 * are streamed from the details after the pages (write-shard-files.ts).
 */
import type { SiteModel } from '../../results/report/model.ts';
import { buildCommitFiles, type CommitFiles } from './build-commit-files.ts';
import { buildRunFiles, type RunFiles } from './build-run-files.ts';
import { buildSeriesFiles, type SeriesFiles } from './build-series-files.ts';
import { createCommitLookup } from './commit-lookup.ts';
import { getSiteModel } from './load-model.ts';

export interface SiteData {
  model: SiteModel;
  series: SeriesFiles;
  commits: CommitFiles;
  runs: RunFiles;
}

export function buildSiteData(model: SiteModel): SiteData {
  const lookup = createCommitLookup(model.commits.map((c) => c.sha));
  const series = buildSeriesFiles(model, lookup);
  return { model, series, commits: buildCommitFiles(model, series.order.length, lookup), runs: buildRunFiles(model) };
}

let cached: SiteData | undefined;

/** The data of this build's model (see load-model.ts). */
export function getSiteData(): SiteData {
  const model = getSiteModel();
  if (cached?.model !== model) cached = buildSiteData(model);
  return cached;
}
