/**
 * What `pitwall notify` says about a confirmed regression: one JSON object
 * (the webhook body) and the same as a line of Slack mrkdwn.
 */
import type { ChangeView, SiteModel } from '../../results/report/model.ts';
import { formatChangeId } from '../../results/report/change-id.ts';
import { createDashboardLinks } from '../compare/dashboard-links.ts';
import { splitSeriesId } from '../bisect/bisect-changes.ts';

export interface Announcement {
  /** The change id, as `pitwall bisect` takes it. */
  id: string;
  series: string;
  machine: string;
  suite: string;
  metric: string;
  unit: string | null;
  changePct: number;
  /** Confidence interval of changePct at level ciLevelPct, from the same test as pValue. */
  ciLowPct: number;
  ciHighPct: number;
  ciLevelPct: number;
  pValue: number;
  /** 100 × (1 − p): how sure the detector's test is that the levels differ. */
  confidencePct: number;
  before: number;
  after: number;
  commit: string;
  previousCommit: string | null;
  subject: string;
  author: string;
  /** Links into the dashboard (site.url in pitwall.yaml), or null without one. */
  chartUrl: string | null;
  compareUrl: string | null;
}

/** Confirmed regressions nobody acknowledged, oldest first (announcements then read in order). */
export function findRegressions(model: SiteModel): ChangeView[] {
  return model.changes.filter((c) => c.kind === 'regression' && c.status === 'confirmed' && c.triage === null).reverse();
}

export function describeRegression(model: SiteModel, change: ChangeView, siteUrl: string | null): Announcement {
  const links = createDashboardLinks(siteUrl);
  const parts = splitSeriesId(change.seriesId);
  const commit = model.commits.find((c) => c.sha === change.commit);
  return {
    id: formatChangeId(change),
    series: change.seriesId,
    ...parts,
    unit: model.series.find((s) => s.id === change.seriesId)?.unit ?? null,
    changePct: round(change.changePct),
    ciLowPct: round(change.ciLowPct),
    ciHighPct: round(change.ciHighPct),
    ciLevelPct: Number((change.ciLevel * 100).toFixed(2)),
    pValue: Number(change.pValue.toPrecision(3)),
    // Floored, so that a tiny p never reads as a certain 100 %.
    confidencePct: Math.floor((1 - change.pValue) * 1e6) / 1e4,
    before: change.beforeMedian,
    after: change.afterMedian,
    commit: change.commit,
    previousCommit: change.previousCommit,
    subject: commit?.subject ?? '',
    author: commit?.author ?? '',
    chartUrl: links.metric(parts, change.commit),
    compareUrl: change.previousCommit === null ? null : links.compare(change.previousCommit, change.commit),
  };
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

function signed(pct: number): string {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

/** Plain text: the first line of every message. */
export function summarize(a: Announcement): string {
  return `Regression in ${a.metric} (${a.machine}/${a.suite}): ${signed(a.changePct)} (${a.ciLevelPct} % CI ${signed(a.ciLowPct)} to ${signed(a.ciHighPct)}, confidence ${a.confidencePct} %) at ${a.commit.slice(0, 7)} "${a.subject}"`;
}

/** Slack escapes only these three in text. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack incoming-webhook body: `text` in mrkdwn with links as <url|label>. */
export function slackBody(a: Announcement): { text: string } {
  const links = [a.chartUrl === null ? null : `<${a.chartUrl}|chart>`, a.compareUrl === null ? null : `<${a.compareUrl}|compare>`].filter((l) => l !== null);
  const text = `:warning: *Regression* in \`${escapeSlack(a.metric)}\` (${escapeSlack(`${a.machine}/${a.suite}`)}): *${signed(a.changePct)}* `
    + `(${a.ciLevelPct} % CI ${signed(a.ciLowPct)} to ${signed(a.ciHighPct)}, confidence ${a.confidencePct} %) `
    + `at \`${a.commit.slice(0, 7)}\` ${escapeSlack(a.subject)}${links.length > 0 ? ` · ${links.join(' · ')}` : ''}`;
  return { text };
}

/** A generic webhook body. */
export function webhookBody(a: Announcement): { event: 'pitwall.regression'; text: string; regression: Announcement } {
  return { event: 'pitwall.regression', text: summarize(a), regression: a };
}
