/**
 * `pitwall run` on a suite printing 1,000 metrics (5 samples each): wall time
 * and peak RSS of the whole command, and the same minus the suite's own time
 * (as recorded in the run). Median of 7 runs, after one warm-up run.
 * Run: node test/bench/runner.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../runner/cli.ts', import.meta.url));
const METRICS = 1000;
const RUNS = 7;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** Runs the CLI in a child that reports its own peak RSS. */
function runOnce(dir: string): Promise<{ wallMs: number; rssMb: number }> {
  const code = `const { main } = await import(${JSON.stringify(CLI)}); const rc = await main(['run', '--no-push']); process.stderr.write('\\nRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = rc;`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (rc) => {
      if (rc !== 0) return reject(new Error(`pitwall run exited ${rc}: ${err}`));
      resolve({ wallMs: performance.now() - started, rssMb: Number(/RSS (\d+)/.exec(err)?.[1]) / 1024 });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'pitwall-runner-bench-'));
try {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  mkdirSync(join(dir, 'bench'));
  const lines: string[] = [];
  for (let m = 0; m < METRICS; m++) lines.push(JSON.stringify({ metric: `group-${m % 25}/case-${m}`, samples: [1 + m / 1000, 1.01 + m / 1000, 0.99 + m / 1000, 1.02 + m / 1000, 1 + m / 1000], unit: 'ms' }));
  writeFileSync(join(dir, 'bench', 'out.jsonl'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'bench', 'suite.sh'), '#!/bin/sh\ncp "$1/bench/out.jsonl" "$2"\n');
  chmodSync(join(dir, 'bench', 'suite.sh'), 0o755);
  writeFileSync(join(dir, 'pitwall.yaml'), 'machine: bench\nsuites:\n  - name: many\n    script: bench/suite.sh\n');
  execFileSync('git', ['-C', dir, 'add', '-A']);
  execFileSync('git', ['-C', dir, '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'bench']);
  await runOnce(dir);
  const results: { wallMs: number; rssMb: number }[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await runOnce(dir));
  const suiteMs = execFileSync('git', ['-C', dir, 'grep', '-h', '"kind":"run"', 'results', '--', 'runs'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => (JSON.parse(l.replace(/^[^{]*/, '')) as { durationMs: number }).durationMs);
  const wall = median(results.map((r) => r.wallMs));
  const suite = median(suiteMs);
  console.log(`pitwall run, suite printing ${METRICS} metrics × 5 samples (median of ${RUNS}):`);
  console.log(`  wall time of the command        ${wall.toFixed(0)} ms (includes Node start-up and module loading)`);
  console.log(`  suite's own time (recorded)     ${suite.toFixed(0)} ms`);
  console.log(`  pitwall's time                  ${(wall - suite).toFixed(0)} ms`);
  console.log(`  peak RSS                        ${median(results.map((r) => r.rssMb)).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
