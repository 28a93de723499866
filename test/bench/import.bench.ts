/**
 * Times `pitwall import` on the real histories in ../shared/data, each through
 * the CLI in a fresh process as a user runs it (start-up included):
 *   - github-action-benchmark data.js (1,832 runs of 11 suites) — target: a few seconds (≤ 5 s)
 *   - the same again, finding every run imported already (nothing written)
 *   - the django asv results folder (80 runs × 65 metrics × 10 samples)
 *   - `pitwall export` of the whole branch as CSV
 * and, in this process, where the time of the first import goes (read, plan, write).
 * Run: node test/bench/import.bench.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../runner/cli.ts', import.meta.url));
const HISTORIES = fileURLToPath(new URL('../../../shared/data/histories/', import.meta.url));
const GAB = join(HISTORIES, 'github-action-benchmark', 'data.js');
const ASV = join(HISTORIES, 'django-asv', 'asv-results');
const TARGET_SECONDS = 5;

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-import-bench-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  return dir;
}

/** Runs the CLI, failing loudly: a benchmark of a command that errors measures nothing. */
function timeCli(dir: string, args: string[]): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`pitwall ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

function countRunFiles(dir: string): number {
  return execFileSync('git', ['-C', dir, 'ls-tree', '-r', '--name-only', 'results'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter((l) => l.endsWith('.jsonl')).length;
}

/** The first import again in this process, by phase. */
async function timePhases(): Promise<string> {
  const { gab } = await import('../../runner/import/gab.ts');
  const { planRunFiles } = await import('../../runner/import/to-run-files.ts');
  const { splitImported, writeImported } = await import('../../runner/import/write-imported.ts');
  const { openResultsRepo } = await import('../../results/store/repo.ts');
  const { acquireLock } = await import('../../results/store/lock.ts');
  const dir = makeRepo();
  try {
    let at = performance.now();
    const lap = (): string => {
      const now = performance.now();
      const ms = now - at;
      at = now;
      return `${ms.toFixed(0)} ms`;
    };
    const read = await gab.read(GAB, { suitePrefix: '' });
    const readMs = lap();
    const planned = planRunFiles(read.runs, '0.0.0');
    const planMs = lap();
    const repo = await openResultsRepo({ dir });
    const lock = await acquireLock(repo.gitdir, { purpose: 'bench' });
    try {
      const plan = await splitImported(repo, planned);
      const commits = await writeImported(repo, plan.fresh, { lock, title: 'github-action-benchmark', source: GAB });
      return `read ${readMs}, plan ${planMs}, write ${lap()} (${commits.length} commits)`;
    } finally {
      await lock.release();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(GAB) || !existsSync(ASV)) {
    console.log(`import: skipped, the real histories are not here (expected ${HISTORIES})`);
    return;
  }
  const dir = makeRepo();
  try {
    const first = timeCli(dir, ['import', GAB]);
    const runs = countRunFiles(dir);
    const verdict = first.seconds <= TARGET_SECONDS ? 'ok' : 'SLOWER THAN TARGET';
    console.log(`gab import      ${first.seconds.toFixed(2)} s   ${runs} runs, ${(runs / first.seconds).toFixed(0)} runs/s   (target ≤ ${TARGET_SECONDS} s: ${verdict})`);
    console.log(`  in process    ${await timePhases()}`);
    const again = timeCli(dir, ['import', GAB]);
    console.log(`gab again       ${again.seconds.toFixed(2)} s   nothing written (${countRunFiles(dir) === runs ? 'branch unchanged' : 'BRANCH CHANGED'})`);
    const asv = timeCli(dir, ['import', ASV]);
    console.log(`asv import      ${asv.seconds.toFixed(2)} s   ${countRunFiles(dir) - runs} runs with samples`);
    const exported = timeCli(dir, ['export']);
    console.log(`export csv      ${exported.seconds.toFixed(2)} s   ${exported.stdout.split('\r\n').length - 2} measurements, ${(exported.stdout.length / 2 ** 20).toFixed(1)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await main();
