/**
 * The runs page: a filtered, paged list of runs (filters in the URL) and, for
 * ?id=<run id>, the run's facts, machine fingerprint and log. Unfiltered, it
 * loads only the data page it shows; failed runs come with the index; other
 * filters load every page once.
 */
import type { MachineFingerprint } from '../../results/schema.ts';
import { RUN_STATUS_LIST, type RunColumns, type RunsIndexFile } from '../lib/data-files.ts';
import { formatDate, formatDuration, shortSha } from '../lib/format.ts';
import { listFingerprintFacts } from '../lib/fingerprint-facts.ts';
import { commitHref, runHref } from '../lib/links.ts';
import { append, byId, clear, h, showError, siteBase } from './dom.ts';
import { loadLogShard, loadRunsIndex, loadRunsPage } from './load-data.ts';

const PAGE_SIZE = 100;

interface RunFilters {
  status: '' | 'ok' | 'failed';
  machine: string;
  suite: string;
  page: number;
}

/** Rows to show: positions in `cols`, and where the first one sits among all matches. */
interface RunSlice {
  cols: RunColumns;
  rows: number[];
  from: number;
  total: number;
}

function readFilters(params: URLSearchParams): RunFilters {
  const status = params.get('status');
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return { status: status === 'ok' || status === 'failed' ? status : '', machine: params.get('machine') ?? '', suite: params.get('suite') ?? '', page: Number.isFinite(page) && page > 0 ? page : 1 };
}

function writeFilters(filters: RunFilters): void {
  const params = new URLSearchParams(location.search);
  for (const key of ['status', 'machine', 'suite'] as const) {
    if (filters[key] === '') params.delete(key);
    else params.set(key, filters[key]);
  }
  if (filters.page > 1) params.set('page', String(filters.page));
  else params.delete('page');
  const text = params.toString();
  history.replaceState(null, '', `${location.pathname}${text === '' ? '' : `?${text}`}`);
}

function statusName(cols: RunColumns, i: number): string {
  return RUN_STATUS_LIST[cols.status[i] as number] ?? 'error';
}

function concatColumns(parts: readonly RunColumns[]): RunColumns {
  const out = { id: [], machine: [], suite: [], commit: [], time: [], status: [], exitCode: [], durationMs: [], error: [], metrics: [], fingerprintId: [], log: [] } as RunColumns;
  for (const part of parts) for (const key of Object.keys(out) as (keyof RunColumns)[]) (out[key] as unknown[]).push(...(part[key] as unknown[]));
  return out;
}

let allRuns: Promise<RunColumns> | null = null;

function loadAllRuns(index: RunsIndexFile): Promise<RunColumns> {
  allRuns ??= Promise.all(index.pages.map((_, n) => loadRunsPage(n))).then((pages) => concatColumns(pages.map((p) => p.runs)));
  return allRuns;
}

async function selectRuns(index: RunsIndexFile, filters: RunFilters): Promise<RunSlice> {
  const start = (filters.page - 1) * PAGE_SIZE;
  if (filters.status === '' && filters.machine === '' && filters.suite === '') {
    const n = Math.floor(Math.min(start, Math.max(0, index.total - 1)) / index.pageSize);
    if (index.pages[n] === undefined) return { cols: index.failed, rows: [], from: 0, total: 0 };
    const page = await loadRunsPage(n);
    const offset = start - page.first;
    const rows: number[] = [];
    for (let i = Math.max(0, offset); i < Math.min(page.runs.id.length, offset + PAGE_SIZE); i++) rows.push(i);
    return { cols: page.runs, rows, from: page.first + Math.max(0, offset), total: index.total };
  }
  const cols = filters.status === 'failed' ? index.failed : await loadAllRuns(index);
  const machine = filters.machine === '' ? -2 : index.machines.indexOf(filters.machine);
  const suite = filters.suite === '' ? -2 : index.suites.indexOf(filters.suite);
  const matches: number[] = [];
  for (let i = 0; i < cols.id.length; i++) {
    if (machine !== -2 && cols.machine[i] !== machine) continue;
    if (suite !== -2 && cols.suite[i] !== suite) continue;
    if (filters.status === 'ok' && cols.status[i] !== 0) continue;
    matches.push(i);
  }
  const from = Math.min(start, Math.max(0, (Math.ceil(matches.length / PAGE_SIZE) - 1) * PAGE_SIZE));
  return { cols, rows: matches.slice(from, from + PAGE_SIZE), from, total: matches.length };
}

