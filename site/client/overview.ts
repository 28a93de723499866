/**
 * The overview in the browser: filters from the URL, a page of rows rendered
 * from data/summary.json, and the URL kept in step with every change.
 */
import type { SeriesStatus } from '../../results/report/model.ts';
import { STATUSES, formatSeriesId, type SparksFile, type SummaryFile } from '../lib/data-files.ts';
import { formatPct, formatValue } from '../lib/format.ts';
import { metricHref } from '../lib/links.ts';
import { PAGE_SIZE, filterSeries, formatOverviewQuery, indexSummary, parseOverviewQuery, type OverviewIndex, type OverviewQuery, type OverviewSort } from '../lib/overview-query.ts';
import { decodeSpark, formatSparkPath } from '../lib/spark.ts';
import { append, byId, clear, h, showError, siteBase, svg } from './dom.ts';
import { loadSparks, loadSummary } from './load-data.ts';
import { changeClass } from '../lib/change-class.ts';
import { markDrawn } from './timing.ts';

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 26;

function sparkline(code: string, status: SeriesStatus): SVGSVGElement {
  const path = formatSparkPath(decodeSpark(code), SPARK_WIDTH, SPARK_HEIGHT);
  return svg('svg', { class: `spark s-${status}`, viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, 'aria-hidden': 'true' }, svg('path', { d: path }));
}

function renderRow(summary: SummaryFile, sparks: SparksFile, i: number, base: string): HTMLTableRowElement {
  const s = summary.series;
  const status = STATUSES[s.status[i] as number] as SeriesStatus;
  const machine = summary.machines[s.machine[i] as number] as string;
  const suite = summary.suites[s.suite[i] as number] as string;
  const metric = s.metric[i] as string;
  const unitIndex = s.unit[i] as number;
  const unit = unitIndex < 0 ? null : (summary.units[unitIndex] as string);
  const direction = s.direction[i] as -1 | 0 | 1;
  const threshold = s.thresholdPct[i] as number;
  const pctCell = (value: number | null) => h('td', { class: `num ${changeClass(value, direction, threshold)}` }, formatPct(value));
  return h(
    'tr',
    null,
    h('td', null, h('span', { class: `badge s-${status}`, attrs: { title: s.statusText[i] ?? '' } }, status)),
    h(
      'td',
      { class: 'name-cell' },
      h('a', { attrs: { href: metricHref(base, formatSeriesId(machine, suite, metric)) } }, metric),
      h('span', { class: 'tag', attrs: { title: 'suite' } }, suite),
      summary.machines.length > 1 ? h('span', { class: 'tag', attrs: { title: 'machine' } }, machine) : null,
      h('div', { class: 'status-text faint' }, s.statusText[i] ?? ''),
    ),
    h('td', null, sparkline(sparks.spark[i] ?? '', status)),
    h('td', { class: 'num' }, formatValue(s.latest[i] ?? null, unit)),
    pctCell(s.vsPrev[i] ?? null),
    pctCell(s.vs30[i] ?? null),
    h('td', { class: 'num muted', attrs: { title: s.exact[i] === 1 ? 'The values repeat exactly: no noise' : 'σ of commit-to-commit changes' } }, s.exact[i] === 1 ? 'exact' : `±${(s.noisePct[i] as number).toFixed(1)}%`),
  );
}

interface Controls {
  q: HTMLInputElement;
  suite: HTMLSelectElement;
  machine: HTMLSelectElement;
  unit: HTMLSelectElement;
  sort: HTMLSelectElement;
  chips: HTMLButtonElement[];
  rows: HTMLElement;
  count: HTMLElement;
  prev: HTMLButtonElement;
  next: HTMLButtonElement;
}

