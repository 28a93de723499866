import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeCsvField, exportFileName, formatSeriesCsv, formatSeriesJsonl } from '../../../site/lib/series-export.ts';
import { buildSiteData } from '../../../site/lib/site-data.ts';
import { collectShardFiles } from '../../../site/lib/write-shard-files.ts';
import { generateSiteModel, KNOWN } from '../../fixtures/site-model/generate.ts';

const model = generateSiteModel({ metrics: 6, commits: 12, machines: 1, seed: 2 });
const data = buildSiteData(model);
const entries = (await collectShardFiles(data)).series.flatMap((s) => s.series);

test('escapeCsvField quotes fields holding commas, quotes or line breaks', () => {
  assert.equal(escapeCsvField('plain'), 'plain');
  assert.equal(escapeCsvField('a,b'), '"a,b"');
  assert.equal(escapeCsvField('say "hi"'), '"say ""hi"""');
});

test('formatSeriesCsv writes a header and one row per point', () => {
  const entry = entries.find((e) => e.metric === KNOWN.metric);
  assert.ok(entry !== undefined);
  const lines = formatSeriesCsv([entry], data.commits.commits).trimEnd().split('\r\n');
  assert.equal(lines[0], 'machine,suite,metric,unit,commit_index,commit,time,value,min,max,samples');
  assert.equal(lines.length, entry.points.c.length + 1);
  assert.ok(lines[1]?.startsWith(`linux-amd,parse,${KNOWN.metric},ns,0,${model.commits[0]?.sha}`));
});

test('formatSeriesJsonl writes one parseable object per point', () => {
  const entry = entries.find((e) => e.metric === KNOWN.xssMetric);
  assert.ok(entry !== undefined);
  const lines = formatSeriesJsonl([entry], data.commits.commits).trimEnd().split('\n');
  assert.equal(lines.length, entry.points.c.length);
  const first = JSON.parse(lines[0] as string) as { metric: string; value: number };
  assert.equal(first.metric, KNOWN.xssMetric);
  assert.equal(first.value, entry.points.v[0]);
});

test('exportFileName keeps only safe characters', () => {
  assert.equal(exportFileName({ suite: 'parse', metric: '<img src=x onerror=alert(1)>' }, 'csv'), 'parse-img-src-x-onerror-alert-1.csv');
});
