/**
 * Loading the whole history for analysis: 2,000 runs × 500 metrics
 * (1,000,000 measurements, 5 samples each) on a results branch built with git
 * fast-import. Prints, each in a fresh process so peak memory is its own:
 *   - the floor: native `git cat-file --batch` over every run blob + JSON.parse of every line
 *   - readHistory cold (no cache)  — target ≤ 2× the floor, peak RSS ≤ 1.5 GB
 *   - readHistory warm after one new run — target ≤ 1 s
 * Run: node test/bench/history.bench.ts [runs] [metrics]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastImport } from './fast-import.ts';
import { runPaths } from '../../results/layout.ts';
import { formatRunFile, SCHEMA_VERSION, type MeasurementRecord, type RunRecord } from '../../results/schema.ts';

const SELF = fileURLToPath(import.meta.url);

export function makeRun(index: number, metrics: number): { path: string; content: string; time: string } {
  const time = new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString();
  const commit = index.toString(16).padStart(40, '0');
  const paths = runPaths('bench-1', 'core', commit, time);
  const run: RunRecord = {
    schema: SCHEMA_VERSION, kind: 'run', run: paths.id, suite: 'core', machine: 'bench-1', commit, branch: 'main', time, status: 'ok',
    exitCode: 0, signal: null, error: null, durationMs: 5000, metrics, log: null,
    commitInfo: { subject: `change ${index}`, author: 'Dev <dev@example.com>', time, parents: [] },
    fingerprint: { id: 'fp', hostname: 'bench-1', cpuModel: 'cpu', cores: 8, memoryBytes: 1 << 30, arch: 'x64', os: 'linux', kernel: '6.1', node: 'v24', governor: 'performance', turbo: false, smt: false },
    suiteConfig: { command: 'bench', repeat: 5, warmup: 1, timeoutSeconds: 600, hash: 'h' },
    pitwall: '0.1.0',
  };
  const measurements: MeasurementRecord[] = [];
  for (let m = 0; m < metrics; m++) {
    const base = 1 + m / 10;
    const samples = [0, 1, 2, 3, 4].map((k) => Number((base * (1 + ((index * 31 + m * 7 + k * 13) % 17) / 1000)).toFixed(6)));
    measurements.push({ schema: SCHEMA_VERSION, kind: 'measurement', metric: `group-${m % 20}/case-${m}`, value: samples[2]!, unit: 'ms', direction: -1, samples, suite: 'core', machine: 'bench-1', commit, branch: 'main', time, run: paths.id });
  }
  return { path: paths.results, content: formatRunFile(run, measurements), time };
}

async function child(mode: string, dir: string): Promise<{ seconds: number; rssMb: number; detail: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--max-old-space-size=4096', SELF, '--child', mode, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${mode} exited ${code}`))));
  });
}

async function runChild(mode: string, dir: string): Promise<void> {
  const started = performance.now();
  let detail = '';
  if (mode === 'floor') {
    const oids = execFileSync('git', ['-C', dir, 'ls-tree', '-r', 'results'], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .split('\n').filter((l) => l.endsWith('.jsonl')).map((l) => l.split(/\s+/)[2]).join('\n') + '\n';
    const blobs = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input: oids, maxBuffer: 2 ** 32 });
    let at = 0;
    let lines = 0;
    while (at < blobs.length) {
      const headerEnd = blobs.indexOf(10, at);
      const size = Number(blobs.toString('latin1', at, headerEnd).split(' ')[2]);
      const text = blobs.toString('utf8', headerEnd + 1, headerEnd + 1 + size);
      for (const line of text.split('\n')) if (line !== '') { JSON.parse(line); lines++; }
      at = headerEnd + 1 + size + 1;
    }
    detail = `${lines} lines`;
  } else {
    const { openResultsRepo } = await import('../../results/store/repo.ts');
    const { readHistory } = await import('../../results/store/read-history.ts');
    const repo = await openResultsRepo({ dir, branch: 'results' });
    const history = await readHistory(repo, { mainBranch: 'main', cacheFile: mode === 'cold' ? null : join(dir, '.git', 'pitwall', 'history-cache.v8') });
    const measurements = history.runs.reduce((n, r) => n + r.metrics.length, 0);
    detail = `${history.runs.length} runs, ${measurements} measurements, parsed ${history.stats.parsed}, from cache ${history.stats.fromCache}`;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, rssMb: process.resourceUsage().maxRSS / 1024, detail }));
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 2000);
  const metrics = Number(process.argv[3] ?? 500);
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-history-bench-'));
  try {
    execFileSync('git', ['init', '-q', '-b', 'main', dir]);
    const setup = performance.now();
    await fastImport(dir, 'results', (function* () {
      for (let i = 0; i < runs; i++) {
        const run = makeRun(i, metrics);
        yield { time: run.time, message: `run ${i}`, files: [{ path: run.path, content: run.content }] };
      }
    })());
    execFileSync('git', ['-C', dir, 'gc', '-q']);
    console.log(`history: ${runs} runs × ${metrics} metrics = ${runs * metrics} measurements (set-up ${((performance.now() - setup) / 1000).toFixed(1)} s, packed)`);
    const floor = await child('floor', dir);
    console.log(`floor  git cat-file --batch + JSON.parse   ${floor.seconds.toFixed(2)} s   peak ${floor.rssMb.toFixed(0)} MB   (${floor.detail})`);
    const cold = await child('cold', dir);
    console.log(`cold   readHistory, no cache             ${cold.seconds.toFixed(2)} s   peak ${cold.rssMb.toFixed(0)} MB   ratio ${(cold.seconds / floor.seconds).toFixed(2)}× floor (target ≤ 2×, ≤ 1500 MB)`);
    const fill = await child('warm', dir);
    console.log(`fill   readHistory, writing the cache    ${fill.seconds.toFixed(2)} s   peak ${fill.rssMb.toFixed(0)} MB`);
    const { openResultsRepo } = await import('../../results/store/repo.ts');
    const { writeRun } = await import('../../results/store/write-run.ts');
    const extra = makeRun(runs, metrics);
    await writeRun(await openResultsRepo({ dir, branch: 'results' }), { files: [{ path: extra.path, content: extra.content }], message: 'one more run' });
    const warm = await child('warm', dir);
    console.log(`warm   readHistory after one new run     ${warm.seconds.toFixed(2)} s   peak ${warm.rssMb.toFixed(0)} MB   (${warm.detail}; target ≤ 1 s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await runChild(process.argv[3]!, process.argv[4]!);
else if (import.meta.main) await main();
