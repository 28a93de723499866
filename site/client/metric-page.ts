/**
 * The metric page: resolves the series in the URL, loads its shard and the
 * commits, and lays out the chart, the selected commit, the change points and
 * the notes. Every choice (machines, zoom, highlight, log scale) goes back
 * into the URL.
 */
import { STATUSES, findSeriesShard, type CommitsFile, type SeriesEntry, type SeriesShardIndex } from '../lib/data-files.ts';
import { createCommitLookup, type CommitLookup } from '../lib/commit-lookup.ts';
import { formatDate, formatPct, formatValue, shortSha } from '../lib/format.ts';
import { commitHref, compareHref, noteHref, repoCommitUrl } from '../lib/links.ts';
import { chooseMachines, formatMetricQuery, metricGroupKey, parseMetricQuery, type MetricQuery } from '../lib/metric-query.ts';
import { exportFileName, formatSeriesCsv, formatSeriesJsonl } from '../lib/series-export.ts';
import { append, byId, clear, h, showError, siteBase, siteRepoUrl } from './dom.ts';
import { loadCommits, loadSeriesShard } from './load-data.ts';
import { createMetricChart, type MetricChart, type Range } from './metric-chart.ts';
import { renderChangeTable } from './change-table.ts';

interface PageState {
  query: MetricQuery;
  group: SeriesEntry[];
  shown: SeriesEntry[];
  commits: CommitsFile;
  lookup: CommitLookup;
  repoUrl: string | null;
}

function readIndex(): SeriesShardIndex {
  const text = byId('series-index').textContent ?? '{"starts":[]}';
  return JSON.parse(text) as SeriesShardIndex;
}

function slot(root: ParentNode, name: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(`[data-slot="${name}"]`);
  if (el === null) throw new Error(`The metric template has no slot "${name}"`);
  return el;
}

function emptyState(view: HTMLElement, title: string, text: string): void {
  clear(view);
  append(view, h('div', { class: 'card empty' }, h('h2', null, title), h('p', null, text), h('p', null, h('a', { attrs: { href: siteBase() } }, 'Back to the overview'))));
}

function writeUrl(query: MetricQuery): void {
  history.replaceState(null, '', `${location.pathname}${formatMetricQuery(query)}`);
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { attrs: { href: url, download: name } });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function describeDirection(direction: number): string {
  return direction < 0 ? 'lower is better' : direction > 0 ? 'higher is better' : 'no better direction';
}

function renderHeader(root: ParentNode, state: PageState): void {
  const primary = state.shown[0] as SeriesEntry;
  const last = primary.points.v.length - 1;
  append(slot(root, 'eyebrow'), `${primary.suite} · ${state.shown.map((e) => e.machine).join(', ')}`);
  append(slot(root, 'title'), primary.metric);
  document.title = `${primary.metric} · ${document.title.split(' · ').slice(1).join(' · ')}`;
  append(
    slot(root, 'lede'),
    `Latest ${formatValue(last >= 0 ? primary.points.v[last] : null, primary.unit)} · ${describeNoise(primary)} · ${describeDirection(primary.direction)} · ${primary.points.c.length} commits measured`,
  );
  append(slot(root, 'status'), h('span', { class: `badge s-${primary.status}`, attrs: { title: primary.statusText } }, primary.status), h('span', { class: 'status-text muted', attrs: { 'data-status-text': '' } }, primary.statusText));
  if (!STATUSES.includes(primary.status)) slot(root, 'status').hidden = true;
  const note = slot(root, 'chart-note');
  if (primary.bimodal) {
    append(note, 'Bimodal: the values alternate between two levels (runs land in one of two machine states). A change here is a move of both levels, judged on ranks; more or fewer runs in one state is not a change.');
    note.hidden = false;
  }
}

/** The noise figure in words: a deterministic series has none, and says so rather than "±0.0 %". */
function describeNoise(entry: SeriesEntry): string {
  const threshold = `±${entry.thresholdPct.toFixed(1)}%`;
  if (entry.noiseBasis === 'exact') return `repeats exactly (no noise): any move of ${threshold} or more is a change`;
  const noise = `noise ±${entry.noisePct.toFixed(1)}%`;
  if (entry.noiseBasis === 'too few changes') return `${noise} (a rough figure: too few commits moved to measure it) · changes above ${threshold} count`;
  if (entry.noiseBasis === 'non-zero differences') return `${noise} (from the commits whose value moved; most repeat exactly) · changes above ${threshold} count`;
  return `${noise} · changes above ${threshold} count`;
}

