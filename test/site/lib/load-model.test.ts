import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSiteModel, parseSiteModel, readSiteModel } from '../../../site/lib/load-model.ts';
import { generateSiteModel } from '../../fixtures/site-model/generate.ts';

test('parseSiteModel accepts a generated model', () => {
  const model = generateSiteModel({ metrics: 5, commits: 10, machines: 1, seed: 1 });
  assert.equal(parseSiteModel(JSON.stringify(model), 'model.json').series.length, 5);
});

test('parseSiteModel rejects broken JSON and missing parts with SITE_MODEL_INVALID', () => {
  assert.throws(() => parseSiteModel('{', 'm.json'), { code: 'SITE_MODEL_INVALID' });
  assert.throws(() => parseSiteModel('[]', 'm.json'), { code: 'SITE_MODEL_INVALID' });
  const model = generateSiteModel({ metrics: 3, commits: 5, machines: 1, seed: 1 });
  assert.throws(() => parseSiteModel(JSON.stringify({ ...model, runs: null }), 'm.json'), { code: 'SITE_MODEL_INVALID' });
  assert.throws(() => parseSiteModel(JSON.stringify({ ...model, details: model.details.slice(1) }), 'm.json'), { code: 'SITE_MODEL_INVALID' });
});

test('readSiteModel and getSiteModel report a missing file or variable with SITE_MODEL_MISSING', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pitwall-model-'));
  try {
    assert.throws(() => readSiteModel(join(dir, 'absent.json')), { code: 'SITE_MODEL_MISSING' });
    assert.throws(() => getSiteModel({}), { code: 'SITE_MODEL_MISSING' });
    const file = join(dir, 'model.json');
    await writeFile(file, JSON.stringify(generateSiteModel({ metrics: 2, commits: 3, machines: 1, seed: 2 })));
    const model = getSiteModel({ PITWALL_SITE_MODEL: file });
    assert.equal(getSiteModel({ PITWALL_SITE_MODEL: file }), model, 'read once, then cached');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
