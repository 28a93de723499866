/**
 * `pitwall build` as the history grows: 1M, 3M and 10M measurements (runs ×
 * metrics of the build benchmark's shape), each a cold build (no cache) and a
 * rebuild after one new run, with wall time and the peak RSS of the build
 * process (from /usr/bin/time). Then, at 1,000 and 10,000 runs: committing a
 * run, pushing it to a git smart-HTTP server on loopback, `pitwall log
 * --limit 20`, `pitwall compare` of two commits and `pitwall export --metric`.
 *
 * Histories are generated once with git fast-import into
 * $PITWALL_SCALE_DIR (default <tmp>/pitwall-scale) and reused; the one run a
 * rebuild adds is taken off again afterwards.
 * Run: npm run bench -- scale            (every size)
 *      node test/bench/scale.bench.ts build 2000x500 10000x1000
 *      node test/bench/scale.bench.ts ops 1000x1000
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastImport } from './fast-import.ts';
import { makeRun } from './history.bench.ts';

const CLI = fileURLToPath(new URL('../../runner/cli.ts', import.meta.url));
const ROOT = process.env['PITWALL_SCALE_DIR'] ?? join(tmpdir(), 'pitwall-scale');
const TARGETS: Record<string, { cold: number; rebuild: number; rssMb: number }> = {
  '2000x500': { cold: 15, rebuild: 3, rssMb: 600 },
  '10000x1000': { cold: 120, rebuild: 5, rssMb: 1500 },
};

interface Timed {
  seconds: number;
  rssMb: number;
  stderr: string;
}

/** Generates (once) a repository whose results branch holds `runs` runs of `metrics` metrics. */
async function history(runs: number, metrics: number): Promise<{ dir: string; tip: string }> {
  const dir = join(ROOT, `${runs}x${metrics}`);
  const marker = join(dir, 'generated-tip');
  if (existsSync(marker)) return { dir, tip: readFileSync(marker, 'utf8').trim() };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  writeFileSync(join(dir, 'pitwall.yaml'), 'site:\n  title: scale benchmark\n');
  await fastImport(dir, 'results', (function* () {
    for (let i = 0; i < runs; i++) {
      const run = makeRun(i, metrics);
      yield { time: run.time, message: `run ${i}`, files: [{ path: run.path, content: run.content }] };
    }
  })());
  const tip = execFileSync('git', ['-C', dir, 'rev-parse', 'results'], { encoding: 'utf8' }).trim();
  writeFileSync(marker, `${tip}\n`);
  console.log(`  generated ${runs} runs × ${metrics} metrics in ${((performance.now() - started) / 1000).toFixed(0)} s (${dir})`);
  return { dir, tip };
}