function findControls(): Controls | null {
  const rows = document.getElementById('overview-rows');
  if (rows === null) return null;
  return {
    q: byId<HTMLInputElement>('filter-q'),
    suite: byId<HTMLSelectElement>('filter-suite'),
    machine: byId<HTMLSelectElement>('filter-machine'),
    unit: byId<HTMLSelectElement>('filter-unit'),
    sort: byId<HTMLSelectElement>('filter-sort'),
    chips: [...document.querySelectorAll<HTMLButtonElement>('#status-chips [data-status]')],
    rows,
    count: byId('overview-count'),
    prev: byId<HTMLButtonElement>('page-prev'),
    next: byId<HTMLButtonElement>('page-next'),
  };
}

function showQuery(c: Controls, query: OverviewQuery): void {
  c.q.value = query.q;
  c.suite.value = query.suite ?? '';
  c.machine.value = query.machine ?? '';
  c.unit.value = query.unit ?? '';
  c.sort.value = query.sort;
  for (const chip of c.chips) chip.setAttribute('aria-pressed', String(query.statuses.includes(chip.dataset['status'] as SeriesStatus)));
}

/** Renders one page of matches; returns the page shown (the requested one, or the last). */
function render(c: Controls, index: OverviewIndex, sparks: SparksFile, query: OverviewQuery): number {
  const matches = filterSeries(index, query);
  const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const from = (page - 1) * PAGE_SIZE;
  const shown = matches.slice(from, from + PAGE_SIZE);
  const base = siteBase();
  const fragment = document.createDocumentFragment();
  for (const i of shown) fragment.appendChild(renderRow(index.summary, sparks, i, base));
  clear(c.rows);
  if (shown.length === 0) {
    append(c.rows, h('tr', null, h('td', { class: 'empty', attrs: { colspan: '7' } }, 'No series match these filters. ', h('a', { attrs: { href: base } }, 'Show all series'))));
  } else c.rows.appendChild(fragment);
  const total = index.summary.series.metric.length;
  c.count.textContent = matches.length === 0 ? `0 of ${total.toLocaleString('en-US')} series` : `${(from + 1).toLocaleString('en-US')}–${(from + shown.length).toLocaleString('en-US')} of ${matches.length.toLocaleString('en-US')} series${matches.length < total ? ` (filtered from ${total.toLocaleString('en-US')})` : ''}`;
  c.prev.disabled = page <= 1;
  c.next.disabled = page >= pages;
  markDrawn('overview');
  return page;
}

export async function startOverview(): Promise<void> {
  const c = findControls();
  if (c === null) return;
  let query = parseOverviewQuery(new URLSearchParams(location.search));
  showQuery(c, query);
  let index: OverviewIndex;
  let sparks: SparksFile;
  try {
    const [summary, loadedSparks] = await Promise.all([loadSummary(), loadSparks()]);
    index = indexSummary(summary);
    sparks = loadedSparks;
  } catch (error) {
    showError(c.rows, error);
    return;
  }
  const update = (change: Partial<OverviewQuery>, resetPage = true) => {
    query = { ...query, ...change, ...(resetPage ? { page: 1 } : {}) };
    query.page = render(c, index, sparks, query);
    history.replaceState(null, '', `${location.pathname}${formatOverviewQuery(query)}`);
  };
  c.q.addEventListener('input', () => update({ q: c.q.value }));
  c.suite.addEventListener('change', () => update({ suite: c.suite.value || null }));
  c.machine.addEventListener('change', () => update({ machine: c.machine.value || null }));
  c.unit.addEventListener('change', () => update({ unit: c.unit.value || null }));
  c.sort.addEventListener('change', () => update({ sort: c.sort.value as OverviewSort }));
  for (const chip of c.chips) {
    chip.addEventListener('click', () => {
      const status = chip.dataset['status'] as SeriesStatus;
      const statuses = query.statuses.includes(status) ? query.statuses.filter((s) => s !== status) : [...query.statuses, status];
      chip.setAttribute('aria-pressed', String(statuses.includes(status)));
      update({ statuses });
    });
  }
  c.prev.addEventListener('click', () => update({ page: Math.max(1, query.page - 1) }, false));
  c.next.addEventListener('click', () => update({ page: query.page + 1 }, false));
  query.page = render(c, index, sparks, query);
  document.documentElement.dataset['ready'] = 'overview';
}
