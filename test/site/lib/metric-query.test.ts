import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMachines, formatMetricQuery, parseMetricQuery } from '../../../site/lib/metric-query.ts';
import { parseSeriesId } from '../../../site/lib/data-files.ts';

test('parseSeriesId splits machine and suite off and keeps slashes in the metric', () => {
  assert.deepEqual(parseSeriesId('m1/parse/json/small'), { machine: 'm1', suite: 'parse', metric: 'json/small' });
  assert.equal(parseSeriesId('m1/parse'), null);
  assert.equal(parseSeriesId('/parse/x'), null);
});

test('parseMetricQuery reads an id with machines, highlight, range and log scale', () => {
  const query = parseMetricQuery(new URLSearchParams('id=m1%2Fparse%2Fjson%2Fsmall&machines=m2,m3&highlight=abc123&from=aaa1&to=bbb2&log=1'));
  assert.deepEqual(query, { suite: 'parse', metric: 'json/small', machine: 'm1', machines: ['m2', 'm3'], highlight: 'abc123', from: 'aaa1', to: 'bbb2', log: true });
  assert.ok(query !== null);
  assert.deepEqual(parseMetricQuery(new URLSearchParams(formatMetricQuery(query).slice(1))), query);
});

test('parseMetricQuery reads suite and metric without an id, and nothing from an empty URL', () => {
  assert.deepEqual(parseMetricQuery(new URLSearchParams('suite=parse&metric=a%2Fb')), { suite: 'parse', metric: 'a/b', machine: null, machines: null, highlight: null, from: null, to: null, log: false });
  assert.equal(parseMetricQuery(new URLSearchParams('')), null);
  assert.equal(parseMetricQuery(new URLSearchParams('id=nonsense')), null);
});

test('chooseMachines shows the id first, then the requested ones that exist', () => {
  const base = { suite: 's', metric: 'm', highlight: null, from: null, to: null, log: false };
  assert.deepEqual(chooseMachines({ ...base, machine: 'b', machines: null }, ['a', 'b', 'c']), ['b']);
  assert.deepEqual(chooseMachines({ ...base, machine: 'b', machines: ['c', 'x'] }, ['a', 'b', 'c']), ['b', 'c']);
  assert.deepEqual(chooseMachines({ ...base, machine: null, machines: null }, ['a', 'b']), ['a', 'b']);
});