function renderList(index: RunsIndexFile, slice: RunSlice, filters: RunFilters, selected: string | null): void {
  const rows = byId('runs-rows');
  const base = siteBase();
  const { cols } = slice;
  clear(rows);
  for (const i of slice.rows) {
    const status = statusName(cols, i);
    const id = cols.id[i] as string;
    rows.appendChild(
      h(
        'tr',
        { class: id === selected ? 'selected' : undefined },
        h('td', null, h('span', { class: `badge r-${status}` }, status)),
        h('td', null, formatDate(cols.time[i])),
        h('td', null, index.suites[cols.suite[i] as number] ?? ''),
        h('td', null, index.machines[cols.machine[i] as number] ?? ''),
        h('td', null, h('a', { class: 'mono', attrs: { href: commitHref(base, cols.commit[i] as string) } }, shortSha(cols.commit[i] as string))),
        h('td', { class: 'num' }, formatDuration(cols.durationMs[i] as number)),
        h('td', { class: 'num' }, String(cols.metrics[i])),
        h('td', { class: 'r' }, h('a', { attrs: { href: runHref(base, id) } }, (cols.log[i] as number) >= 0 ? 'details and log' : 'details')),
      ),
    );
  }
  if (slice.rows.length === 0) append(rows, h('tr', null, h('td', { class: 'empty', attrs: { colspan: '8' } }, 'No run matches these filters.')));
  filters.page = Math.floor(slice.from / PAGE_SIZE) + 1;
  byId('runs-count').textContent = slice.total === 0 ? '0 runs' : `${(slice.from + 1).toLocaleString('en-US')}–${(slice.from + slice.rows.length).toLocaleString('en-US')} of ${slice.total.toLocaleString('en-US')} runs`;
  byId<HTMLButtonElement>('runs-prev').disabled = slice.from === 0;
  byId<HTMLButtonElement>('runs-next').disabled = slice.from + PAGE_SIZE >= slice.total;
}

