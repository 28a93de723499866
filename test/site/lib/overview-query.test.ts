import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countStatuses, filterSeries, formatOverviewQuery, indexSummary, parseOverviewQuery } from '../../../site/lib/overview-query.ts';
import { buildSiteData } from '../../../site/lib/site-data.ts';
import { generateSiteModel, KNOWN } from '../../fixtures/site-model/generate.ts';

const model = generateSiteModel({ metrics: 30, commits: 40, machines: 2, seed: 3 });
const { summary } = buildSiteData(model).series;
const index = indexSummary(summary);

test('parseOverviewQuery and formatOverviewQuery round-trip and leave defaults out', () => {
  const query = parseOverviewQuery(new URLSearchParams('q=parse%20small&suite=parse&status=regressed,bogus,failing&sort=change&page=2'));
  assert.deepEqual(query, { q: 'parse small', suite: 'parse', machine: null, unit: null, statuses: ['regressed', 'failing'], sort: 'change', page: 2 });
  assert.equal(formatOverviewQuery(query), '?q=parse+small&suite=parse&status=regressed%2Cfailing&sort=change&page=2');
  assert.equal(formatOverviewQuery(parseOverviewQuery(new URLSearchParams(''))), '');
});

test('filterSeries needs every search word somewhere in machine/suite/metric', () => {
  const query = parseOverviewQuery(new URLSearchParams('q=SMALL-json linux-amd'));
  const hits = filterSeries(index, query).map((i) => index.haystack[i]);
  assert.deepEqual(hits, [`linux-amd/${KNOWN.suite}/${KNOWN.metric}`]);
});

test('filterSeries filters by suite, machine, unit and status', () => {
  const bySuite = filterSeries(index, parseOverviewQuery(new URLSearchParams('suite=render')));
  assert.ok(bySuite.length > 0);
  assert.ok(bySuite.every((i) => summary.suites[summary.series.suite[i] as number] === 'render'));
  const failing = filterSeries(index, parseOverviewQuery(new URLSearchParams('status=failing&machine=linux-amd')));
  assert.equal(failing.length, countStatuses(summary).failing);
  const unit = filterSeries(index, parseOverviewQuery(new URLSearchParams('unit=ns')));
  assert.ok(unit.every((i) => summary.units[summary.series.unit[i] as number] === 'ns'));
});

test('filterSeries puts regressed series first by default, then failing', () => {
  const order = filterSeries(index, parseOverviewQuery(new URLSearchParams('')));
  assert.equal(order.length, summary.series.metric.length);
  const statuses = order.map((i) => summary.series.status[i] as number);
  assert.deepEqual(statuses, [...statuses].sort((a, b) => a - b));
  assert.equal(statuses[0], 0);
});

test('filterSeries sorts by name when asked', () => {
  const order = filterSeries(index, parseOverviewQuery(new URLSearchParams('sort=name')));
  const names = order.map((i) => index.names[i] as string);
  assert.deepEqual(names, [...names].sort());
});
