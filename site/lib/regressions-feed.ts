/**
 * model.changes as the regressions feed (Atom) and as regressions.json for
 * other tools. Ids derive from the series and the commit, so a change keeps
 * its id from one build to the next and feed readers do not repeat it.
 */
import { createHash } from 'node:crypto';
import type { ChangeView, SiteCommit, SiteModel } from '../../results/report/model.ts';
import { formatAtomDate, formatAtomFeed, type AtomEntry } from './atom.ts';
import { formatPct, formatValue, shortSha } from './format.ts';
import { compareHref, metricHref, withBase } from './links.ts';

/** Entries in the feed: readers only look at the newest. */
export const FEED_ENTRIES = 100;

/** A name-based UUID (SHA-1, RFC 4122 version 5 layout) as a urn:uuid IRI. */
export function nameUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export interface FeedLocation {
  /** URL path the site is served under ("/parser/"). */
  base: string;
  /** Public origin+path of the site ("https://acme.github.io/parser/") when known: links become absolute. */
  site: string | null;
}

function href(location: FeedLocation, path: string): string {
  const local = withBase(location.base, path);
  if (location.site === null) return local;
  return new URL(local, location.site).toString();
}

function commitsBySha(model: SiteModel): Map<string, SiteCommit> {
  return new Map(model.commits.map((c) => [c.sha, c] as const));
}

function unitOf(model: SiteModel): Map<string, string | null> {
  return new Map(model.series.map((s) => [s.id, s.unit] as const));
}

function describe(change: ChangeView, unit: string | null, commit: SiteCommit | undefined): string {
  const lines = [
    `${change.seriesId}: ${formatPct(change.changePct)} (${formatValue(change.beforeMedian, unit)} → ${formatValue(change.afterMedian, unit)}), ${change.status} ${change.kind}.`,
    change.sizeInNoise === null
      ? 'Exact: the metric repeats exactly, and the new value repeated.'
      : `${Number((change.ciLevel * 100).toFixed(2))}% interval ${formatPct(change.ciLowPct)} to ${formatPct(change.ciHighPct)}; ${change.sizeInNoise.toFixed(1)}× the noise; p = ${change.pValue.toPrecision(2)}.`,
  ];
  if (commit !== undefined) lines.push(`Commit ${shortSha(commit.sha)} by ${commit.author}: ${commit.subject}`);
  if (change.unmeasuredBetween > 0) lines.push(`${change.unmeasuredBetween} commits before it were not measured: the change may come from one of them.`);
  if (change.triage !== null) lines.push(`Triage: ${change.triage.state}${change.triage.by === null ? '' : ` by ${change.triage.by}`}: ${change.triage.note}`);
  return lines.join('\n');
}

export function buildRegressionsFeed(model: SiteModel, location: FeedLocation): string {
  const commits = commitsBySha(model);
  const units = unitOf(model);
  const regressions = model.changes.filter((c) => c.kind === 'regression').slice(0, FEED_ENTRIES);
  const entries: AtomEntry[] = regressions.map((change) => {
    const commit = commits.get(change.commit);
    const triage = change.triage === null ? '' : ` (${change.triage.state})`;
    return {
      id: nameUuid(`pitwall change ${change.seriesId} ${change.commit}`),
      title: `${formatPct(change.changePct)} ${change.seriesId} at ${shortSha(change.commit)}${change.status === 'tentative' ? ' (tentative)' : ''}${triage}`,
      updated: formatAtomDate(commit?.time ?? '', model.generatedAt),
      href: href(location, metricHref('/', change.seriesId, { highlight: change.commit })),
      content: describe(change, units.get(change.seriesId) ?? null, commit),
      categories: [change.status, change.kind],
    };
  });
  const newest = entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), '');
  return formatAtomFeed({
    id: nameUuid(`pitwall feed ${location.site ?? location.base} ${model.title}`),
    title: `${model.title}: regressions`,
    subtitle: 'Performance regressions found by pitwall on the main branch, newest first.',
    updated: newest === '' ? formatAtomDate(model.generatedAt, new Date(0).toISOString()) : newest,
    selfHref: href(location, 'regressions.atom'),
    alternateHref: href(location, 'regressions/'),
    author: model.title,
    entries,
  });
}

export interface RegressionsJson {
  version: number;
  title: string;
  generatedAt: string;
  repoUrl: string | null;
  changes: (ChangeView & { unit: string | null; subject: string | null; author: string | null; time: string | null; metricUrl: string; compareUrl: string | null })[];
}

export function buildRegressionsJson(model: SiteModel, location: FeedLocation): RegressionsJson {
  const commits = commitsBySha(model);
  const units = unitOf(model);
  return {
    version: 1,
    title: model.title,
    generatedAt: model.generatedAt,
    repoUrl: model.repoUrl,
    changes: model.changes.map((change) => {
      const commit = commits.get(change.commit);
      return {
        ...change,
        unit: units.get(change.seriesId) ?? null,
        subject: commit?.subject ?? null,
        author: commit?.author ?? null,
        time: commit?.time ?? null,
        metricUrl: href(location, metricHref('/', change.seriesId, { highlight: change.commit })),
        compareUrl: change.previousCommit === null ? null : href(location, compareHref('/', change.previousCommit, change.commit)),
      };
    }),
  };
}
