/**
 * The site builds from edge-case models: no runs at all, and an empty notes
 * folder. (The full site in a browser is test/e2e/dashboard.test.ts.)
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SiteModel } from '../../results/report/model.ts';
import { buildSite } from '../helpers/build-site.ts';

const work = await mkdtemp(join(tmpdir(), 'pitwall-site-test-'));
after(() => rm(work, { recursive: true, force: true }));

const EMPTY: SiteModel = { title: 'Empty project', generatedAt: '2026-03-01T00:00:00.000Z', repoUrl: null, commits: [], series: [], details: [], changes: [], runs: [], logs: {}, machines: [], notes: [] };

test('a model with no runs builds a site that says how to get some', async () => {
  const out = join(work, 'empty');
  await buildSite({ model: EMPTY, outDir: out, notes: [] });
  const index = await readFile(join(out, 'index.html'), 'utf8');
  assert.match(index, /No runs yet/);
  assert.match(index, /pitwall run/);
  for (const page of ['regressions', 'runs', 'machines', 'notes', 'compare', 'commit', 'metric']) {
    assert.ok((await readdir(join(out, page))).includes('index.html'), page);
  }
  const summary = JSON.parse(await readFile(join(out, 'data/summary.json'), 'utf8')) as { series: { metric: string[] } };
  assert.deepEqual(summary.series.metric, []);
  const feed = await readFile(join(out, 'regressions.atom'), 'utf8');
  assert.match(feed, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  assert.doesNotMatch(feed, /<entry>/);
});

test('without PITWALL_NOTES_DIR the site builds with no notes pages', async () => {
  const out = join(work, 'no-notes');
  const model: SiteModel = { ...EMPTY, title: 'No notes' };
  await buildSite({ model, outDir: out });
  const notes = await readFile(join(out, 'notes/index.html'), 'utf8');
  assert.match(notes, /No notes yet/);
  assert.deepEqual((await readdir(join(out, 'notes'))).sort(), ['index.html']);
});
