/**
 * `pitwall build` end to end on 2,000 runs × 500 metrics (1,000,000
 * measurements): read the branch, analyse every series, build the site. Then
 * one new run is committed and the site rebuilt (the history cache makes the
 * read incremental). Targets: full build ≤ 30 s, rebuild after one run ≤ 10 s.
 * Run: node test/bench/build.bench.ts [runs] [metrics]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastImport } from './fast-import.ts';
import { makeRun } from './history.bench.ts';

const CLI = fileURLToPath(new URL('../../runner/cli.ts', import.meta.url));

function build(dir: string, out: string): { seconds: number; log: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'build', '--repo', dir, '--out', out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pitwall build failed:\n${result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, log: result.stderr.trim().split('\n').map((l) => `    ${l}`).join('\n') };
}

const runs = Number(process.argv[2] ?? 2000);
const metrics = Number(process.argv[3] ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'pitwall-build-bench-'));
try {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  writeFileSync(join(dir, 'pitwall.yaml'), 'site:\n  title: build benchmark\n');
  await fastImport(dir, 'results', (function* () {
    for (let i = 0; i < runs; i++) {
      const run = makeRun(i, metrics);
      yield { time: run.time, message: `run ${i}`, files: [{ path: run.path, content: run.content }] };
    }
  })());
  execFileSync('git', ['-C', dir, 'gc', '-q']);
  console.log(`history: ${runs} runs × ${metrics} metrics = ${runs * metrics} measurements`);
  const full = build(dir, join(dir, 'site'));
  console.log(`full build (no cache)         ${full.seconds.toFixed(1)} s   (target ≤ 30 s)\n${full.log}`);
  const extra = makeRun(runs, metrics);
  const { openResultsRepo } = await import('../../results/store/repo.ts');
  const { writeRun } = await import('../../results/store/write-run.ts');
  await writeRun(await openResultsRepo({ dir, branch: 'results' }), { files: [{ path: extra.path, content: extra.content }], message: 'one more run' });
  const again = build(dir, join(dir, 'site'));
  console.log(`rebuild after one new run     ${again.seconds.toFixed(1)} s   (target ≤ 10 s)\n${again.log}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
