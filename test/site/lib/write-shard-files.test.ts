import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSiteData } from '../../../site/lib/site-data.ts';
import { createSpillValueStore } from '../../../site/lib/spill-values.ts';
import { collectShardFiles, modelDetails, readDetailsFile, writeShardFiles } from '../../../site/lib/write-shard-files.ts';
import type { SiteModel } from '../../../results/report/model.ts';
import { generateSiteModel } from '../../fixtures/site-model/generate.ts';

const model = generateSiteModel({ metrics: 60, commits: 120, machines: 2, seed: 9 });
const data = buildSiteData(model);

function withTemp<T>(task: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-shards-test-'));
  return task(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('shards streamed from a details file and spilled to disk equal the shards built in memory', async () => {
  const expected = await collectShardFiles(data);
  await withTemp(async (dir) => {
    const detailsFile = join(dir, 'details.jsonl');
    writeFileSync(detailsFile, [...modelDetails(data)].map((d) => `${JSON.stringify(d)}\n`).join(''));
    const lean: SiteModel = { ...model, details: [] };
    // A budget of a few values forces most of them through the spill files.
    const store = createSpillValueStore(join(dir, 'spill'), 1000);
    const counts = await writeShardFiles(buildSiteData(lean), readDetailsFile(detailsFile), join(dir, 'out'), store);
    store.close();
    assert.deepEqual(counts, { series: expected.series.length, commits: expected.commits.length });
    assert.ok(expected.commits.length > 1 && expected.series.length > 1);
    for (const [kind, files] of [['series', expected.series], ['commits', expected.commits]] as const) {
      assert.equal(readdirSync(join(dir, 'out', 'data', kind)).length, files.length);
      files.forEach((file, n) => assert.equal(readFileSync(join(dir, 'out', 'data', kind, `${n}.json`), 'utf8'), JSON.stringify(file), `${kind}/${n}.json`));
    }
  });
});

test('details out of order or cut short are refused with SITE_MODEL_INVALID', async () => {
  const details = [...modelDetails(data)];
  const swapped = [details[1]!, details[0]!, ...details.slice(2)];
  await assert.rejects(collectFrom(swapped), { code: 'SITE_MODEL_INVALID' });
  await assert.rejects(collectFrom(details.slice(0, -1)), { code: 'SITE_MODEL_INVALID' });
});

test('a damaged line in the details file names the file and line', async () => {
  await withTemp(async (dir) => {
    const file = join(dir, 'details.jsonl');
    writeFileSync(file, `${JSON.stringify([...modelDetails(data)][0])}\n{"id": "cut`);
    await assert.rejects(writeShardFiles(data, readDetailsFile(file), join(dir, 'out')), (error: Error & { code?: string }) => error.code === 'SITE_MODEL_INVALID' && error.message.includes('line 2'));
  });
});

async function collectFrom(details: ReturnType<typeof modelDetails> extends Generator<infer T> ? T[] : never): Promise<void> {
  await withTemp((dir) => writeShardFiles(data, details, dir));
}
