/**
 * The table of a comparison: verdict, metric, both values, Δ, Δ % and how
 * many thresholds the change spans, a page of rows at a time.
 */
import type { CompareRow } from '../lib/compare-commits.ts';
import { changeClass } from '../lib/change-class.ts';
import { formatSeriesId } from '../lib/data-files.ts';
import { formatPct, formatValue } from '../lib/format.ts';
import { metricHref } from '../lib/links.ts';
import { append, clear, h, siteBase } from './dom.ts';

const PAGE_SIZE = 100;

function verdictBadge(row: CompareRow): HTMLElement {
  const kind = row.verdict === 'regression' ? 'k-regression' : row.verdict === 'improvement' ? 'k-improvement' : row.verdict === 'changed' ? 'k-change' : 'k-unchanged';
  return h('span', { class: `badge ${kind}` }, row.verdict);
}

function significance(row: CompareRow): string {
  if (row.deltaPct === null) return row.verdict === 'new' || row.verdict === 'missing' ? 'one side only' : '—';
  const spanned = Number.isFinite(row.spanned) ? `${row.spanned.toFixed(1)}×` : '∞×';
  return `${spanned} threshold (±${(row.threshold * 100).toFixed(1)}%)`;
}

function renderRows(tbody: HTMLElement, rows: readonly CompareRow[], head: string, several: boolean): void {
  const base = siteBase();
  clear(tbody);
  for (const row of rows) {
    tbody.appendChild(
      h(
        'tr',
        { attrs: { 'data-verdict': row.verdict } },
        h('td', null, verdictBadge(row)),
        h('td', { class: 'name-cell' }, h('a', { attrs: { href: metricHref(base, formatSeriesId(row.machine, row.suite, row.metric), { highlight: head.slice(0, 12) }) } }, row.metric), h('span', { class: 'tag' }, row.suite), several ? h('span', { class: 'tag' }, row.machine) : null),
        h('td', { class: 'num' }, formatValue(row.base, row.unit)),
        h('td', { class: 'num' }, formatValue(row.head, row.unit)),
        h('td', { class: 'num muted' }, row.delta === null ? '—' : `${row.delta > 0 ? '+' : ''}${formatValue(row.delta, row.unit)}`),
        h('td', { class: `num ${row.significant ? changeClass(row.deltaPct, row.direction, 0) : 'delta-flat'}` }, formatPct(row.deltaPct)),
        h('td', { class: 'num muted' }, significance(row)),
      ),
    );
  }
}

export function renderCompareTable(target: HTMLElement, rows: readonly CompareRow[], head: string, several: boolean): void {
  const tbody = h('tbody', { attrs: { id: 'compare-rows' } });
  const count = h('span', { attrs: { 'aria-live': 'polite' } });
  const prev = h('button', { class: 'button', attrs: { type: 'button' } }, '← Previous');
  const next = h('button', { class: 'button', attrs: { type: 'button' } }, 'Next →');
  let page = 0;
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const show = () => {
    renderRows(tbody, rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), head, several);
    count.textContent = rows.length === 0 ? 'No metrics' : `${page * PAGE_SIZE + 1}–${Math.min(rows.length, (page + 1) * PAGE_SIZE)} of ${rows.length.toLocaleString('en-US')} metrics`;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  prev.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    show();
  });
  next.addEventListener('click', () => {
    page = Math.min(pages - 1, page + 1);
    show();
  });
  append(
    target,
    h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data-table', attrs: { id: 'compare-table' } },
          h('thead', null, h('tr', null, h('th', null, 'Verdict'), h('th', null, 'Metric'), h('th', { class: 'r' }, 'Base'), h('th', { class: 'r' }, 'Head'), h('th', { class: 'r' }, 'Δ'), h('th', { class: 'r' }, 'Δ %'), h('th', { class: 'r' }, 'Significance'))),
          tbody,
        ),
      ),
      h('div', { class: 'pager' }, count, h('span', { class: 'button-group' }, prev, next)),
    ),
  );
  show();
}
