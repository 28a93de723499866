import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../../helpers/cli.ts';
import { openResultsRepo } from '../../../results/store/repo.ts';
import { initRepo } from '../../results/store/git-fixtures.ts';
import { writeScaleRuns } from '../../fixtures/series-cache/scale-runs.ts';

const ENV = { SOURCE_DATE_EPOCH: '1767225600', TZ: 'UTC' };

/** Every file under `dir` by relative path, with its bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

function assertSameTree(actual: string, expected: string): void {
  const a = readTree(actual);
  const b = readTree(expected);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [path, bytes] of b) assert.ok(bytes.equals(a.get(path) as Buffer), `${path} differs`);
}

test('a build from a warm cache writes the same site, byte for byte, as a build from scratch; a damaged cache is rebuilt', { timeout: 240_000 }, async (t) => {
  const dir = initRepo(mkdtempSync(join(tmpdir(), 'pitwall-build-cache-')));
  const out = mkdtempSync(join(tmpdir(), 'pitwall-build-cache-out-'));
  t.after(() => { rmSync(dir, { recursive: true, force: true }); rmSync(out, { recursive: true, force: true }); });
  writeFileSync(join(dir, 'pitwall.yaml'), 'site:\n  title: cache test\nmetrics:\n  - match: "case-2"\n    threshold: 3%\n');
  const repo = await openResultsRepo({ dir, branch: 'results' });
  await writeScaleRuns(repo, 0, 24);
  const build = async (site: string, ...args: string[]) => {
    const result = await runCli(['build', '--out', join(out, site), ...args], { cwd: dir, env: ENV, timeoutMs: 200_000 });
    assert.equal(result.code, 0, result.stderr);
    return result.stderr;
  };

  const first = await build('first');
  assert.match(first, /78 runs parsed, 0 from the cache/);
  assert.ok(existsSync(join(dir, '.git', 'pitwall-cache', 'manifest.json')));
  await writeScaleRuns(repo, 24, 26);
  const warm = await build('warm');
  assert.match(warm, /7 runs parsed, 78 from the cache/);
  assert.match(warm, /analysed 12 series over \d+ commits \(12 computed, 0 from the cache\)/);
  const scratch = await build('scratch', '--cache', join(out, 'fresh-cache'));
  assert.match(scratch, /85 runs parsed, 0 from the cache/);
  assert.ok(readdirSync(join(out, 'scratch', 'data', 'series')).length > 0);
  assertSameTree(join(out, 'warm'), join(out, 'scratch'));

  // Nothing new: every analysis comes from the cache, and the site is the same.
  const again = await build('again');
  assert.match(again, /\(0 computed, 12 from the cache\)/);
  assertSameTree(join(out, 'again'), join(out, 'scratch'));

  // A flipped byte in a series file is found by its checksum, and the cache is rebuilt.
  const seriesDir = join(dir, '.git', 'pitwall-cache', 'series');
  const file = join(seriesDir, readdirSync(seriesDir)[0] as string);
  const bytes = readFileSync(file);
  bytes[40] = (bytes[40] ?? 0) ^ 0x55;
  writeFileSync(file, bytes);
  const repaired = await build('repaired');
  assert.match(repaired, /series cache .* is damaged: .* fail their checksum; rebuilding it/);
  assertSameTree(join(out, 'repaired'), join(out, 'scratch'));

  // The README's CI example, as written there.
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const example = /^pitwall (build --out dist --cache \S+)$/m.exec(readme.slice(readme.indexOf('## Scale')));
  assert.ok(example !== null, 'the Scale section shows a build with --cache');
  const ci = await runCli((example[1] as string).split(' '), { cwd: dir, env: ENV, timeoutMs: 200_000 });
  assert.equal(ci.code, 0, ci.stderr);
  assert.match(ci.stderr, /85 runs parsed, 0 from the cache/);
  assert.ok(existsSync(join(dir, '.pitwall-cache', 'manifest.json')));
  assertSameTree(join(dir, 'dist'), join(out, 'scratch'));
});
