import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareMetrics, summarizeComparison, type SidePoint } from '../../../results/analysis/compare.ts';
import { createDashboardLinks } from '../../../runner/compare/dashboard-links.ts';
import { escapeMarkdown, formatMarkdown, REPORT_MARKER } from '../../../runner/compare/formats/markdown.ts';
import { formatReport } from '../../../runner/compare/formats/index.ts';
import type { CompareReport } from '../../../runner/compare/report.ts';

const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);

function point(machine: string, metric: string, value: number, unit: string | null = 'ms'): SidePoint {
  return { machine, suite: 'core', metric, value, unit, direction: -1 };
}

function makeReport(siteUrl: string | null): CompareReport {
  const base = [point('amd', 'parse|pipe_name', 100), point('arm', 'parse|pipe_name', 200), point('amd', 'throughput', 50, 'ops/s'), point('amd', 'gone', 1)];
  const head = [point('amd', 'parse|pipe_name', 130), point('arm', 'parse|pipe_name', 150), point('amd', 'throughput', 50.1, 'ops/s'), point('amd', 'fresh', 2)];
  const metrics = compareMetrics(base, head, {
    thresholds: new Map([['throughput', 0.05], ['parse|pipe_name', 0.01]]),
    historyPoints: new Map([['throughput', 12], ['parse|pipe_name', 12]]),
  });
  const summary = summarizeComparison(metrics, { warnings: ['Machine "amd" differs between base and head: <x>'] });
  return {
    comparison: { base: BASE, head: HEAD, baseRuns: [], headRuns: [], metrics, summary, fewestHistoryPoints: 12 },
    baseFrom: { kind: 'given', rev: 'v1.2.0' },
    confirmation: { rounds: 2, suites: ['core'], suspected: 1, confirmed: 1 },
    links: createDashboardLinks(siteUrl),
    version: '9.9.9',
  };
}

test('markdown escapes names that would break a table or a link', () => {
  assert.equal(escapeMarkdown('a|b_c*d [e] <f> `g`'), 'a\\|b\\_c\\*d \\[e\\] &lt;f&gt; \\`g\\`');
});

test('a report over several machines names each machine, sorts regressions before improvements and shows its confirmation', () => {
  const markdown = formatMarkdown(makeReport('https://bench.example.com/'));
  const lines = markdown.split('\n');
  assert.equal(lines[0], REPORT_MARKER);
  assert.equal(lines[1], `🔴 **pitwall: Regression** · 1 regression, 1 improvement, 1 unchanged, 1 new, 1 missing · [\`bbbbbbb\`..\`ccccccc\`](https://bench.example.com/compare/?base=${BASE}&head=${HEAD})`);
  const regressions = markdown.indexOf('#### Regressions (1)');
  const improvements = markdown.indexOf('#### Improvements (1)');
  const warnings = markdown.indexOf('#### Warnings');
  const details = markdown.indexOf('<details><summary>1 unchanged, 1 new, 1 missing</summary>');
  assert.ok(regressions > 0 && regressions < improvements && improvements < warnings && warnings < details, 'sections in reading order');
  assert.ok(markdown.includes(`| [amd: core/parse\\|pipe\\_name](https://bench.example.com/metric/?id=amd%2Fcore%2Fparse%7Cpipe_name&highlight=${HEAD}) | 100 ms | 130 ms | **+30.0%** | beyond the 1.00% noise threshold |`));
  assert.ok(markdown.includes('| [arm: core/parse\\|pipe\\_name]'));
  assert.ok(markdown.includes('- ⚠️ Machine "amd" differs between base and head: &lt;x&gt;'));
  assert.match(markdown, /<sub>base bbbbbbb is v1\.2\.0 · runs pooled: 0 on base, 0 on head · 1 suspected regression re-run 2× on both sides \(core\): 1 confirmed · noise thresholds from at least 12 main-branch commits per metric · pitwall 9\.9\.9 · \[dashboard\]\(https:\/\/bench\.example\.com\/\)<\/sub>/);
});

test('without a dashboard URL the report has no links', () => {
  const markdown = formatMarkdown(makeReport(null));
  assert.ok(!markdown.includes(']('), 'no markdown links');
  assert.ok(markdown.includes('| amd: core/parse\\|pipe\\_name | 100 ms |'));
});

test('the JSON report names series by id and links each metric', () => {
  const data = JSON.parse(formatReport(makeReport('https://bench.example.com/'), 'json'));
  assert.equal(data.version, 2);
  assert.equal(data.verdict, 'regression');
  assert.equal(data.worst, 'amd/core/parse|pipe_name');
  const metric = data.metrics.find((m: { id: string }) => m.id === 'arm/core/parse|pipe_name');
  assert.equal(metric.verdict, 'improvement');
  assert.equal(metric.key, undefined);
  assert.equal(metric.url, `https://bench.example.com/metric/?id=arm%2Fcore%2Fparse%7Cpipe_name&highlight=${HEAD}`);
});

test('metric links encode parentheses, which would end a markdown link', () => {
  const url = createDashboardLinks('https://x.test/site').metric({ machine: 'm', suite: 's', metric: 'f(x) [y]' }, HEAD);
  assert.equal(url, `https://x.test/site/metric/?id=m%2Fs%2Ff%28x%29%20%5By%5D&highlight=${HEAD}`);
});
