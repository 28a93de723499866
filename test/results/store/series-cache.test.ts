import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { seriesSourceFromHistory, type SeriesSource } from '../../../results/report/build-model.ts';
import { readHistory } from '../../../results/store/read-history.ts';
import { listRunFiles } from '../../../results/store/read-runs.ts';
import { readBlobDirect } from '../../../results/store/direct-objects.ts';
import { openResultsRepo, type ResultsRepo } from '../../../results/store/repo.ts';
import { updateSeriesCache, type SeriesCache } from '../../../results/store/series-cache.ts';
import { readSeriesHistory } from '../../../results/store/read-series-history.ts';
import { writeScaleRuns } from '../../fixtures/series-cache/scale-runs.ts';
import { initRepo, makeTempDir, removeDir } from './git-fixtures.ts';

const CHILD = fileURLToPath(new URL('../../fixtures/series-cache/update-and-hang.ts', import.meta.url));

async function update(repo: ResultsRepo, cacheDir: string): Promise<SeriesCache> {
  return await updateSeriesCache(cacheDir, await listRunFiles(repo), { readBlob: (file) => readBlobDirect(repo, file.oid) });
}

/** Every series' rows as plain data, for comparison with the whole-history reader. */
function rowsOf(source: Pick<SeriesSource, 'keys' | 'readRows'>): unknown {
  return [...source.keys].sort().map((key) => [key, source.readRows(key).map((r) => ({ ...r, samples: r.samples === undefined ? undefined : Array.from(r.samples) }))]);
}

async function expectedRows(repo: ResultsRepo): Promise<unknown> {
  return rowsOf(seriesSourceFromHistory(await readHistory(repo, { mainBranch: 'main', cacheFile: null })));
}

