/**
 * The overview's filters and order, kept in the URL query so that a filtered
 * view is a link: ?q=parse&suite=render&machine=m1&unit=ms&status=regressed,failing&sort=change&page=2
 */
import type { SeriesStatus } from '../../results/report/model.ts';
import { STATUSES, type SummaryFile } from './data-files.ts';

export const SORTS = ['status', 'name', 'change', 'noise'] as const;
export type OverviewSort = (typeof SORTS)[number];
export const PAGE_SIZE = 100;

export interface OverviewQuery {
  q: string;
  suite: string | null;
  machine: string | null;
  unit: string | null;
  statuses: SeriesStatus[];
  sort: OverviewSort;
  /** 1-based. */
  page: number;
}

export function parseOverviewQuery(params: URLSearchParams): OverviewQuery {
  const text = (key: string) => {
    const value = params.get(key)?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const statuses = (params.get('status') ?? '').split(',').filter((s): s is SeriesStatus => (STATUSES as readonly string[]).includes(s));
  const sort = params.get('sort');
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: params.get('q') ?? '',
    suite: text('suite'),
    machine: text('machine'),
    unit: text('unit'),
    statuses,
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as OverviewSort) : 'status',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The query string for a state; defaults are left out so that links stay short. */
export function formatOverviewQuery(query: OverviewQuery): string {
  const params = new URLSearchParams();
  if (query.q !== '') params.set('q', query.q);
  if (query.suite !== null) params.set('suite', query.suite);
  if (query.machine !== null) params.set('machine', query.machine);
  if (query.unit !== null) params.set('unit', query.unit);
  if (query.statuses.length > 0) params.set('status', query.statuses.join(','));
  if (query.sort !== 'status') params.set('sort', query.sort);
  if (query.page > 1) params.set('page', String(query.page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Precomputed per summary, so that filtering 5,000 series on each keystroke is a scan of strings. */
export interface OverviewIndex {
  summary: SummaryFile;
  /** "machine/suite/metric" in lower case, by ordinal. */
  haystack: string[];
  /** Display names ("suite/metric") in lower case, for sorting by name. */
  names: string[];
}

export function indexSummary(summary: SummaryFile): OverviewIndex {
  const s = summary.series;
  const haystack = s.metric.map((metric, i) => `${summary.machines[s.machine[i] as number]}/${summary.suites[s.suite[i] as number]}/${metric}`.toLowerCase());
  const names = s.metric.map((metric, i) => `${summary.suites[s.suite[i] as number]}/${metric}`.toLowerCase());
  return { summary, haystack, names };
}

/** Ordinals of the series that pass the filters, in the requested order. */
export function filterSeries(index: OverviewIndex, query: OverviewQuery): number[] {
  const { summary } = index;
  const s = summary.series;
  const tokens = query.q.toLowerCase().split(/\s+/).filter((t) => t !== '');
  const suite = query.suite === null ? -2 : summary.suites.indexOf(query.suite);
  const machine = query.machine === null ? -2 : summary.machines.indexOf(query.machine);
  const unit = query.unit === null ? -2 : summary.units.indexOf(query.unit);
  const statuses = new Set(query.statuses.map((st) => STATUSES.indexOf(st)));
  const out: number[] = [];
  for (let i = 0; i < s.metric.length; i++) {
    if (suite !== -2 && s.suite[i] !== suite) continue;
    if (machine !== -2 && s.machine[i] !== machine) continue;
    if (unit !== -2 && s.unit[i] !== unit) continue;
    if (statuses.size > 0 && !statuses.has(s.status[i] as number)) continue;
    const hay = index.haystack[i] as string;
    if (!tokens.every((t) => hay.includes(t))) continue;
    out.push(i);
  }
  const byName = (a: number, b: number) => ((index.names[a] as string) < (index.names[b] as string) ? -1 : (index.names[a] as string) > (index.names[b] as string) ? 1 : a - b);
  // A change counts in thresholds, so that a 3 % move of a 0.5 %-noise metric outranks 5 % of a noisy one.
  const weight = (i: number) => Math.abs(s.vsPrev[i] ?? 0) / Math.max(s.thresholdPct[i] ?? 1, 1e-9);
  if (query.sort === 'name') out.sort(byName);
  else if (query.sort === 'change') out.sort((a, b) => weight(b) - weight(a) || byName(a, b));
  else if (query.sort === 'noise') out.sort((a, b) => (s.noisePct[b] as number) - (s.noisePct[a] as number) || byName(a, b));
  else out.sort((a, b) => (s.status[a] as number) - (s.status[b] as number) || weight(b) - weight(a) || byName(a, b));
  return out;
}

/** Counts per status, for the filter chips. */
export function countStatuses(summary: SummaryFile): Record<SeriesStatus, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<SeriesStatus, number>;
  for (const st of summary.series.status) counts[STATUSES[st] as SeriesStatus]++;
  return counts;
}