/** Runs the CLI under /usr/bin/time for the wall time and the peak RSS of the whole process. */
function timeCli(args: string[], cwd: string): Timed {
  const result = spawnSync('/usr/bin/time', ['-f', 'PEAK %e %M', process.execPath, CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const peak = /PEAK ([\d.]+) (\d+)\s*$/.exec(result.stderr);
  if (result.status !== 0 || peak === null) throw new Error(`pitwall ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-3000)}`);
  return { seconds: Number(peak[1]), rssMb: Number(peak[2]) / 1024, stderr: result.stderr.replace(/PEAK .*\s*$/, '') };
}

/** This file in a child process (see compareChild), timed as timeCli times the CLI. */
function timeChild(args: string[], cwd: string): Timed {
  const result = spawnSync('/usr/bin/time', ['-f', 'PEAK %e %M', process.execPath, fileURLToPath(import.meta.url), ...args], { cwd, encoding: 'utf8' });
  const peak = /PEAK ([\d.]+) (\d+)\s*$/.exec(result.stderr);
  if (result.status !== 0 || peak === null) throw new Error(`${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-3000)}`);
  return { seconds: Number(peak[1]), rssMb: Number(peak[2]) / 1024, stderr: result.stderr.replace(/PEAK .*\s*$/, '') };
}

/** What `pitwall compare --offline` does once both sides are resolved: load, compare, print the verdict. */
async function compareChild(dir: string, base: string, head: string): Promise<void> {
  const { openResultsRepo } = await import('../../results/store/repo.ts');
  const { loadConfig } = await import('../../runner/config/load-config.ts');
  const { loadHistory } = await import('../../runner/compare/run-comparison.ts');
  const { compareCommits } = await import('../../runner/compare/compare-commits.ts');
  const repo = await openResultsRepo({ dir, branch: 'results' });
  const config = await loadConfig({ cwd: dir, env: {}, allowMissing: true });
  const { history, excluded, settings } = await loadHistory({ repo, config, say: (t) => console.error(t) }, { base, head });
  const comparison = compareCommits(history, settings, { base, head, rules: config.metrics, excluded, machines: [] });
  console.error(`compared ${comparison.metrics.length} metrics: ${comparison.summary.verdict}`);
}

function indent(text: string): string {
  return text.trim().split('\n').map((l) => `      ${l}`).join('\n');
}

async function addRun(dir: string, index: number, metrics: number): Promise<number> {
  const { openResultsRepo } = await import('../../results/store/repo.ts');
  const { writeRun } = await import('../../results/store/write-run.ts');
  const run = makeRun(index, metrics);
  const repo = await openResultsRepo({ dir, branch: 'results' });
  const started = performance.now();
  await writeRun(repo, { files: [{ path: run.path, content: run.content }], message: `run ${index}` });
  return performance.now() - started;
}

function resetTip(dir: string, tip: string): void {
  execFileSync('git', ['-C', dir, 'update-ref', 'refs/heads/results', tip]);
}

async function measureBuild(runs: number, metrics: number): Promise<void> {
  const { dir, tip } = await history(runs, metrics);
  resetTip(dir, tip);
  const cache = join(dir, 'bench-cache');
  const site = join(dir, 'bench-site');
  rmSync(cache, { recursive: true, force: true });
  const target = TARGETS[`${runs}x${metrics}`];
  const cold = timeCli(['build', '--repo', dir, '--out', site, '--cache', cache], dir);
  console.log(`  cold build          ${cold.seconds.toFixed(1).padStart(6)} s   peak RSS ${cold.rssMb.toFixed(0).padStart(5)} MB${target ? `   (target ≤ ${target.cold} s, ≤ ${target.rssMb} MB)` : ''}\n${indent(cold.stderr)}`);
  try {
    await addRun(dir, runs, metrics);
    const again = timeCli(['build', '--repo', dir, '--out', site, '--cache', cache], dir);
    console.log(`  rebuild + 1 run     ${again.seconds.toFixed(1).padStart(6)} s   peak RSS ${again.rssMb.toFixed(0).padStart(5)} MB${target ? `   (target ≤ ${target.rebuild} s)` : ''}\n${indent(again.stderr)}`);
  } finally {
    resetTip(dir, tip);
  }
}

/** Commit, push, log, compare and export on a history of `runs` runs. */
async function measureOperations(runs: number, metrics: number): Promise<void> {
  const { dir, tip } = await history(runs, metrics);
  resetTip(dir, tip);
  const { startGitHttpServer } = await import('../helpers/git-http-server.ts');
  const server = await startGitHttpServer();
  try {
    const remote = join(server.root, 'remote.git');
    execFileSync('git', ['clone', '-q', '--bare', '--local', '--single-branch', '--branch', 'results', dir, remote]);
    execFileSync('git', ['-C', remote, 'config', 'http.receivepack', 'true']);
    execFileSync('git', ['-C', dir, 'update-ref', 'refs/remotes/pitwall/results', tip]);
    const { openResultsRepo } = await import('../../results/store/repo.ts');
    const { pushResults } = await import('../../results/store/push.ts');
    // Each run is committed and pushed as a runner does: a fresh process opens the repository each time.
    const commitMs: number[] = [];
    const pushMs: number[] = [];
    for (let k = 0; k < 5; k++) {
      commitMs.push(await addRun(dir, runs + k, metrics));
      const repo = await openResultsRepo({ dir, branch: 'results' });
      const started = performance.now();
      const pushed = await pushResults(repo, { remote: server.url('remote.git') });
      pushMs.push(performance.now() - started);
      if (pushed.pushed !== 1) throw new Error(`push ${k} delivered ${pushed.pushed} commits`);
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
    console.log(`  commit one run      ${median(commitMs).toFixed(0).padStart(6)} ms   (median of 5: ${commitMs.map((m) => m.toFixed(0)).join(', ')})`);
    console.log(`  push it             ${median(pushMs).toFixed(0).padStart(6)} ms   (median of 5: ${pushMs.map((m) => m.toFixed(0)).join(', ')}; target ≤ 150 ms)`);
    const startup = timeCli(['--help'], dir);
    const log = timeCli(['log', '--limit', '20'], dir);
    const commits = [0, Math.floor(runs / 2)].map((i) => i.toString(16).padStart(40, '0'));
    // The generated runs name commits that are not in the repository, which `pitwall compare`
    // resolves first; the child runs what compare does after that.
    rmSync(join(dir, '.git', 'pitwall-cache'), { recursive: true, force: true });
    const compareCold = timeChild(['--compare-child', dir, commits[0] as string, commits[1] as string], dir);
    const compare = timeChild(['--compare-child', dir, commits[0] as string, commits[1] as string], dir);
    const exported = timeCli(['export', '--metric', 'group-3/case-3', '--output', join(dir, 'bench-export.csv')], dir);
    console.log(`  node + CLI start    ${(startup.seconds * 1000).toFixed(0).padStart(6)} ms   peak RSS ${startup.rssMb.toFixed(0).padStart(5)} MB`);
    for (const [name, t] of [['log --limit 20', log], ['compare, cold cache', compareCold], ['compare two commits', compare], ['export --metric one', exported]] as const) {
      console.log(`  ${name.padEnd(20)}${(t.seconds * 1000).toFixed(0).padStart(6)} ms   peak RSS ${t.rssMb.toFixed(0).padStart(5)} MB`);
    }
  } finally {
    await server.stop();
    resetTip(dir, tip);
    execFileSync('git', ['-C', dir, 'update-ref', '-d', 'refs/remotes/pitwall/results']);
  }
}

if (process.argv[2] === '--compare-child') {
  await compareChild(process.argv[3] as string, process.argv[4] as string, process.argv[5] as string);
  process.exit(0);
}

// Arguments: [build|ops] [<runs>x<metrics>]...; nothing runs both parts on the default sizes.
const part = process.argv[2] === 'build' || process.argv[2] === 'ops' ? process.argv[2] : null;
const sizes = process.argv.slice(2).filter((a) => /^\d+x\d+$/.test(a));
const buildSizes = part === 'ops' ? [] : sizes.length > 0 ? sizes : ['2000x500', '3000x1000', '10000x1000'];
const operationSizes = part === 'build' || (part === null && sizes.length > 0) ? [] : sizes.length > 0 ? sizes : ['1000x1000', '10000x1000'];
console.log(`load: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
for (const size of buildSizes) {
  const [runs, metrics] = size.split('x').map(Number) as [number, number];
  console.log(`build, ${runs} runs × ${metrics} metrics = ${(runs * metrics / 1e6).toFixed(0)}M measurements`);
  await measureBuild(runs, metrics);
}
for (const size of operationSizes) {
  const [runs, metrics] = size.split('x').map(Number) as [number, number];
  console.log(`operations, ${runs} runs × ${metrics} metrics`);
  await measureOperations(runs, metrics);
}
