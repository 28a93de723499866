/**
 * The runs page: a filtered, paged list of runs (filters in the URL) and, for
 * ?id=<run id>, the run's facts, machine fingerprint and log.
 */
import type { MachineFingerprint } from '../../results/schema.ts';
import { RUN_STATUS_LIST, type RunsFile } from '../lib/data-files.ts';
import { formatBytes, formatDate, formatDuration, shortSha } from '../lib/format.ts';
import { commitHref, runHref } from '../lib/links.ts';
import { append, byId, clear, h, showError, siteBase } from './dom.ts';
import { loadLogShard, loadRuns } from './load-data.ts';

const PAGE_SIZE = 100;

interface RunFilters {
  status: '' | 'ok' | 'failed';
  machine: string;
  suite: string;
  page: number;
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

function statusOf(runs: RunsFile, i: number): string {
  return RUN_STATUS_LIST[runs.runs.status[i] as number] ?? 'error';
}

function matchingRuns(runs: RunsFile, filters: RunFilters): number[] {
  const r = runs.runs;
  const machine = filters.machine === '' ? -2 : runs.machines.indexOf(filters.machine);
  const suite = filters.suite === '' ? -2 : runs.suites.indexOf(filters.suite);
  const out: number[] = [];
  for (let i = 0; i < r.id.length; i++) {
    if (machine !== -2 && r.machine[i] !== machine) continue;
    if (suite !== -2 && r.suite[i] !== suite) continue;
    if (filters.status === 'ok' && r.status[i] !== 0) continue;
    if (filters.status === 'failed' && r.status[i] === 0) continue;
    out.push(i);
  }
  return out;
}

function renderList(runs: RunsFile, filters: RunFilters, selected: string | null): void {
  const rows = byId('runs-rows');
  const matches = matchingRuns(runs, filters);
  const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
  filters.page = Math.min(filters.page, pages);
  const from = (filters.page - 1) * PAGE_SIZE;
  const base = siteBase();
  const r = runs.runs;
  clear(rows);
  for (const i of matches.slice(from, from + PAGE_SIZE)) {
    const status = statusOf(runs, i);
    const id = r.id[i] as string;
    rows.appendChild(
      h(
        'tr',
        { class: id === selected ? 'selected' : undefined },
        h('td', null, h('span', { class: `badge r-${status}` }, status)),
        h('td', { class: 'num', attrs: { style: 'text-align:left' } }, formatDate(r.time[i])),
        h('td', null, runs.suites[r.suite[i] as number] ?? ''),
        h('td', null, runs.machines[r.machine[i] as number] ?? ''),
        h('td', null, h('a', { class: 'mono', attrs: { href: commitHref(base, r.commit[i] as string) } }, shortSha(r.commit[i] as string))),
        h('td', { class: 'num' }, formatDuration(r.durationMs[i] as number)),
        h('td', { class: 'num' }, String(r.metrics[i])),
        h('td', { class: 'r' }, h('a', { attrs: { href: runHref(base, id) } }, (r.log[i] as number) >= 0 ? 'details and log' : 'details')),
      ),
    );
  }
  if (matches.length === 0) append(rows, h('tr', null, h('td', { class: 'empty', attrs: { colspan: '8' } }, 'No run matches these filters.')));
  byId('runs-count').textContent = matches.length === 0 ? '0 runs' : `${(from + 1).toLocaleString('en-US')}–${Math.min(matches.length, from + PAGE_SIZE).toLocaleString('en-US')} of ${matches.length.toLocaleString('en-US')} runs`;
  byId<HTMLButtonElement>('runs-prev').disabled = filters.page <= 1;
  byId<HTMLButtonElement>('runs-next').disabled = filters.page >= pages;
}

function fingerprintFacts(fp: MachineFingerprint): HTMLElement {
  const onOff = (v: boolean | null) => (v === null ? 'unknown' : v ? 'on' : 'off');
  const facts: [string, string][] = [
    ['Host', fp.hostname],
    ['CPU', `${fp.cpuModel} (${fp.cores} cores)`],
    ['Memory', formatBytes(fp.memoryBytes)],
    ['OS', `${fp.os} ${fp.kernel} (${fp.arch})`],
    ['Node', fp.node],
    ['Governor', fp.governor ?? 'unknown'],
    ['Turbo', onOff(fp.turbo)],
    ['SMT', onOff(fp.smt)],
  ];
  return h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

async function renderDetail(target: HTMLElement, runs: RunsFile, id: string): Promise<void> {
  const i = runs.runs.id.indexOf(id);
  clear(target);
  if (i < 0) {
    append(target, h('p', { class: 'notice error' }, `No run "${id}" in this build: it may be older than the runs kept on the site.`));
    return;
  }
  const r = runs.runs;
  const status = statusOf(runs, i);
  const machine = runs.machines[r.machine[i] as number] ?? '';
  const suite = runs.suites[r.suite[i] as number] ?? '';
  const fingerprint = runs.fingerprints[machine];
  const fingerprintId = r.fingerprintId[i] as string;
  const log = h('pre', { class: 'log', attrs: { id: 'run-log' } }, (r.log[i] as number) >= 0 ? 'Loading the log…' : 'This run printed nothing, or its log is not kept on the site.');
  const facts: [string, Node | string][] = [
    ['Status', h('span', { class: `badge r-${status}` }, status)],
    ['Exit code', r.exitCode[i] === null ? 'none (killed or not started)' : String(r.exitCode[i])],
    ['Started', formatDate(r.time[i])],
    ['Duration', formatDuration(r.durationMs[i] as number)],
    ['Commit', h('a', { class: 'mono', attrs: { href: commitHref(siteBase(), r.commit[i] as string) } }, shortSha(r.commit[i] as string))],
    ['Metrics', String(r.metrics[i])],
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
      r.error[i] ? h('p', { class: 'notice error' }, r.error[i] as string) : null,
      h(
        'div',
        { class: 'grid-2' },
        h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
        fingerprint === undefined
          ? h('p', { class: 'muted' }, 'No fingerprint of this machine is known.')
          : h('div', null, h('h3', null, fingerprint.id === fingerprintId ? 'Machine' : 'Machine (newest fingerprint; this run used an older one)'), fingerprintFacts(fingerprint)),
      ),
      h('h3', { attrs: { style: 'margin-top:1rem' } }, 'Log'),
      log,
    ),
  );
  const shard = r.log[i] as number;
  if (shard < 0) return;
  try {
    const file = await loadLogShard(shard);
    log.textContent = file.logs[id] ?? 'The log is missing from its data file.';
  } catch (error) {
    log.textContent = `Could not load the log: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export async function startRunsPage(): Promise<void> {
  const detail = byId('run-detail');
  const params = new URLSearchParams(location.search);
  const id = params.get('id');
  let runs: RunsFile;
  try {
    runs = await loadRuns();
  } catch (error) {
    showError(detail, error);
    return;
  }
  const pending = id === null ? Promise.resolve() : renderDetail(detail, runs, id);
  if (document.getElementById('runs-rows') !== null) {
    const filters = readFilters(params);
    const status = byId<HTMLSelectElement>('run-status');
    const machine = byId<HTMLSelectElement>('run-machine');
    const suite = byId<HTMLSelectElement>('run-suite');
    status.value = filters.status;
    machine.value = filters.machine;
    suite.value = filters.suite;
    const update = (resetPage: boolean) => {
      filters.status = status.value as RunFilters['status'];
      filters.machine = machine.value;
      filters.suite = suite.value;
      if (resetPage) filters.page = 1;
      renderList(runs, filters, id);
      writeFilters(filters);
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
    renderList(runs, filters, id);
  }
  await pending;
  document.documentElement.dataset['ready'] = 'runs';
}