/** Value of an entry at a commit index, and the previous measured one. */
function valueAt(entry: SeriesEntry, c: number): { v: number; lo: number; hi: number; n: number; prev: number | null } | null {
  const k = entry.points.c.indexOf(c);
  if (k < 0) return null;
  return { v: entry.points.v[k] as number, lo: entry.points.lo[k] as number, hi: entry.points.hi[k] as number, n: entry.points.n[k] as number, prev: k > 0 ? (entry.points.v[k - 1] as number) : null };
}

function renderCommitCard(card: HTMLElement, state: PageState, c: number | null): void {
  clear(card);
  card.hidden = c === null;
  if (c === null) return;
  const base = siteBase();
  const sha = state.commits.sha[c] ?? '';
  const parent = c > 0 ? state.commits.sha[c - 1] : undefined;
  const repo = repoCommitUrl(state.repoUrl, sha);
  const rows = state.shown.map((entry) => {
    const at = valueAt(entry, c);
    const delta = at === null || at.prev === null || at.prev === 0 ? null : ((at.v - at.prev) / Math.abs(at.prev)) * 100;
    return h(
      'tr',
      null,
      h('td', null, entry.machine),
      h('td', { class: 'num' }, at === null ? 'not measured' : formatValue(at.v, entry.unit)),
      h('td', { class: 'num muted' }, at === null || at.lo === at.hi ? '' : `${formatValue(at.lo, entry.unit)} – ${formatValue(at.hi, entry.unit)} (n=${at.n})`),
      h('td', { class: 'num' }, formatPct(delta)),
    );
  });
  append(
    card,
    h('div', { class: 'eyebrow' }, 'Selected commit'),
    h('div', { class: 'commit-subject' }, state.commits.subject[c] ?? ''),
    h('p', { class: 'muted' }, h('span', { class: 'mono' }, shortSha(sha)), ` · ${state.commits.author[c] ?? ''} · ${formatDate(state.commits.time[c])}`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data-table' }, h('thead', null, h('tr', null, h('th', null, 'Machine'), h('th', { class: 'r' }, 'Value'), h('th', { class: 'r' }, 'Samples'), h('th', { class: 'r' }, 'vs previous point'))), h('tbody', null, ...rows))),
    h(
      'p',
      { class: 'button-group', attrs: { style: 'margin-top:0.75rem' } },
      h('a', { class: 'button', attrs: { href: commitHref(base, sha) } }, 'All metrics at this commit'),
      parent === undefined ? null : h('a', { class: 'button', attrs: { href: compareHref(base, parent, sha) } }, 'Compare with parent'),
      repo === null ? null : h('a', { class: 'button', attrs: { href: repo, rel: 'noopener' } }, 'View commit ↗'),
    ),
  );
}

function renderNotes(target: HTMLElement, entry: SeriesEntry): void {
  if (entry.notes.length === 0) return;
  const base = siteBase();
  append(target, h('h2', null, 'Notes'), h('ul', null, ...entry.notes.map((note) => h('li', null, h('a', { attrs: { href: noteHref(base, note.slug) } }, note.title)))));
}

function renderMachineToggles(target: HTMLElement, state: PageState, onChange: (machines: string[]) => void): void {
  if (state.group.length < 2) return;
  const shown = new Set(state.shown.map((e) => e.machine));
  append(target, h('span', { class: 'muted', attrs: { style: 'align-self:center' } }, 'Machines:'));
  for (const entry of state.group) {
    const locked = entry.machine === state.query.machine;
    append(
      target,
      h(
        'button',
        {
          class: 'button',
          attrs: { type: 'button', 'aria-pressed': String(shown.has(entry.machine)), disabled: locked ? '' : null, title: locked ? 'The series of this page' : 'Overlay this machine' },
          on: {
            click: () => {
              const next = shown.has(entry.machine) ? [...shown].filter((m) => m !== entry.machine) : [...shown, entry.machine];
              if (next.length > 0) onChange(state.group.map((e) => e.machine).filter((m) => next.includes(m)));
            },
          },
        },
        entry.machine,
      ),
    );
  }
}

function rangeFromQuery(query: MetricQuery, lookup: CommitLookup, commits: CommitsFile): Range | null {
  if (query.from === null || query.to === null) return null;
  const from = lookup.find(query.from);
  const to = lookup.find(query.to);
  if (from === null || to === null) return null;
  const a = commits.index[from] ?? from;
  const b = commits.index[to] ?? to;
  return a < b ? { min: a, max: b } : null;
}

function renderPage(view: HTMLElement, state: PageState): void {
  const template = byId<HTMLTemplateElement>('metric-template');
  const root = template.content.cloneNode(true) as DocumentFragment;
  renderHeader(root, state);
  const card = slot(root, 'commit');
  const changes = slot(root, 'changes');
  const notes = slot(root, 'notes');
  const machines = slot(root, 'machines');
  const logButton = root.querySelector<HTMLButtonElement>('[data-action="log"]') as HTMLButtonElement;
  const resetButton = root.querySelector<HTMLButtonElement>('[data-action="reset"]') as HTMLButtonElement;
  const csvButton = root.querySelector<HTMLButtonElement>('[data-action="csv"]') as HTMLButtonElement;
  const jsonlButton = root.querySelector<HTMLButtonElement>('[data-action="jsonl"]') as HTMLButtonElement;
  clear(view);
  view.appendChild(root);

  const { query, lookup, commits } = state;
  const highlightIndex = query.highlight === null ? null : lookup.find(query.highlight);
  const highlightX = highlightIndex === null ? null : (commits.index[highlightIndex] ?? highlightIndex);
  let chart: MetricChart | null = null;
  const select = (x: number) => {
    query.highlight = commits.sha[x]?.slice(0, 12) ?? null;
    writeUrl(query);
    chart?.setHighlight(x);
    renderCommitCard(card, state, x);
  };
  chart = createMetricChart(byId<HTMLCanvasElement>('metric-chart'), {
    entries: state.shown,
    commits,
    lookup,
    highlight: highlightX,
    range: rangeFromQuery(query, lookup, commits),
    log: query.log,
    onRange: (range) => {
      query.from = range === null ? null : (commits.sha[range.min]?.slice(0, 12) ?? null);
      query.to = range === null ? null : (commits.sha[range.max]?.slice(0, 12) ?? null);
      writeUrl(query);
    },
    onSelect: select,
  });
  renderCommitCard(card, state, highlightX);
  logButton.setAttribute('aria-pressed', String(query.log));
  logButton.addEventListener('click', () => {
    query.log = !query.log;
    logButton.setAttribute('aria-pressed', String(query.log));
    writeUrl(query);
    chart?.setLog(query.log);
  });
  resetButton.addEventListener('click', () => chart?.setRange(null));
  const primary = state.shown[0] as SeriesEntry;
  csvButton.addEventListener('click', () => download(exportFileName(primary, 'csv'), 'text/csv', formatSeriesCsv(state.shown, commits)));
  jsonlButton.addEventListener('click', () => download(exportFileName(primary, 'jsonl'), 'application/jsonl', formatSeriesJsonl(state.shown, commits)));
  renderChangeTable(changes, state.shown, { commits, lookup, onZoom: (range, x) => {
    chart?.setRange(range);
    select(x);
  } });
  renderNotes(notes, primary);
  renderMachineToggles(machines, state, (next) => {
    chart?.destroy();
    query.machines = next.length === 1 && next[0] === query.machine ? null : next;
    writeUrl(query);
    start(view, query, state.group, commits, lookup, state.repoUrl);
  });
}

function start(view: HTMLElement, query: MetricQuery, group: SeriesEntry[], commits: CommitsFile, lookup: CommitLookup, repoUrl: string | null): void {
  const available = group.map((e) => e.machine);
  const shownMachines = chooseMachines(query, available);
  const shown = shownMachines.map((m) => group.find((e) => e.machine === m) as SeriesEntry);
  if (shown.length === 0) {
    emptyState(view, 'No such machine', `The metric "${query.metric}" was not measured on ${query.machine ?? 'the machines named in the link'}.`);
    return;
  }
  renderPage(view, { query, group, shown, commits, lookup, repoUrl });
}

export async function startMetricPage(): Promise<void> {
  const view = byId('metric-view');
  const query = parseMetricQuery(new URLSearchParams(location.search));
  if (query === null) {
    emptyState(view, 'Which metric?', 'This page shows one metric; open it from the overview, which lists every series.');
    return;
  }
  try {
    const index = readIndex();
    if (index.starts.length === 0) {
      emptyState(view, 'No runs yet', 'Nothing has been measured yet: run "pitwall run" and build the site again.');
      return;
    }
    const [shard, commits] = await Promise.all([loadSeriesShard(findSeriesShard(index, metricGroupKey(query))), loadCommits()]);
    const group = shard.series.filter((e) => e.suite === query.suite && e.metric === query.metric);
    if (group.length === 0) {
      emptyState(view, 'No such metric', `There is no metric "${query.metric}" in suite "${query.suite}" in this build.`);
      return;
    }
    start(view, query, group, commits, createCommitLookup(commits.sha), siteRepoUrl());
    document.documentElement.dataset['ready'] = 'metric';
  } catch (error) {
    showError(view, error);
  }
}