/** The run's start time from its id (<machine>/<YYYYMMDDTHHMMSSZ>-…) as "YYYY-MM-DDTHH:MM:SS", or null. */
function timeFromRunId(id: string): string | null {
  const match = /\/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return match === null ? null : `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
}

/** Finds a run: among the failed ones, then in the pages its time falls in, then anywhere. */
async function findRun(index: RunsIndexFile, id: string): Promise<{ cols: RunColumns; i: number } | null> {
  const failed = index.failed.id.indexOf(id);
  if (failed >= 0) return { cols: index.failed, i: failed };
  const time = timeFromRunId(id);
  const candidates = index.pages
    .map((range, n) => ({ range, n }))
    .filter(({ range }) => time === null || (range.oldest.slice(0, 19) <= time && time <= range.newest.slice(0, 19)))
    .map(({ n }) => n);
  for (const n of candidates) {
    const page = await loadRunsPage(n);
    const i = page.runs.id.indexOf(id);
    if (i >= 0) return { cols: page.runs, i };
  }
  if (time === null) return null;
  const all = await loadAllRuns(index);
  const i = all.id.indexOf(id);
  return i < 0 ? null : { cols: all, i };
}

function fingerprintFacts(fp: MachineFingerprint): HTMLElement {
  return h('dl', { class: 'facts' }, ...listFingerprintFacts(fp).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

async function renderDetail(target: HTMLElement, index: RunsIndexFile, id: string): Promise<void> {
  const found = await findRun(index, id);
  clear(target);
  if (found === null) {
    append(target, h('p', { class: 'notice error' }, `No run "${id}" in this build: it may be older than the runs kept on the site.`));
    return;
  }
  const { cols, i } = found;
  const status = statusName(cols, i);
  const machine = index.machines[cols.machine[i] as number] ?? '';
  const suite = index.suites[cols.suite[i] as number] ?? '';
  const fingerprintId = cols.fingerprintId[i] as string;
  const known = index.fingerprints[machine] ?? [];
  const fingerprint = known.find((f) => f.id === fingerprintId);
  const shard = cols.log[i] as number;
  const log = h('pre', { class: 'log', attrs: { id: 'run-log' } }, shard >= 0 ? 'Loading the log…' : 'This run printed nothing, or its log is not kept on the site.');
  const facts: [string, Node | string][] = [
    ['Status', h('span', { class: `badge r-${status}` }, status)],
    ['Exit code', cols.exitCode[i] === null ? 'none (killed or not started)' : String(cols.exitCode[i])],
    ['Started', formatDate(cols.time[i])],
    ['Duration', formatDuration(cols.durationMs[i] as number)],
    ['Commit', h('a', { class: 'mono', attrs: { href: commitHref(siteBase(), cols.commit[i] as string) } }, shortSha(cols.commit[i] as string))],
    ['Metrics', String(cols.metrics[i])],
    ['Fingerprint', fingerprintId],
  ];
  append(
    target,
    h(
      'section',
      { class: 'card card-pad', attrs: { style: 'margin-bottom:1.5rem', id: 'run-card' } },
      h('div', { class: 'eyebrow' }, 'Run'),
      h('h2', { attrs: { style: 'margin-top:0' } }, `${suite} on ${machine}`),
      h('p', { class: 'muted mono' }, id),
      cols.error[i] ? h('p', { class: 'notice error' }, cols.error[i] as string) : null,
      h(
        'div',
        { class: 'grid-2' },
        h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
        fingerprint === undefined
          ? h('p', { class: 'muted' }, `The fingerprint "${fingerprintId}" of this run is not in this build.`)
          : h('div', null, h('h3', null, fingerprint === known[0] ? 'Machine' : 'Machine (as it was for this run; it has changed since)'), fingerprintFacts(fingerprint)),
      ),
      h('h3', { attrs: { style: 'margin-top:1rem' } }, 'Log'),
      log,
    ),
  );
  if (shard < 0) return;
  try {
    const file = await loadLogShard(shard);
    log.textContent = file.logs[id] ?? 'The log is missing from its data file.';
  } catch (error) {
    log.textContent = `Could not load the log: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function startList(index: RunsIndexFile, params: URLSearchParams, selected: string | null): Promise<void> {
  const filters = readFilters(params);
  const status = byId<HTMLSelectElement>('run-status');
  const machine = byId<HTMLSelectElement>('run-machine');
  const suite = byId<HTMLSelectElement>('run-suite');
  status.value = filters.status;
  machine.value = filters.machine;
  suite.value = filters.suite;
  let request = 0;
  const show = async () => {
    const mine = ++request;
    const needsAll = filters.status !== 'failed' && (filters.machine !== '' || filters.suite !== '' || filters.status === 'ok');
    if (needsAll && allRuns === null) byId('runs-count').textContent = `Loading all ${index.total.toLocaleString('en-US')} runs…`;
    const slice = await selectRuns(index, filters);
    // A newer choice may have been made while this one loaded.
    if (mine !== request) return;
    renderList(index, slice, filters, selected);
    writeFilters(filters);
  };
  const update = (resetPage: boolean) => {
    filters.status = status.value as RunFilters['status'];
    filters.machine = machine.value;
    filters.suite = suite.value;
    if (resetPage) filters.page = 1;
    show().catch((error: unknown) => showError(byId('runs-rows'), error));
  };
  for (const select of [status, machine, suite]) select.addEventListener('change', () => update(true));
  byId('runs-prev').addEventListener('click', () => {
    filters.page = Math.max(1, filters.page - 1);
    update(false);
  });
  byId('runs-next').addEventListener('click', () => {
    filters.page += 1;
    update(false);
  });
  await show();
}

export async function startRunsPage(): Promise<void> {
  const detail = byId('run-detail');
  const params = new URLSearchParams(location.search);
  const id = params.get('id');
  try {
    const index = await loadRunsIndex();
    await Promise.all([id === null ? Promise.resolve() : renderDetail(detail, index, id), document.getElementById('runs-rows') === null ? Promise.resolve() : startList(index, params, id)]);
    document.documentElement.dataset['ready'] = 'runs';
  } catch (error) {
    showError(detail, error);
  }
}
