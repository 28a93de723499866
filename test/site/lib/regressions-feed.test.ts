import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXml, formatAtomFeed } from '../../../site/lib/atom.ts';
import { buildRegressionsFeed, buildRegressionsJson, FEED_ENTRIES, nameUuid } from '../../../site/lib/regressions-feed.ts';
import { generateSiteModel, KNOWN } from '../../fixtures/site-model/generate.ts';

const model = generateSiteModel({ metrics: 30, commits: 60, machines: 2, seed: 4 });

test('escapeXml escapes markup and drops characters XML forbids', () => {
  assert.equal(escapeXml(`<img src="x" onerror='a'> & \u0001`), '&lt;img src=&quot;x&quot; onerror=&apos;a&apos;&gt; &amp; ');
});

test('nameUuid gives the same RFC 4122 version 5 URN for the same name', () => {
  const id = nameUuid('pitwall change a/b/c 123');
  assert.match(id, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(nameUuid('pitwall change a/b/c 123'), id);
  assert.notEqual(nameUuid('pitwall change a/b/c 124'), id);
});

test('formatAtomFeed writes the elements Atom 1.0 requires', () => {
  const xml = formatAtomFeed({ id: 'urn:uuid:1', title: 'T <&>', updated: '2026-01-01T00:00:00.000Z', selfHref: '/f.atom', alternateHref: '/', author: 'me', entries: [{ id: 'urn:uuid:2', title: 'E', updated: '2026-01-01T00:00:00.000Z', href: '/x?a=1&b=2', content: '<script>' }] });
  for (const element of ['<feed xmlns="http://www.w3.org/2005/Atom">', '<id>urn:uuid:1</id>', '<title>T &lt;&amp;&gt;</title>', '<updated>', '<author><name>me</name></author>', '<entry>', '<link rel="alternate" type="text/html" href="/x?a=1&amp;b=2"/>', '<content type="text">&lt;script&gt;</content>']) {
    assert.ok(xml.includes(element), element);
  }
});

test('buildRegressionsFeed lists regressions only, newest first, with links under the base path', () => {
  const xml = buildRegressionsFeed(model, { base: '/parser/', site: null });
  const entries = xml.split('<entry>').length - 1;
  const regressions = model.changes.filter((c) => c.kind === 'regression').length;
  assert.equal(entries, Math.min(FEED_ENTRIES, regressions));
  assert.ok(xml.includes('href="/parser/metric/?id='));
  assert.ok(xml.includes('<link rel="self" type="application/atom+xml" href="/parser/regressions.atom"/>'));
  assert.ok(!xml.includes('<script>'));
});

test('buildRegressionsFeed makes links absolute when the site address is known', () => {
  const xml = buildRegressionsFeed(model, { base: '/parser/', site: 'https://acme.github.io/parser/' });
  assert.ok(xml.includes('href="https://acme.github.io/parser/regressions.atom"'));
});

test('buildRegressionsJson carries every change with its commit and links', () => {
  const json = buildRegressionsJson(model, { base: '/', site: null });
  assert.equal(json.changes.length, model.changes.length);
  const known = json.changes.find((c) => c.seriesId === `linux-amd/${KNOWN.suite}/${KNOWN.metric}`);
  assert.ok(known !== undefined);
  assert.equal(known.unit, 'ns');
  assert.ok(known.metricUrl.startsWith('/metric/?id=linux-amd%2F'));
  assert.ok(known.compareUrl?.startsWith('/compare/?base='));
});
