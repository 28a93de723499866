import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLinkHeader } from '../../../runner/github/link-header.ts';

test('parseLinkHeader reads every relation of a GitHub Link header', () => {
  const header = '<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=3>; rel="last"';
  const links = parseLinkHeader(header);
  assert.equal(links.get('next'), 'https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2');
  assert.equal(links.get('last'), 'https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=3');
  assert.equal(links.get('prev'), undefined);
});

test('parseLinkHeader keeps commas inside URLs and ignores malformed parts', () => {
  const links = parseLinkHeader('<https://x.test/a?q=1,2&page=2>; rel="next", garbage, <https://x.test/b>; title="no rel"');
  assert.equal(links.get('next'), 'https://x.test/a?q=1,2&page=2');
  assert.equal(links.size, 1);
  assert.equal(parseLinkHeader(null).size, 0);
});
