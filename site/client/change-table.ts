/**
 * The change points of the shown series, newest first: where, how much, how
 * sure, and whether someone has triaged it. Each row zooms the chart to its
 * change and links to the comparison of the commits on either side.
 */
import type { ChangeView } from '../../results/report/model.ts';
import type { CommitLookup } from '../lib/commit-lookup.ts';
import type { CommitsFile, SeriesEntry } from '../lib/data-files.ts';
import { formatPct, formatValue, shortSha } from '../lib/format.ts';
import { commitHref, compareHref } from '../lib/links.ts';
import { append, clear, h, siteBase } from './dom.ts';
import type { Range } from './metric-chart.ts';

export interface ChangeTableOptions {
  commits: CommitsFile;
  lookup: CommitLookup;
  /** Zooms the chart to a range around a change and selects its commit. */
  onZoom: (range: Range, x: number) => void;
}

/** Commits shown on each side of a change when zooming to it. */
const ZOOM_MARGIN = 20;

function kindClass(change: ChangeView): string {
  return `badge k-${change.kind}`;
}

export function renderChangeTable(target: HTMLElement, entries: readonly SeriesEntry[], options: ChangeTableOptions): void {
  clear(target);
  const { commits, lookup } = options;
  const base = siteBase();
  const rows = entries
    .flatMap((entry) => entry.changes.map((change) => ({ entry, change, at: lookup.find(change.commit) })))
    .sort((a, b) => (b.at ?? -1) - (a.at ?? -1));
  if (rows.length === 0) {
    const exact = entries.every((e) => e.noiseBasis === 'exact');
    const text = exact
      ? 'No change points: the value repeats exactly and has not moved by its floor since the first commit.'
      : 'No change points: every step of this series stays within its noise.';
    append(target, h('div', { class: 'card empty' }, h('p', null, text)));
    return;
  }
  const several = entries.length > 1;
  const body = rows.map(({ entry, change, at }) => {
    const x = at === null ? null : (commits.index[at] ?? at);
    const subject = at === null ? '' : (commits.subject[at] ?? '');
    return h(
      'tr',
      null,
      h('td', { class: 'name-cell' }, h('a', { class: 'mono', attrs: { href: commitHref(base, change.commit) } }, shortSha(change.commit)), ' ', h('span', { class: 'muted' }, subject)),
      several ? h('td', null, entry.machine) : null,
      h('td', { class: 'num' }, h('span', { class: kindClass(change) }, formatPct(change.changePct))),
      h('td', { class: 'num' }, `${formatValue(change.beforeMedian, entry.unit)} → ${formatValue(change.afterMedian, entry.unit)}`),
      h('td', { class: 'num muted' }, `${formatPct(change.ciLowPct)} … ${formatPct(change.ciHighPct)}`),
      h('td', null, h('span', { class: `badge plain s-${change.status}` }, change.status), change.unmeasuredBetween > 0 ? h('span', { class: 'faint', attrs: { title: 'commits between the last measured one and this one' } }, ` ±${change.unmeasuredBetween} commits`) : null),
      h('td', { class: 'muted' }, change.triage === null ? '' : `${change.triage.state}${change.triage.by === null ? '' : ` by ${change.triage.by}`}: ${change.triage.note}`),
      h(
        'td',
        { class: 'r' },
        h(
          'span',
          { class: 'button-group' },
          x === null ? null : h('button', { class: 'button', attrs: { type: 'button', title: 'Zoom the chart to this change' }, on: { click: () => options.onZoom({ min: Math.max(0, x - ZOOM_MARGIN), max: x + ZOOM_MARGIN }, x) } }, 'Zoom'),
          change.previousCommit === null ? null : h('a', { class: 'button', attrs: { href: compareHref(base, change.previousCommit, change.commit) } }, 'Compare'),
        ),
      ),
    );
  });
  append(
    target,
    h(
      'div',
      { class: 'card table-wrap' },
      h(
        'table',
        { class: 'data-table', attrs: { id: 'change-table' } },
        h('thead', null, h('tr', null, h('th', null, 'Commit'), several ? h('th', null, 'Machine') : null, h('th', { class: 'r' }, 'Change'), h('th', { class: 'r' }, 'Before → after'), h('th', { class: 'r' }, `${Number(((rows[0] as (typeof rows)[number]).change.ciLevel * 100).toFixed(2))}% interval`), h('th', null, 'Status'), h('th', null, 'Triage'), h('th', null, ''))),
        h('tbody', null, ...body),
      ),
    ),
  );
}