describe('series cache', () => {
  let dir: string;
  let repo: ResultsRepo;
  before(async () => {
    dir = initRepo(makeTempDir('pitwall-series-cache-'));
    repo = await openResultsRepo({ dir, branch: 'results' });
    await writeScaleRuns(repo, 0, 20);
  });
  after(() => removeDir(dir));

  it('holds the same rows, in the same order, as the whole-history reader', async () => {
    const cacheDir = path.join(makeTempDir(), 'cache');
    try {
      const cold = await update(repo, cacheDir);
      assert.equal(cold.stats.parsed, cold.stats.files);
      assert.equal(cold.keys.length, 12);
      assert.deepEqual(rowsOf(cold), await expectedRows(repo));
      const warm = await update(repo, cacheDir);
      assert.equal(warm.stats.parsed, 0);
      assert.deepEqual(rowsOf(warm), await expectedRows(repo));
    } finally {
      removeDir(path.dirname(cacheDir));
    }
  });

  it('parses only the new blobs and reads rows in path order however they arrived', async () => {
    const scratch = initRepo(makeTempDir('pitwall-series-cache-order-'));
    const cacheDir = path.join(scratch, '.git', 'pitwall-cache');
    try {
      const r = await openResultsRepo({ dir: scratch, branch: 'results' });
      await writeScaleRuns(r, 5, 10);
      await update(r, cacheDir);
      // Older commits arrive later (an import of the past): their files sort first.
      await writeScaleRuns(r, 0, 5);
      const next = await update(r, cacheDir);
      assert.equal(next.stats.parsed, 5 * 3 + 2);
      assert.deepEqual(rowsOf(next), await expectedRows(r));
    } finally {
      removeDir(scratch);
    }
  });

  it('a damaged series file fails its checksum with SERIES_CACHE_CORRUPT', async () => {
    const cacheDir = path.join(makeTempDir(), 'cache');
    try {
      const cache = await update(repo, cacheDir);
      const file = path.join(cacheDir, 'series', readdirSync(path.join(cacheDir, 'series'))[0]!);
      const bytes = readFileSync(file);
      bytes[30] = (bytes[30] ?? 0) ^ 0xff;
      writeFileSync(file, bytes);
      assert.throws(() => { for (const key of cache.keys) cache.readRows(key); }, { code: 'SERIES_CACHE_CORRUPT' });
    } finally {
      removeDir(path.dirname(cacheDir));
    }
  });

  it('a manifest that is garbage, from another version or longer than its files is rebuilt, with the reason', async () => {
    const cacheDir = path.join(makeTempDir(), 'cache');
    try {
      await update(repo, cacheDir);
      const manifest = path.join(cacheDir, 'manifest.json');
      const good = readFileSync(manifest, 'utf8');
      for (const [text, reason] of [
        ['{"version":', /not valid JSON/],
        [JSON.stringify({ ...JSON.parse(good), version: 99 }), /format 99/],
        [good.replace(/"bytes":(\d+)/, (_, n: string) => `"bytes":${Number(n) + 24}`), /shorter than the manifest says/],
      ] as const) {
        writeFileSync(manifest, text);
        const cache = await update(repo, cacheDir);
        assert.match(cache.stats.rebuilt ?? '', reason);
        assert.equal(cache.stats.parsed, cache.stats.files);
        assert.deepEqual(rowsOf(cache), await expectedRows(repo));
      }
    } finally {
      removeDir(path.dirname(cacheDir));
    }
  });

  it('survives being killed between appending rows and replacing the manifest', async () => {
    const scratch = initRepo(makeTempDir('pitwall-series-cache-kill-'));
    const cacheDir = path.join(scratch, '.git', 'pitwall-cache');
    try {
      const r = await openResultsRepo({ dir: scratch, branch: 'results' });
      await writeScaleRuns(r, 0, 8);
      await update(r, cacheDir);
      const manifestBefore = readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8');
      await writeScaleRuns(r, 8, 14);
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [CHILD, scratch, cacheDir], { stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('appended')) child.kill('SIGKILL'); });
        child.on('error', reject);
        child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child ended without being killed (${signal})`))));
      });
      // Rows were appended past the committed lengths; the manifest is the old one.
      assert.equal(readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8'), manifestBefore);
      const after = await update(r, cacheDir);
      assert.equal(after.stats.rebuilt, null);
      assert.equal(after.stats.parsed, 6 * 3 + 2);
      assert.deepEqual(rowsOf(after), await expectedRows(r));
    } finally {
      removeDir(scratch);
    }
  });

  it('rows of a run whose file left the branch are not read', async () => {
    const cacheDir = path.join(makeTempDir(), 'cache');
    try {
      const cache = await update(repo, cacheDir);
      const files = await listRunFiles(repo);
      const fewer = await updateSeriesCache(cacheDir, files.slice(1), { readBlob: (file) => readBlobDirect(repo, file.oid) });
      const gone = cache.runs[0]!.run.run;
      assert.equal(fewer.runs.length, cache.runs.length - 1);
      for (const key of fewer.keys) assert.ok(fewer.readRows(key).every((row) => row.run !== gone));
    } finally {
      removeDir(path.dirname(cacheDir));
    }
  });

  it('readSeriesHistory keeps its cache in <gitdir>/pitwall-cache and orders commits like readHistory', async () => {
    const history = await readSeriesHistory(repo, { mainBranch: 'main' });
    assert.equal(history.cacheDir, path.join(repo.gitdir, 'pitwall-cache'));
    assert.ok(existsSync(path.join(history.cacheDir, 'manifest.json')));
    const whole = await readHistory(repo, { mainBranch: 'main', cacheFile: null });
    assert.deepEqual(history.mainOrder, whole.mainOrder);
    assert.deepEqual(history.offMain, whole.offMain);
    assert.deepEqual(history.runs, whole.runs.map((r) => r.run));
    appendFileSync(path.join(history.cacheDir, 'series', readdirSync(path.join(history.cacheDir, 'series'))[0]!), 'left by a killed build');
    const again = await readSeriesHistory(repo, { mainBranch: 'main' });
    assert.deepEqual(rowsOf(again), await expectedRows(repo));
  });
});
