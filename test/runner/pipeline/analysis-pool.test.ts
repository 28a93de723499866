import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSiteModel } from '../../../results/report/build-model.ts';
import { readHistory } from '../../../results/store/read-history.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { createAnalysisPool, decodePoints, encodePoints } from '../../../runner/pipeline/analysis-pool.ts';
import { writeScaleRuns } from '../../fixtures/series-cache/scale-runs.ts';
import { initRepo, makeTempDir, removeDir } from '../../results/store/git-fixtures.ts';

test('points survive the trip to a worker as the model builder had them: typed arrays, plain arrays, none', () => {
  const points = [{ value: 1 }, { value: 2, samples: new Float64Array([1.5, 2, 2.5]) }, { value: 3, samples: [2.9, 3, 3.1] }];
  const back = decodePoints(encodePoints(0, points, { unit: 'ms', direction: -1 }));
  assert.deepEqual(back, points);
  assert.ok(back[1]?.samples instanceof Float64Array);
  assert.ok(Array.isArray(back[2]?.samples));
});

test('a model analysed on worker threads equals one analysed on the main thread', async (t) => {
  const dir = initRepo(makeTempDir('pitwall-analysis-pool-'));
  const pool = createAnalysisPool(2);
  t.after(async () => { await pool.close(); removeDir(dir); });
  const repo = await openResultsRepo({ dir, branch: 'results' });
  await writeScaleRuns(repo, 0, 30);
  const history = await readHistory(repo, { mainBranch: 'main', cacheFile: null });
  const options = { title: 't', rules: [], triage: [], notes: [], logs: new Map(), machineWarnings: () => [], repoUrl: null, now: new Date(0) };
  const local = await buildSiteModel(history, options);
  const pooled = await buildSiteModel(history, { ...options, analyze: pool.analyze });
  assert.ok(local.changes.length > 0, 'the fixture has a step to find');
  assert.deepEqual(pooled, local);
});
