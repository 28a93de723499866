import { test } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { formatMetricsProm } from '../../../site/lib/metrics-prom.ts';
import type { SiteModel, SeriesSummary } from '../../../results/report/model.ts';

const series = (over: Partial<SeriesSummary>): SeriesSummary => ({
  id: 'm1/core/a', machine: 'm1', suite: 'core', metric: 'a', unit: 'ms', direction: -1, count: 3, latest: 1.5, latestCommit: 'c',
  vsPrevPct: null, vs30Pct: null, status: 'stable', statusText: 'stable', noiseBasis: 'differences', bimodal: false, noisePct: 1, thresholdPct: 2, spark: [], ...over,
});

const model: SiteModel = {
  title: 't', generatedAt: '2026-12-01T00:00:00.000Z', repoUrl: null, commits: [], details: [], runs: [], logs: {}, machines: [], notes: [],
  series: [
    series({}),
    series({ id: 'm1/core/odd', metric: 'say "hi"\\path\nnext', unit: null, latest: 2.5e-9 }),
    series({ id: 'm1/core/none', metric: 'none', latest: null }),
  ],
  changes: [],
};

test('formatMetricsProm escapes label values so that a real parser reads them back unchanged', () => {
  const families = parsePrometheusTextFormat(formatMetricsProm(model));
  const latest = families.find((f) => f.name === 'pitwall_latest_value');
  assert.deepEqual(latest?.metrics.map((m) => [m.labels?.['metric'], m.labels?.['unit'], Number(m.value)]), [
    ['a', 'ms', 1.5],
    ['say "hi"\\path\nnext', '', 2.5e-9],
  ]);
});

test('formatMetricsProm ends with the OpenMetrics EOF marker and gives every family HELP and TYPE', () => {
  const text = formatMetricsProm(model);
  assert.ok(text.endsWith('\n# EOF\n'));
  for (const family of parsePrometheusTextFormat(text)) {
    assert.equal(family.type, 'GAUGE', family.name);
    assert.ok(family.help.length > 10, family.name);
  }
});
