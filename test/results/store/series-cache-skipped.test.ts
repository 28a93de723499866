import { strict as assert } from 'node:assert';
import path from 'node:path';
import { test } from 'node:test';
import { readBlobDirect } from '../../../results/store/direct-objects.ts';
import { listRunFiles } from '../../../results/store/read-runs.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { updateSeriesCache } from '../../../results/store/series-cache.ts';
import { writeRun } from '../../../results/store/write-run.ts';
import { writeScaleRuns } from '../../fixtures/series-cache/scale-runs.ts';
import { initRepo, makeTempDir, removeDir } from './git-fixtures.ts';

test('a results file that is not valid is left out of the series cache, told with its line, on every update until it changes', async (t) => {
  const dir = initRepo(makeTempDir('pitwall-series-cache-skip-'));
  t.after(() => removeDir(dir));
  const repo = await openResultsRepo({ dir, branch: 'results' });
  await writeScaleRuns(repo, 0, 3);
  await writeRun(repo, { files: [{ path: 'runs/m1/2026-01/05/20260105T000000Z-abcdef1-core.jsonl', content: '{"schema":1,"kind":"run"\n' }], message: 'broken' });
  const cacheDir = path.join(dir, '.git', 'pitwall-cache');
  const update = async () => updateSeriesCache(cacheDir, await listRunFiles(repo), { readBlob: (file) => readBlobDirect(repo, file.oid) });
  const first = await update();
  assert.equal(first.stats.skipped.length, 1);
  assert.equal(first.stats.skipped[0]?.path, 'runs/m1/2026-01/05/20260105T000000Z-abcdef1-core.jsonl');
  assert.equal(first.stats.skipped[0]?.line, 1);
  assert.equal(first.runs.length, 3 * 3 + 1);
  const again = await update();
  assert.equal(again.stats.parsed, 0, 'the broken file is not read again');
  assert.deepEqual(again.stats.skipped, first.stats.skipped);
  assert.equal(again.stats.rebuilt, null);
});
