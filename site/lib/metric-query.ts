/**
 * The metric page's state in its URL:
 *   ?id=<machine/suite/metric>            one series
 *   ?suite=<s>&metric=<m>&machines=a,b    one metric on several machines
 *   &machines=a,b (with id)               machines to overlay
 *   &highlight=<sha>                      a commit to mark and describe
 *   &from=<sha>&to=<sha>                  the zoomed range
 *   &log=1                                logarithmic y axis
 */
import { parseSeriesId, seriesSortKey } from './data-files.ts';

export interface MetricQuery {
  suite: string;
  metric: string;
  /** The machine of `id`, shown first; null when the URL named suite and metric only. */
  machine: string | null;
  /** Machines to show; null = the id's machine only, or every machine without an id. */
  machines: string[] | null;
  highlight: string | null;
  from: string | null;
  to: string | null;
  log: boolean;
}

/** Null when the URL names no series. */
export function parseMetricQuery(params: URLSearchParams): MetricQuery | null {
  const text = (key: string) => {
    const value = params.get(key);
    return value === null || value.trim() === '' ? null : value;
  };
  const machinesParam = text('machines');
  const machines = machinesParam === null ? null : machinesParam.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const rest = { machines: machines !== null && machines.length > 0 ? machines : null, highlight: text('highlight'), from: text('from'), to: text('to'), log: params.get('log') === '1' };
  const id = text('id');
  if (id !== null) {
    const parsed = parseSeriesId(id);
    return parsed === null ? null : { suite: parsed.suite, metric: parsed.metric, machine: parsed.machine, ...rest };
  }
  const suite = text('suite');
  const metric = params.get('metric');
  if (suite === null || metric === null || metric === '') return null;
  return { suite, metric, machine: null, ...rest };
}

export function formatMetricQuery(query: MetricQuery): string {
  const params = new URLSearchParams();
  if (query.machine !== null) params.set('id', `${query.machine}/${query.suite}/${query.metric}`);
  else {
    params.set('suite', query.suite);
    params.set('metric', query.metric);
  }
  if (query.machines !== null) params.set('machines', query.machines.join(','));
  if (query.highlight !== null) params.set('highlight', query.highlight);
  if (query.from !== null) params.set('from', query.from);
  if (query.to !== null) params.set('to', query.to);
  if (query.log) params.set('log', '1');
  return `?${params.toString()}`;
}

/** A sort key inside the metric's group of machines, for finding its shard (groups are never split). */
export function metricGroupKey(query: Pick<MetricQuery, 'suite' | 'metric'>): string {
  return seriesSortKey(query.suite, query.metric, '\uffff');
}

/** Which machines to draw, in order, from the ones that measured the metric. */
export function chooseMachines(query: MetricQuery, available: readonly string[]): string[] {
  const wanted = query.machines ?? (query.machine !== null ? [query.machine] : [...available]);
  const ordered = query.machine !== null && !wanted.includes(query.machine) ? [query.machine, ...wanted] : wanted;
  return ordered.filter((m, i) => available.includes(m) && ordered.indexOf(m) === i);
}
