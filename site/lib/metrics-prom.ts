/**
 * `metrics.prom`: the dashboard's numbers in the OpenMetrics text format, so a
 * Prometheus (or Grafana agent) a team already runs can scrape the published
 * site like any exporter.
 *
 * Every family is a gauge: the file is a snapshot of the results branch at
 * build time, and a gauge is read the same way by OpenMetrics parsers and by
 * Prometheus' classic text parser (a counter's `_total` samples are not). The
 * unit of a series is a label, since one family holds series of many units.
 * No timestamps: Prometheus would drop samples older than its head block.
 */
import type { SiteModel } from '../../results/report/model.ts';

export const METRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** Label values escape backslash, double quote and line feed. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

interface Family {
  name: string;
  help: string;
  samples: [Record<string, string>, number][];
}

export function formatMetricsProm(model: SiteModel): string {
  const byMachine = <T>(list: readonly T[], machine: (t: T) => string) => {
    const counts = new Map<string, number>();
    for (const m of model.machines) counts.set(m.name, 0);
    for (const item of list) counts.set(machine(item), (counts.get(machine(item)) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  const open = model.changes.filter((c) => c.kind === 'regression' && c.status === 'confirmed' && c.triage === null);
  const families: Family[] = [
    {
      name: 'pitwall_latest_value',
      help: 'Newest value of each series on the main branch, in the unit of its unit label.',
      samples: model.series.filter((s) => s.latest !== null).map((s) => [{ machine: s.machine, suite: s.suite, metric: s.metric, unit: s.unit ?? '' }, s.latest as number]),
    },
    {
      name: 'pitwall_runs',
      help: 'Runs on the results branch per machine.',
      samples: byMachine(model.runs, (r) => r.machine).map(([machine, n]) => [{ machine }, n]),
    },
    {
      name: 'pitwall_failed_runs',
      help: 'Runs that did not succeed (failed, timeout, invalid output, error) per machine.',
      samples: byMachine(model.runs.filter((r) => r.status !== 'ok'), (r) => r.machine).map(([machine, n]) => [{ machine }, n]),
    },
    {
      name: 'pitwall_queue_length',
      help: 'Commits of the main branch with no successful run yet per machine (as pitwall queue lists them).',
      samples: (model.queue ?? []).map((q) => [{ machine: q.machine }, q.length]),
    },
    {
      name: 'pitwall_open_regressions',
      help: 'Confirmed regressions on the main branch not acknowledged or expected, per machine.',
      samples: byMachine(open, (c) => c.seriesId.split('/')[0] ?? '').map(([machine, n]) => [{ machine }, n]),
    },
  ];
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} gauge`);
    for (const [pairs, value] of f.samples) lines.push(`${f.name}${Object.keys(pairs).length > 0 ? labels(pairs) : ''} ${number(value)}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
