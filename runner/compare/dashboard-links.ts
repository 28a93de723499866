/**
 * Links into the dashboard (site.url in pitwall.yaml): a metric's chart with
 * a commit highlighted, the compare page of two commits, a commit's page.
 * Without a site URL there are no links, and reports show plain text.
 */
import type { MetricComparison } from '../../results/analysis/compare.ts';

export interface DashboardLinks {
  site: string | null;
  metric(metric: Pick<MetricComparison, 'machine' | 'suite' | 'metric'>, highlight: string): string | null;
  compare(base: string, head: string): string | null;
  commit(sha: string): string | null;
}

/** encodeURIComponent leaves parentheses alone, and a ")" ends a markdown link. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The id the dashboard gives a series: machine/suite/metric. */
export function seriesId(metric: Pick<MetricComparison, 'machine' | 'suite' | 'metric'>): string {
  return `${metric.machine}/${metric.suite}/${metric.metric}`;
}

export function createDashboardLinks(siteUrl: string | null): DashboardLinks {
  const site = siteUrl === null ? null : siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  const at = (path: string) => (site === null ? null : `${site}${path}`);
  return {
    site,
    metric: (m, highlight) => at(`metric/?id=${encode(seriesId(m))}&highlight=${encode(highlight)}`),
    compare: (base, head) => at(`compare/?base=${encode(base)}&head=${encode(head)}`),
    commit: (sha) => at(`commit/?sha=${encode(sha)}`),
  };
}
